package io.cairn.server.core.apply;

import com.google.protobuf.MessageLite;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseGrantResponse;
import io.cairn.api.PutRequest;
import io.cairn.api.PutResponse;
import io.cairn.api.TxnRequest;
import io.cairn.api.TxnResponse;
import io.cairn.server.errors.EtcdError;
import java.util.function.Supplier;

/**
 * etcd's quotaApplierV3: a request that no longer fits this member's quota is still applied (the
 * members' states must not differ), but its client hears NOSPACE and the member raises its alarm.
 */
final class QuotaApplier extends RequestApplier.Decorator {
  private final BackendQuota quota;
  private final Runnable quotaExceeded;

  QuotaApplier(BackendQuota quota, Runnable quotaExceeded, RequestApplier next) {
    super(next);
    this.quota = quota;
    this.quotaExceeded = quotaExceeded;
  }

  @Override
  public PutResponse put(ApplyTxn t, PutRequest r) {
    return withinQuota(r, () -> super.put(t, r));
  }

  @Override
  public TxnResponse txn(ApplyTxn t, TxnRequest r) {
    return withinQuota(r, () -> super.txn(t, r));
  }

  @Override
  public LeaseGrantResponse leaseGrant(ApplyTxn t, LeaseGrantRequest r) {
    return withinQuota(r, () -> super.leaseGrant(t, r));
  }

  private <T> T withinQuota(MessageLite request, Supplier<T> apply) {
    boolean fits = quota.available(request);
    T response = apply.get();
    quota.charge(request);
    if (fits) {
      return response;
    }
    quotaExceeded.run();
    throw EtcdError.NO_SPACE.exception();
  }
}
