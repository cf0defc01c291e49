package io.cairn.server.lease;

/** This member's lessor does not decide expiry (it is not the leader's): ask the leader (etcd's ErrNotPrimary). */
public final class NotPrimaryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotPrimaryException() {
    super("not a primary lessor", null, false, false);
  }
}
