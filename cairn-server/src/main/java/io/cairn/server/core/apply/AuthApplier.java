package io.cairn.server.core.apply;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.DeleteRangeResponse;
import io.cairn.api.LeaseRevokeRequest;
import io.cairn.api.LeaseRevokeResponse;
import io.cairn.api.PutRequest;
import io.cairn.api.PutResponse;
import io.cairn.api.TxnRequest;
import io.cairn.api.TxnResponse;
import io.cairn.api.internal.InternalRaftRequest;
import io.cairn.server.auth.AuthInfo;
import io.cairn.server.auth.AuthStore;
import io.cairn.server.lease.Lessor;

/**
 * etcd's authApplierV3: every write is checked against the permissions of the user who asked, at
 * the auth revision the proposing member saw, on every member alike. Auth changes need root,
 * except that users may read themselves and the roles they have.
 */
final class AuthApplier extends RequestApplier.Decorator {
  private final AuthStore auth;
  private final Lessor lessor;

  AuthApplier(AuthStore auth, Lessor lessor, RequestApplier next) {
    super(next);
    this.auth = auth;
    this.lessor = lessor;
  }

  @Override
  public PutResponse put(ApplyTxn t, PutRequest r) {
    auth.checkPut(t.who(), r.getKey());
    checkLeasePuts(t.who(), r.getLease());
    if (r.getPrevKv()) {
      auth.checkRange(t.who(), r.getKey(), ByteString.EMPTY);
    }
    return super.put(t, r);
  }

  @Override
  public DeleteRangeResponse deleteRange(ApplyTxn t, DeleteRangeRequest r) {
    checkDelete(t.who(), r);
    return super.deleteRange(t, r);
  }

  @Override
  public TxnResponse txn(ApplyTxn t, TxnRequest r) {
    auth.checkTxn(t.who(), r);
    return super.txn(t, r);
  }

  @Override
  public LeaseRevokeResponse leaseRevoke(ApplyTxn t, LeaseRevokeRequest r) {
    checkLeasePuts(t.who(), r.getID());
    return super.leaseRevoke(t, r);
  }

  @Override
  public MessageLite auth(ApplyTxn t, InternalRaftRequest r) {
    AuthInfo who = t.who();
    switch (r.getRequestCase()) {
      case AUTH_USER_GET -> {
        if (!r.getAuthUserGet().getName().equals(who.username())) {
          auth.checkAdmin(who);
        }
      }
      case AUTH_ROLE_GET -> {
        if (!auth.hasRole(who.username(), r.getAuthRoleGet().getRole())) {
          auth.checkAdmin(who);
        }
      }
      default -> {
        if (AuthStore.needsAdmin(r)) {
          auth.checkAdmin(who);
        }
      }
    }
    return super.auth(t, r);
  }

  private void checkDelete(AuthInfo who, DeleteRangeRequest r) {
    auth.checkDeleteRange(who, r.getKey(), r.getRangeEnd());
    if (r.getPrevKv()) {
      auth.checkRange(who, r.getKey(), r.getRangeEnd());
    }
  }

  /** Revoking a lease, or moving a key to it, writes every key attached to it. */
  private void checkLeasePuts(AuthInfo who, long lease) {
    if (lease == 0 || !auth.enabled()) {
      return;
    }
    for (ByteString key : lessor.keys(lease)) {
      auth.checkPut(who, key);
    }
  }
}
