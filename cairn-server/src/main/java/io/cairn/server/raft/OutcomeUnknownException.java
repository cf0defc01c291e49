package io.cairn.server.raft;

/**
 * The engine may have appended the entry, but cannot say whether it will commit: leadership was lost
 * after the append, or the leader did not answer in time. The entry must not be proposed again (it
 * could then apply twice); whoever waits for it learns the outcome from the apply, or times out, as
 * with etcd.
 */
public final class OutcomeUnknownException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OutcomeUnknownException(Throwable cause) {
    super("proposal outcome unknown: " + cause.getMessage(), cause, false, false);
  }
}
