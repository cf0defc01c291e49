package io.cairn.server.core.apply;

import io.cairn.server.auth.AuthInfo;
import io.cairn.server.backend.BatchTx;
import io.cairn.server.mvcc.WriteTxn;

/**
 * Where one request applies: its write transaction at the next revision, the entry's backend batch
 * for what lives beside the keys (leases, alarms, users), the entry's log index, and who asked.
 */
record ApplyTxn(WriteTxn txn, BatchTx batch, long index, AuthInfo who) {}
