package io.cairn.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.KVGrpc;
import io.cairn.api.PutRequest;
import io.cairn.api.PutResponse;
import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.tests.support.ClusterFixture;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.StreamObservers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leader that appended writes and then stepped down (it lost its quorum) and is elected again
 * commits those writes once: the server must not have proposed them a second time when the engine
 * failed them with "not leader" at the step-down.
 */
abstract class LeaderStepDownCases {
  private static final int WRITES = 20;

  abstract ClusterFixture startCluster(int n, Path dir, String... flags);

  static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  @Test
  void writesAppendedBeforeAStepDownApplyOnce(@TempDir Path tmp) throws Exception {
    try (ClusterFixture cluster = startCluster(3, tmp)) {
      int leader = cluster.leader();
      assertThat(leader).isNotNegative();
      MemberFlags lf = cluster.flags(leader);
      try (EtcdClients c = new EtcdClients(lf.host(), lf.clientPort())) {
        // only the leader holds what comes next: the followers are down
        for (int i = 0; i < 3; i++) {
          if (i != leader) {
            cluster.kill(i);
          }
        }
        List<CompletableFuture<PutResponse>> puts = new ArrayList<>();
        KVGrpc.KVStub kv = KVGrpc.newStub(c.channel()).withDeadlineAfter(60, TimeUnit.SECONDS);
        for (int i = 0; i < WRITES; i++) {
          CompletableFuture<PutResponse> f = new CompletableFuture<>();
          kv.put(PutRequest.newBuilder().setKey(bs("once/" + i)).setValue(bs("v")).build(),
              StreamObservers.firstMessage(f));
          puts.add(f);
        }
        // check-quorum makes the leader step down, failing its pending appends as "not leader"
        Thread.sleep(4000);
        for (int i = 0; i < 3; i++) {
          if (i != leader) {
            cluster.restart(i);
          }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> puts.stream().allMatch(f -> f.isDone()));
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.leader() >= 0);
        MemberFlags now = cluster.flags(cluster.leader());
        try (EtcdClients l = new EtcdClients(now.host(), now.clientPort())) {
          RangeResponse all = l.kv().range(RangeRequest.newBuilder().setKey(bs("once/"))
              .setRangeEnd(bs("once0")).build());
          assertThat(all.getKvsList()).allSatisfy(kv1 -> assertThat(kv1.getVersion())
              .as("%s applied once", kv1.getKey().toStringUtf8()).isEqualTo(1));
          for (int i = 0; i < WRITES; i++) {
            if (!puts.get(i).isCompletedExceptionally()) {
              String key = "once/" + i;
              assertThat(all.getKvsList()).as("acknowledged %s is there", key)
                  .anySatisfy(kv1 -> assertThat(kv1.getKey().toStringUtf8()).isEqualTo(key));
            }
          }
        }
      }
    }
  }
}
