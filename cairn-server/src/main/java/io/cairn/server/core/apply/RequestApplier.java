package io.cairn.server.core.apply;

import com.google.protobuf.MessageLite;
import io.cairn.api.AlarmRequest;
import io.cairn.api.AlarmResponse;
import io.cairn.api.CompactionRequest;
import io.cairn.api.CompactionResponse;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.DeleteRangeResponse;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseGrantResponse;
import io.cairn.api.LeaseRevokeRequest;
import io.cairn.api.LeaseRevokeResponse;
import io.cairn.api.PutRequest;
import io.cairn.api.PutResponse;
import io.cairn.api.TxnRequest;
import io.cairn.api.TxnResponse;
import io.cairn.api.internal.InternalRaftRequest;

/**
 * What one replicated request does to the state (etcd's applierV3). The state applier is the last of
 * a chain of {@link Decorator}s, each owning one concern (auth, a corrupt member, a full backend,
 * the quota), so a new concern is one more decorator. A refusal is an {@code EtcdException}.
 */
interface RequestApplier {
  PutResponse put(ApplyTxn t, PutRequest r);

  DeleteRangeResponse deleteRange(ApplyTxn t, DeleteRangeRequest r);

  TxnResponse txn(ApplyTxn t, TxnRequest r);

  CompactionResponse compaction(ApplyTxn t, CompactionRequest r);

  LeaseGrantResponse leaseGrant(ApplyTxn t, LeaseGrantRequest r);

  LeaseRevokeResponse leaseRevoke(ApplyTxn t, LeaseRevokeRequest r);

  AlarmResponse alarm(ApplyTxn t, AlarmRequest r);

  /** A change to, or a question for, the auth store (etcd's Auth*, User* and Role* requests). */
  MessageLite auth(ApplyTxn t, InternalRaftRequest r);

  /** Passes every request on to the next applier; a decorator overrides what it checks. */
  abstract class Decorator implements RequestApplier {
    private final RequestApplier next;

    Decorator(RequestApplier next) {
      this.next = next;
    }

    @Override
    public PutResponse put(ApplyTxn t, PutRequest r) {
      return next.put(t, r);
    }

    @Override
    public DeleteRangeResponse deleteRange(ApplyTxn t, DeleteRangeRequest r) {
      return next.deleteRange(t, r);
    }

    @Override
    public TxnResponse txn(ApplyTxn t, TxnRequest r) {
      return next.txn(t, r);
    }

    @Override
    public CompactionResponse compaction(ApplyTxn t, CompactionRequest r) {
      return next.compaction(t, r);
    }

    @Override
    public LeaseGrantResponse leaseGrant(ApplyTxn t, LeaseGrantRequest r) {
      return next.leaseGrant(t, r);
    }

    @Override
    public LeaseRevokeResponse leaseRevoke(ApplyTxn t, LeaseRevokeRequest r) {
      return next.leaseRevoke(t, r);
    }

    @Override
    public AlarmResponse alarm(ApplyTxn t, AlarmRequest r) {
      return next.alarm(t, r);
    }

    @Override
    public MessageLite auth(ApplyTxn t, InternalRaftRequest r) {
      return next.auth(t, r);
    }
  }
}
