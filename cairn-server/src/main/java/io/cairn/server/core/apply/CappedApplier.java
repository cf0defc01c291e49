package io.cairn.server.core.apply;

import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseGrantResponse;
import io.cairn.api.PutRequest;
import io.cairn.api.PutResponse;
import io.cairn.api.TxnRequest;
import io.cairn.api.TxnResponse;

/**
 * etcd's applierV3Capped: while a NOSPACE alarm is raised, what would store more (a put, a
 * transaction with puts at its top level, a lease grant) is refused; deletes, compaction and a
 * resign's delete-only transaction still go through, as they free space.
 */
final class CappedApplier extends RequestApplier.Decorator {
  private final Alarms alarms;

  CappedApplier(Alarms alarms, RequestApplier next) {
    super(next);
    this.alarms = alarms;
  }

  @Override
  public PutResponse put(ApplyTxn t, PutRequest r) {
    alarms.checkWritable();
    return super.put(t, r);
  }

  @Override
  public TxnResponse txn(ApplyTxn t, TxnRequest r) {
    if (BackendQuota.cost(r) > 0) {
      alarms.checkWritable();
    }
    return super.txn(t, r);
  }

  @Override
  public LeaseGrantResponse leaseGrant(ApplyTxn t, LeaseGrantRequest r) {
    alarms.checkWritable();
    return super.leaseGrant(t, r);
  }
}
