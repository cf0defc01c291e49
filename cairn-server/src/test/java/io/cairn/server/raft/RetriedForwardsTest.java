package io.cairn.server.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.retry.ClientRetryEvent;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.util.TimeDuration;
import org.apache.ratis.util.Timestamp;
import org.junit.jupiter.api.Test;

/** Only a proposal the client sent again counts as retried; its answer forgets it. */
class RetriedForwardsTest {
  private final RetriedForwards policy = new RetriedForwards(
      RetryPolicies.retryUpToMaximumCountWithFixedSleep(2,
          TimeDuration.valueOf(1, TimeUnit.MILLISECONDS)));

  @Test
  void aProposalSentAgainIsRememberedUntilItsAnswer() {
    Message proposal = Message.valueOf("put");

    assertThat(policy.handleAttemptFailure(failedAttempt(proposal, 1)).shouldRetry()).isTrue();

    assertThat(policy.forget(proposal)).isTrue();
    assertThat(policy.forget(proposal)).isFalse();
  }

  @Test
  void aProposalWithOneAttemptIsNotRetriedAndAnEqualOneIsAnother() {
    Message once = Message.valueOf("put");
    Message retried = Message.valueOf("put");
    policy.handleAttemptFailure(failedAttempt(retried, 1));

    assertThat(policy.forget(once)).isFalse();
  }

  @Test
  void anAttemptThePolicyGivesUpOnIsNoRetry() {
    Message proposal = Message.valueOf("put");

    assertThat(policy.handleAttemptFailure(failedAttempt(proposal, 2)).shouldRetry()).isFalse();
    assertThat(policy.forget(proposal)).isFalse();
  }

  private static ClientRetryEvent failedAttempt(Message message, int attempt) {
    RaftClientRequest request = RaftClientRequest.newBuilder()
        .setClientId(ClientId.randomId())
        .setServerId(RaftPeerId.valueOf("s1"))
        .setGroupId(RaftGroupId.randomId())
        .setCallId(1)
        .setMessage(message)
        .setType(RaftClientRequest.writeRequestType())
        .build();
    return new ClientRetryEvent(attempt, request, attempt, new IOException("timed out"),
        Timestamp.currentTime());
  }
}
