package io.cairn.server.raft;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.ratis.client.retry.ClientRetryEvent;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.retry.RetryPolicy;

/**
 * The forwarder's retry policy, remembering which proposals it sent more than once. A leader that
 * is handing over refuses writes with {@code LeaderSteppingDownException} before it looks at its
 * log or retry cache, and Ratis's client does not retry that; so the refusal proves the proposal
 * was not appended only when it answered the proposal's one and only attempt.
 */
final class RetriedForwards implements RetryPolicy {
  private final RetryPolicy policy;
  /** Keyed by identity: each proposal's message object travels in every attempt's request. */
  private final Set<Message> retried = Collections.synchronizedSet(
      Collections.newSetFromMap(new IdentityHashMap<>()));

  RetriedForwards(RetryPolicy policy) {
    this.policy = policy;
  }

  @Override
  public Action handleAttemptFailure(Event event) {
    Action action = policy.handleAttemptFailure(event);
    if (action.shouldRetry() && event instanceof ClientRetryEvent e) {
      retried.add(e.getRequest().getMessage());
    }
    return action;
  }

  /** Forgets a proposal that has its answer; true if it was sent more than once. */
  boolean forget(Message proposal) {
    return retried.remove(proposal);
  }

  @Override
  public String toString() {
    return "RetriedForwards(" + policy + ")";
  }
}
