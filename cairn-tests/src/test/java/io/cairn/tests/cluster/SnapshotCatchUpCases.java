package io.cairn.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.HashKVRequest;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.ClusterFixture;
import io.cairn.tests.support.RaftFiles;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member that was down while the others wrote far past --snapshot-count (so the leader purged the
 * log it missed) catches up by snapshot installation, ends with the same HashKV, and serves the keys.
 */
abstract class SnapshotCatchUpCases {

  /** Starts the cluster under test: in this JVM or one process per member. */
  abstract ClusterFixture startCluster(int n, Path dir, String... flags);

  static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  @Test
  void laggingMemberCatchesUpFromASnapshot(@TempDir Path tmp) throws Exception {
    try (ClusterFixture cluster = startCluster(3, tmp, "--snapshot-count=200")) {
      int leader = cluster.leader();
      int lagging = (leader + 1) % 3;
      cluster.kill(lagging);
      long lastRev = 0;
      try (EtcdClients c = new EtcdClients(cluster.flags(leader).host(),
          cluster.flags(leader).clientPort())) {
        // 2,000 puts of 8 KiB: 16 MiB of log, past one 8 MiB Raft log segment
        String pad = "x".repeat(8192);
        for (int i = 0; i < 2000; i++) {
          lastRev = c.kv().put(PutRequest.newBuilder().setKey(bs("k" + (i % 300)))
              .setValue(bs("v" + i + pad)).build()).getHeader().getRevision();
        }
      }
      // it took about ten, and keeps the newest two
      await().atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(snapshotFiles(cluster.dataDir(leader))).isEqualTo(2));

      cluster.restart(lagging);
      long target = lastRev;
      try (EtcdClients c = new EtcdClients(cluster.flags(lagging).host(),
          cluster.flags(lagging).clientPort())) {
        await().atMost(Duration.ofSeconds(60)).until(() -> c.kv().range(RangeRequest.newBuilder()
            .setKey(bs("k")).setSerializable(true).build()).getHeader().getRevision() >= target);
        RangeResponse r = c.kv().range(RangeRequest.newBuilder().setKey(bs("k299")).build());
        assertThat(r.getKvs(0).getValue().toStringUtf8()).startsWith("v1799x");
        // it was installed from a snapshot: its Raft log now starts after it, not at entry 0
        assertThat(raftFiles(cluster.dataDir(lagging)))
            .anyMatch(f -> f.matches("snapshot\\.\\d+_\\d+"))
            .noneMatch(f -> f.equals("log_inprogress_0") || f.startsWith("log_0-"));
      }
      int[] hashes = new int[3];
      for (int i = 0; i < 3; i++) {
        try (EtcdClients c = new EtcdClients(cluster.flags(i).host(), cluster.flags(i).clientPort())) {
          hashes[i] = c.maintenance().hashKV(HashKVRequest.newBuilder().setRevision(target).build())
              .getHash();
        }
      }
      assertThat(hashes[1]).isEqualTo(hashes[0]);
      assertThat(hashes[2]).isEqualTo(hashes[0]);

      // a member restarted after its log was purged behind a snapshot comes back with its data
      int other = 3 - leader - lagging;
      cluster.kill(other);
      cluster.restart(other);
      try (EtcdClients c = new EtcdClients(cluster.flags(other).host(), cluster.flags(other).clientPort())) {
        assertThat(c.kv().range(RangeRequest.newBuilder().setKey(bs("k")).setRangeEnd(bs("l"))
            .build()).getCount()).isEqualTo(300);
      }
    }
  }

  private static java.util.List<String> raftFiles(Path dataDir) {
    return RaftFiles.names(dataDir).stream().sorted().toList();
  }

  private static long snapshotFiles(Path dataDir) {
    return RaftFiles.names(dataDir).stream().filter(n -> n.matches("snapshot\\.\\d+_\\d+")).count();
  }
}
