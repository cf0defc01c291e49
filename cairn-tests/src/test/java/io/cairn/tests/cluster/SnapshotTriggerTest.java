package io.cairn.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.RangeRequest;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.InProcessCluster;
import io.cairn.tests.support.RaftFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every member snapshots every --snapshot-count requests (not log entries, which carry batches),
 * copying the store beside the apply thread and publishing the copy once synced (also on a member
 * gone quiet), so its Raft log is purged behind it; a member restarted afterwards serves every key.
 */
class SnapshotTriggerTest {
  private static final Pattern SNAPSHOT = Pattern.compile("snapshot\\.\\d+_(\\d+)");
  /** A copy being taken (RocksDB's own staging directory adds a second suffix) or not published. */
  private static final Pattern WRITTEN = Pattern.compile("snapshot\\.\\d+_(\\d+)\\.tmp(\\.tmp)?");
  /** One request per entry: the puts are sent one after another. */
  private static final int PUTS = 600;
  private static final int SNAPSHOT_COUNT = 100;

  @ParameterizedTest(name = "{0} member(s)")
  @ValueSource(ints = {1, 3})
  void everyMemberSnapshotsEverySnapshotCountRequests(int members, @TempDir Path tmp)
      throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(members, tmp,
        "--snapshot-count=" + SNAPSHOT_COUNT)) {
      int leader = cluster.leader();
      try (EtcdClients c = EtcdClients.of(cluster.flags(leader))) {
        for (int i = 0; i < PUTS; i++) {
          c.put("k" + i, "v" + i);
        }
      }
      for (int m = 0; m < members; m++) {
        int member = m;
        // one at a time, each published at the member's next tick: the newest is at most two
        // counts behind
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(newestSnapshotIndex(cluster.dataDir(member))).as("member %s", member)
                .isGreaterThanOrEqualTo(PUTS - 2 * SNAPSHOT_COUNT));
      }

      int restarted = (leader + members - 1) % members;
      cluster.kill(restarted);
      cluster.restart(restarted);
      try (EtcdClients c = EtcdClients.of(cluster.flags(restarted))) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(c.kv().range(
            RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("k"))
                .setRangeEnd(ByteString.copyFromUtf8("l")).setCountOnly(true)
                .setSerializable(true).build()).getCount()).isEqualTo(PUTS));
      }
    }
  }

  /**
   * Requests sent together share log entries; the count is of requests, as etcd's (whose entries
   * carry one each), so snapshots come as often as etcd's would, not eight times more rarely.
   */
  @Test
  void theCountIsOfRequestsNotOfTheEntriesCarryingThem(@TempDir Path tmp) throws Exception {
    int clients = 64;
    int rounds = 40;
    int snapshotCount = 256;
    try (InProcessCluster cluster = InProcessCluster.start(1, tmp,
        "--snapshot-count=" + snapshotCount);
        EtcdClients c = EtcdClients.of(cluster.flags(0))) {
      Path member = cluster.dataDir(0);
      java.util.Set<Long> seen = new java.util.TreeSet<>();
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(clients);
      try {
        for (int r = 0; r < rounds; r++) {
          int round = r;
          java.util.List<java.util.concurrent.Future<?>> puts = new java.util.ArrayList<>();
          for (int i = 0; i < clients; i++) {
            int client = i;
            puts.add(pool.submit(() -> c.put("k" + round + "/" + client, "v")));
          }
          for (java.util.concurrent.Future<?> f : puts) {
            f.get(30, java.util.concurrent.TimeUnit.SECONDS);
          }
          // a snapshot started in this round (its copy's thread creates the directory) is
          // published by the member's tick
          Thread.sleep(200); // pacing: the copy's thread creates its directory a moment later
          long deadline = System.nanoTime() + 5_000_000_000L;
          while (writtenSnapshotIndex(member) >= 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
          }
          long newest = newestSnapshotIndex(member);
          if (newest >= 0) {
            seen.add(newest);
          }
        }
      } finally {
        pool.shutdownNow();
      }
      long entries = newestSnapshotIndex(member);
      int requests = clients * rounds;
      assertThat(entries).as("requests sent together shared entries (%s requests)", requests)
          .isLessThan(requests / 2);
      // 2,560 requests: a snapshot every 256 makes ten; counting entries, fewer than five
      assertThat(seen).as("snapshots published, by index").hasSizeGreaterThanOrEqualTo(8);
    }
  }

  /**
   * A snapshot whose copy began after the last entry: Ratis makes it the latest only when asked
   * for a snapshot, and no entry comes; the member's tick asks.
   */
  @Test
  void aSnapshotWrittenAfterTheLastEntryIsPublishedOnAQuietMember(@TempDir Path tmp)
      throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(1, tmp, "--snapshot-count=50")) {
      Path member = cluster.dataDir(0);
      long pending = -1;
      try (EtcdClients c = EtcdClients.of(cluster.flags(0))) {
        for (int i = 0; i < 1_000 && pending < 0; i++) {
          c.put("k" + i, "v" + i);
          Thread.sleep(20); // the snapshot Ratis begins after this entry is written by now
          pending = writtenSnapshotIndex(member);
        }
      }
      assertThat(pending).as("a snapshot begun after the last put").isPositive();
      long written = pending;
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(newestSnapshotIndex(member)).isGreaterThanOrEqualTo(written));
      assertThat(writtenSnapshotIndex(member)).isNegative();
    }
  }

  /** The index of a snapshot being written or not yet made the latest (its temporary name), or -1. */
  private static long writtenSnapshotIndex(Path dataDir) {
    return maxIndex(dataDir, WRITTEN);
  }

  private static long newestSnapshotIndex(Path dataDir) {
    return maxIndex(dataDir, SNAPSHOT);
  }

  private static long maxIndex(Path dataDir, Pattern name) {
    return RaftFiles.names(dataDir).stream().map(name::matcher).filter(Matcher::matches)
        .mapToLong(m -> Long.parseLong(m.group(1))).max().orElse(-1);
  }
}
