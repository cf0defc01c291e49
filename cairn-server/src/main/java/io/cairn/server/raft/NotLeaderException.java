package io.cairn.server.raft;

/** This member is not the leader; {@code leaderId} is the one it knows of, or 0. */
public final class NotLeaderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long leaderId;

  public NotLeaderException(long leaderId) {
    super("not leader; leader is " + Long.toHexString(leaderId), null, false, false);
    this.leaderId = leaderId;
  }

  public long leaderId() {
    return leaderId;
  }
}
