package io.cairn.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.RangeRequest;
import io.cairn.server.backend.BatchTx;
import io.cairn.server.backend.Bucket;
import io.cairn.server.backend.RocksBackend;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.InProcessCluster;
import io.cairn.tests.support.MemberFlags;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member killed while a snapshot from the leader replaced its state (nemesis seed 2001, --long:
 * a member that had just joined, killed by the next fault) has a cleared backend: no keys and no
 * member list. It must come back and catch up, not fail at start for want of peers to talk to.
 */
class InterruptedSnapshotInstallTest {

  @Test
  void aMemberWhoseStateWasClearedMidInstallComesBackAndCatchesUp(@TempDir Path tmp)
      throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      int follower = (cluster.leader() + 1) % 3;
      int other = (follower + 1) % 3;
      MemberFlags f = cluster.flags(follower);
      try (EtcdClients c = EtcdClients.of(cluster.flags(other))) {
        for (int i = 0; i < 20; i++) {
          c.put("before/" + i, "v");
        }
      }
      cluster.kill(follower);
      // what EtcdServer.restoreSnapshot leaves when the process dies mid-install
      try (RocksBackend backend = new RocksBackend(f.dataDir().resolve("member").resolve("db"))) {
        backend.clear();
        try (BatchTx b = backend.newBatch()) {
          b.put(Bucket.META, "restoringSnapshot".getBytes(StandardCharsets.UTF_8), new byte[] {1});
          b.commit();
        }
      }
      try (EtcdClients c = EtcdClients.of(cluster.flags(other))) {
        c.put("while-down", "v");
      }

      cluster.restart(follower);
      try (EtcdClients c = EtcdClients.of(f)) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> c.kv()
            .range(RangeRequest.newBuilder().setKey(bs("while-down")).setSerializable(true)
                .build()).getCount() == 1);
        assertThat(c.kv().range(RangeRequest.newBuilder().setKey(bs("before/"))
            .setRangeEnd(bs("before0")).setSerializable(true).build()).getCount()).isEqualTo(20);
        c.put("through-it", "v");
      }
    }
  }

  private static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }
}
