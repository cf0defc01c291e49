package io.cairn.server.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.server.raft.RaftMembers;
import io.cairn.server.raft.RaftStatus;
import io.cairn.server.raft.UnsupportedRaftNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LeadershipHandOverTest {
  private static final long SELF = 1;

  @Test
  void theVoterWithTheMostOfTheLogTakesOver() throws InterruptedException {
    FakeRaft raft = new FakeRaft(true, Map.of(SELF, "a", 2L, "b", 3L, "c"), Map.of(2L, 40L, 3L, 42L));

    assertThat(handOver(raft)).hasValue(3);
    assertThat(raft.transfers).containsExactly(3L);
  }

  @Test
  void learnersAreNeverChosen() throws InterruptedException {
    FakeRaft raft = new FakeRaft(true, Map.of(SELF, "a"), Map.of(4L, 99L));

    assertThat(handOver(raft)).isEmpty();
    assertThat(raft.transfers).isEmpty();
  }

  @Test
  void aFollowerHasNothingToHandOver() throws InterruptedException {
    FakeRaft raft = new FakeRaft(false, Map.of(SELF, "a", 2L, "b"), Map.of(2L, 7L));

    assertThat(handOver(raft)).isEmpty();
    assertThat(raft.transfers).isEmpty();
  }

  @Test
  void aFailedOrSlowTransferIsGivenUpWithinTheTimeout() throws InterruptedException {
    FakeRaft failing = new FakeRaft(true, Map.of(SELF, "a", 2L, "b"), Map.of(2L, 7L));
    failing.outcome = CompletableFuture.failedFuture(new IllegalStateException("timed out"));
    assertThat(handOver(failing)).isEmpty();

    FakeRaft hanging = new FakeRaft(true, Map.of(SELF, "a", 2L, "b"), Map.of(2L, 7L));
    hanging.outcome = new CompletableFuture<>();
    long started = System.nanoTime();
    assertThat(handOver(hanging)).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void unknownMatchIndexesLoseToKnownOnes() {
    assertThat(LeadershipHandOver.mostUpToDate(Map.of(2L, -1L, 3L, 0L))).hasValue(3);
    assertThat(LeadershipHandOver.mostUpToDate(Map.of())).isEmpty();
  }

  private static OptionalLong handOver(FakeRaft raft) throws InterruptedException {
    return new LeadershipHandOver(raft, SELF, Duration.ofMillis(200)).run();
  }

  /** Consensus as the hand-over sees it; the rest is not called. */
  private static final class FakeRaft extends UnsupportedRaftNode {
    private final boolean leader;
    private final Map<Long, String> voters;
    private final Map<Long, Long> matchIndexes;
    final List<Long> transfers = new ArrayList<>();
    CompletableFuture<Void> outcome = CompletableFuture.completedFuture(null);

    FakeRaft(boolean leader, Map<Long, String> voters, Map<Long, Long> matchIndexes) {
      this.leader = leader;
      this.voters = voters;
      this.matchIndexes = matchIndexes;
    }

    @Override
    public RaftStatus status() {
      return new RaftStatus(leader ? SELF : 2, 3, 42, 42, leader);
    }

    @Override
    public RaftMembers members() {
      return new RaftMembers(voters, Map.of(4L, "d"));
    }

    @Override
    public long matchIndex(long memberId) {
      return matchIndexes.getOrDefault(memberId, -1L);
    }

    @Override
    public CompletableFuture<Void> transferLeadership(long memberId, long timeoutMs) {
      transfers.add(memberId);
      return outcome;
    }
  }
}
