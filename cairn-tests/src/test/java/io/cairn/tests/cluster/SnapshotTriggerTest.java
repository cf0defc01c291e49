package io.cairn.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.RangeRequest;
import io.cairn.api.StatusRequest;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.InProcessCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every member snapshots every --snapshot-count requests, as etcd does, so its Raft log is purged
 * behind the snapshot. Concurrent clients' requests share log entries (a batch per entry), and a
 * trigger counting entries alone snapshotted several times less often than etcd.
 */
class SnapshotTriggerTest {
  private static final Pattern SNAPSHOT = Pattern.compile("snapshot\\.\\d+_(\\d+)");
  private static final int PUTS = 2_000;
  private static final int CLIENTS = 32;
  /** More than the log entries the puts take (a few requests share each), fewer than the puts. */
  private static final int SNAPSHOT_COUNT = 1_000;

  @ParameterizedTest(name = "{0} member(s)")
  @ValueSource(ints = {1, 3})
  void everyMemberSnapshotsEverySnapshotCountRequests(int members, @TempDir Path tmp)
      throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(members, tmp,
        "--snapshot-count=" + SNAPSHOT_COUNT)) {
      int leader = cluster.leader();
      long entries;
      try (EtcdClients c = EtcdClients.of(cluster.flags(leader))) {
        long before = c.maintenance().status(StatusRequest.getDefaultInstance()).getRaftIndex();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
          List<Future<?>> done = new ArrayList<>();
          for (int t = 0; t < CLIENTS; t++) {
            int first = t;
            done.add(clients.submit(() -> {
              for (int i = first; i < PUTS; i += CLIENTS) {
                c.put("k" + i, "v" + i);
              }
            }));
          }
          for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
          }
        } finally {
          clients.shutdownNow();
        }
        entries = c.maintenance().status(StatusRequest.getDefaultInstance()).getRaftIndex() - before;
      }
      for (int m = 0; m < members; m++) {
        int member = m;
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(newestSnapshotIndex(cluster.dataDir(member))).as("member %s, %s requests in "
                + "%s log entries", member, PUTS, entries).isNotNegative());
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

  private static long newestSnapshotIndex(Path dataDir) throws IOException {
    try (Stream<Path> files = Files.walk(dataDir.resolve("member").resolve("raft"))) {
      return files.map(p -> SNAPSHOT.matcher(p.getFileName().toString()))
          .filter(Matcher::matches).mapToLong(m -> Long.parseLong(m.group(1))).max().orElse(-1);
    }
  }
}
