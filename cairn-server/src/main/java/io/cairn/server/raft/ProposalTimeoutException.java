package io.cairn.server.raft;

/**
 * The engine gave up delivering a proposal to a leader in time. The entry may still commit later;
 * the client is told its request timed out, as etcd does.
 */
public final class ProposalTimeoutException extends RuntimeException {
  public ProposalTimeoutException(Throwable cause) {
    super("proposal not accepted by a leader in time", cause, false, false);
  }
}
