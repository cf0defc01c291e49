package io.cairn.server.core.apply;

import io.cairn.api.CompactionRequest;
import io.cairn.api.CompactionResponse;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.DeleteRangeResponse;
import io.cairn.api.PutRequest;
import io.cairn.api.PutResponse;
import io.cairn.api.TxnRequest;
import io.cairn.api.TxnResponse;

/**
 * etcd's applierV3Corrupt: while a CORRUPT alarm is raised no key changes, so the damage spreads no
 * further; alarms still apply, so that it can be cleared once the member is replaced.
 */
final class CorruptApplier extends RequestApplier.Decorator {
  private final Alarms alarms;

  CorruptApplier(Alarms alarms, RequestApplier next) {
    super(next);
    this.alarms = alarms;
  }

  @Override
  public PutResponse put(ApplyTxn t, PutRequest r) {
    alarms.checkNotCorrupt();
    return super.put(t, r);
  }

  @Override
  public DeleteRangeResponse deleteRange(ApplyTxn t, DeleteRangeRequest r) {
    alarms.checkNotCorrupt();
    return super.deleteRange(t, r);
  }

  @Override
  public TxnResponse txn(ApplyTxn t, TxnRequest r) {
    alarms.checkNotCorrupt();
    return super.txn(t, r);
  }

  @Override
  public CompactionResponse compaction(ApplyTxn t, CompactionRequest r) {
    alarms.checkNotCorrupt();
    return super.compaction(t, r);
  }
}
