package io.cairn.server.embed;

import io.cairn.server.raft.RaftNode;
import io.cairn.server.raft.RaftStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stopping leader's hand-over, as etcd's {@code EtcdServer.TransferLeadership}: the cluster gets a
 * leader within a round trip instead of after an election timeout. The transferee is the voter with
 * the most of the log, so it needs the fewest entries before the engine lets it campaign.
 */
final class LeadershipHandOver {
  private static final Logger LOG = LoggerFactory.getLogger(LeadershipHandOver.class);

  private final RaftNode raft;
  private final long localId;
  private final Duration timeout;

  LeadershipHandOver(RaftNode raft, long localId, Duration timeout) {
    this.raft = raft;
    this.localId = localId;
    this.timeout = timeout;
  }

  /**
   * Hands leadership over if this member leads and another member votes, waiting at most the
   * timeout. Returns the member that took over, or empty if none is known to have: once the
   * transferee was told to campaign it may still win after the wait, so the stop goes on either way.
   */
  OptionalLong run() throws InterruptedException {
    RaftStatus status = raft.status();
    if (!status.isLeader()) {
      LOG.info("skipped leadership transfer: not the leader (leader={})",
          Long.toHexString(status.leaderId()));
      return OptionalLong.empty();
    }
    Map<Long, Long> matchIndexes = new HashMap<>();
    for (long voter : raft.members().voters().keySet()) {
      if (voter != localId) {
        matchIndexes.put(voter, raft.matchIndex(voter));
      }
    }
    OptionalLong transferee = mostUpToDate(matchIndexes);
    if (transferee.isEmpty()) {
      LOG.info("skipped leadership transfer: no other voting member");
      return OptionalLong.empty();
    }
    long to = transferee.getAsLong();
    long started = System.nanoTime();
    LOG.info("transferring leadership to {} (match index {}, own commit index {}, timeout {} ms)",
        Long.toHexString(to), matchIndexes.get(to), status.commitIndex(), timeout.toMillis());
    try {
      // asked from another thread: the engine's call can block on its own lock (a leader stepping
      // down holds it), and the wait must stay bounded whatever the engine does
      CompletableFuture.supplyAsync(() -> raft.transferLeadership(to, timeout.toMillis()))
          .thenCompose(f -> f).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("leadership transfer to {} not confirmed after {} ms: {}", Long.toHexString(to),
          millisSince(started), (e instanceof ExecutionException ? e.getCause() : e).toString());
      return OptionalLong.empty();
    }
    LOG.info("transferred leadership to {} in {} ms", Long.toHexString(to), millisSince(started));
    return transferee;
  }

  /** The voter with the highest match index (unknown ones are -1), or empty if there is none. */
  static OptionalLong mostUpToDate(Map<Long, Long> matchIndexByVoter) {
    return matchIndexByVoter.entrySet().stream()
        .max(Map.Entry.<Long, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .map(e -> OptionalLong.of(e.getKey()))
        .orElse(OptionalLong.empty());
  }

  static long millisSince(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
