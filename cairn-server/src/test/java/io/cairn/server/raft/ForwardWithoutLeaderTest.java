package io.cairn.server.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member that knows no leader refuses a proposal before any append, at once, so the proposer
 * tries again shortly; it used to hand the proposal to a Ratis client that tried the other members
 * until its retries ran out (the request timeout, 7 s here) and then reported an unknown outcome.
 */
class ForwardWithoutLeaderTest {
  @Test
  void aMemberThatKnowsNoLeaderRefusesAProposalAtOnce(@TempDir Path dir) throws Exception {
    // one member of three, the other two never started: it campaigns and cannot win
    List<RaftPeerAddress> peers = List.of(new RaftPeerAddress(1, "127.0.0.1", freePort()),
        new RaftPeerAddress(2, "127.0.0.1", freePort()), new RaftPeerAddress(3, "127.0.0.1", freePort()));
    RaftSettings settings = new RaftSettings(dir, 1, peers, "forward-without-leader", 100, 1000,
        true, 10_000, false, new RaftSettings.ListenAddress("127.0.0.1", peers.get(0).port()),
        Optional.empty());
    RatisRaftNode node = new RatisRaftNode(settings, new NothingApplied(), new NoTimings());
    try {
      node.start();
      long started = System.nanoTime();
      Throwable refusal = null;
      try {
        node.propose(new byte[] {1}).get(settings.requestTimeoutMs() * 2, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        refusal = e.getCause();
      }
      assertThat(refusal).isInstanceOf(NotLeaderException.class);
      assertThat(((NotLeaderException) refusal).leaderId()).isZero();
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1000);
    } finally {
      node.close();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An empty state that applies nothing (nothing is ever committed here). */
  private static final class NothingApplied implements EntryApplier {
    @Override
    public long appliedTerm() {
      return 0;
    }

    @Override
    public long appliedIndex() {
      return -1;
    }

    @Override
    public int apply(long term, long index, byte[] entry) {
      return 0;
    }

    @Override
    public Position checkpoint(java.nio.file.Path dir) {
      throw new UnsupportedOperationException("nothing is ever applied here");
    }

    @Override
    public void restoreSnapshot(java.nio.file.Path snapshot, long index) {}

    @Override
    public boolean stateBeforeLog() {
      return false;
    }

    @Override
    public void snapshotTaken() {}

    @Override
    public boolean restoreInterrupted() {
      return false;
    }

    @Override
    public byte[] answerAsLeader(byte[] question) {
      return new byte[0];
    }

    @Override
    public byte[] answerAsMember(byte[] question) {
      return new byte[0];
    }

    @Override
    public void leaderChanged(long leaderId, long term, boolean local) {}

    @Override
    public void engineStopped() {}
  }

  private static final class NoTimings implements RaftTimings {
    @Override
    public void logSynced(long nanos) {}

    @Override
    public void heartbeatAnswered(long memberId, long nanos) {}
  }
}
