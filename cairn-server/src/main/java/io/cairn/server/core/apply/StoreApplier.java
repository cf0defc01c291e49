package io.cairn.server.core.apply;

import com.google.protobuf.ByteString;
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
import io.cairn.api.ResponseHeader;
import io.cairn.api.TxnRequest;
import io.cairn.api.TxnResponse;
import io.cairn.api.internal.InternalRaftRequest;
import io.cairn.server.auth.AuthStore;
import io.cairn.server.lease.Lessor;
import io.cairn.server.mvcc.KvStore;

/**
 * The end of the chain (etcd's applierV3backend): the request's effect on keys, leases, alarms and
 * the auth store.
 */
final class StoreApplier implements RequestApplier {
  private final KvStore store;
  private final Lessor lessor;
  private final Alarms alarms;
  private final KvOps kvOps;
  private final AuthStore auth;

  StoreApplier(KvStore store, Lessor lessor, Alarms alarms, KvOps kvOps, AuthStore auth) {
    this.auth = auth;
    this.store = store;
    this.lessor = lessor;
    this.alarms = alarms;
    this.kvOps = kvOps;
  }

  @Override
  public PutResponse put(ApplyTxn t, PutRequest r) {
    return kvOps.put(t.txn(), r);
  }

  @Override
  public DeleteRangeResponse deleteRange(ApplyTxn t, DeleteRangeRequest r) {
    return kvOps.deleteRange(t.txn(), r);
  }

  @Override
  public TxnResponse txn(ApplyTxn t, TxnRequest r) {
    return kvOps.writeTxn(t.txn(), r);
  }

  @Override
  public CompactionResponse compaction(ApplyTxn t, CompactionRequest r) {
    store.compact(r.getRevision(), t.txn().currentRevision(), t.batch());
    return CompactionResponse.newBuilder().setHeader(header(t)).build();
  }

  @Override
  public LeaseGrantResponse leaseGrant(ApplyTxn t, LeaseGrantRequest r) {
    long ttl = lessor.grant(r.getID(), r.getTTL(), t.batch());
    return LeaseGrantResponse.newBuilder().setHeader(header(t)).setID(r.getID()).setTTL(ttl)
        .build();
  }

  @Override
  public LeaseRevokeResponse leaseRevoke(ApplyTxn t, LeaseRevokeRequest r) {
    for (ByteString key : lessor.revoke(r.getID(), t.batch())) {
      t.txn().deleteRange(key, ByteString.EMPTY, false);
    }
    return LeaseRevokeResponse.newBuilder().setHeader(header(t)).build();
  }

  @Override
  public MessageLite auth(ApplyTxn t, InternalRaftRequest r) {
    return auth.apply(r, t.index(), t.batch());
  }

  @Override
  public AlarmResponse alarm(ApplyTxn t, AlarmRequest r) {
    return alarms.apply(r, t.batch()); // no header: etcd 3.4 answers alarms without one
  }

  private static ResponseHeader.Builder header(ApplyTxn t) {
    return ResponseHeader.newBuilder().setRevision(t.txn().currentRevision());
  }
}
