package io.cairn.server.core.apply;

import io.cairn.server.backend.BatchTx;
import io.cairn.server.mvcc.WriteTxn;

/**
 * Where one request applies: its write transaction at the next revision, and the entry's backend
 * batch for what lives beside the keys (leases, alarms, compaction marks).
 */
record ApplyTxn(WriteTxn txn, BatchTx batch) {}
