package io.cairn.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.RangeRequest;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.InProcessCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every member snapshots every --snapshot-count log entries, writing the snapshot beside the apply
 * thread and publishing it once synced (also on a member gone quiet), so its Raft log is purged
 * behind it; a member restarted afterwards serves every key.
 */
class SnapshotTriggerTest {
  private static final Pattern SNAPSHOT = Pattern.compile("snapshot\\.\\d+_(\\d+)");
  private static final Pattern WRITTEN = Pattern.compile("snapshot\\.\\d+_(\\d+)\\.tmp");
  /** One request per entry: the puts are sent one after another. */
  private static final int PUTS = 600;
  private static final int SNAPSHOT_COUNT = 100;

  @ParameterizedTest(name = "{0} member(s)")
  @ValueSource(ints = {1, 3})
  void everyMemberSnapshotsEverySnapshotCountEntries(int members, @TempDir Path tmp)
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
        // the last one may have been taken after the last put, when no entry makes Ratis call again
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(newestSnapshotIndex(cluster.dataDir(member))).as("member %s", member)
                .isGreaterThanOrEqualTo(PUTS - SNAPSHOT_COUNT));
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
   * A snapshot whose writing began after the last entry: Ratis would make it the latest only at
   * its next call, as entries are applied, and none come; the member's tick asks for that call.
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
          assertThat(newestSnapshotIndex(member)).isEqualTo(written));
      assertThat(writtenSnapshotIndex(member)).isNegative();
    }
  }

  /** The index of a snapshot written but not yet made the latest (its temporary file), or -1. */
  private static long writtenSnapshotIndex(Path dataDir) throws IOException {
    try (Stream<Path> files = Files.walk(dataDir.resolve("member").resolve("raft"))) {
      return files.map(p -> WRITTEN.matcher(p.getFileName().toString()))
          .filter(Matcher::matches).mapToLong(m -> Long.parseLong(m.group(1))).max().orElse(-1);
    }
  }

  private static long newestSnapshotIndex(Path dataDir) throws IOException {
    try (Stream<Path> files = Files.walk(dataDir.resolve("member").resolve("raft"))) {
      return files.map(p -> SNAPSHOT.matcher(p.getFileName().toString()))
          .filter(Matcher::matches).mapToLong(m -> Long.parseLong(m.group(1))).max().orElse(-1);
    }
  }
}
