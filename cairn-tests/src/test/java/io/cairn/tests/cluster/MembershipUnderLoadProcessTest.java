package io.cairn.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.Member;
import io.cairn.api.HashKVRequest;
import io.cairn.api.MemberAddRequest;
import io.cairn.api.MemberAddResponse;
import io.cairn.api.MemberListRequest;
import io.cairn.api.MemberPromoteRequest;
import io.cairn.api.MemberRemoveRequest;
import io.cairn.api.MemberUpdateRequest;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.server.membership.MemberIds;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.ClusterFixture;
import io.cairn.tests.support.ProcessCluster;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.Ports;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.Set;
import java.util.Map;
import java.util.HashSet;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership changes while a client keeps writing, on one process per member: no acknowledged write
 * is lost and all members end with the same HashKV. The load goes through the first member (a
 * follower two times in three), one put at a time, so it also shows that a follower learns commits
 * promptly (it once waited for Ratis's heartbeat, 500 ms a put, and this test timed out; see
 * {@code CommitPushingRpc}).
 */
class MembershipUnderLoadProcessTest {

  static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  static EtcdClients client(ClusterFixture c, int i) {
    return new EtcdClients(c.flags(i).host(), c.flags(i).clientPort());
  }

  @Test
  void membershipChangesUnderWriteLoadLoseNoAcknowledgedWrite(@TempDir Path tmp) throws Exception {
    try (ClusterFixture cluster = ProcessCluster.start(3, tmp)) {
      MemberFlags first = cluster.flags(0);
      Map<String, Long> acked = new ConcurrentHashMap<>();
      AtomicBoolean stop = new AtomicBoolean();
      CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
        try (EtcdClients c = new EtcdClients(first.host(), first.clientPort())) {
          for (int i = 0; i < 100_000 && !stop.get(); i++) {
            try {
              long rev = c.kv().put(PutRequest.newBuilder().setKey(bs("load/" + i))
                  .setValue(bs("v")).build()).getHeader().getRevision();
              acked.put("load/" + i, rev);
            } catch (RuntimeException e) {
              // unacknowledged: may or may not be applied
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      String peer4 = "http://127.0.1.4:" + Ports.free();
      long id4 = MemberIds.memberId(List.of(peer4), "etcd-cluster", null);
      try (EtcdClients c = new EtcdClients(first.host(), first.clientPort())) {
        await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() > 50);
        c.cluster().memberAdd(MemberAddRequest.newBuilder().addPeerURLs(peer4).setIsLearner(true)
            .build());
        MemberFlags f4 = new MemberFlags("m4", tmp.resolve("m4"), "127.0.1.4", Ports.free(),
            Integer.parseInt(peer4.substring(peer4.lastIndexOf(':') + 1)),
            first.initialCluster() + ",m4=" + peer4, List.of("--initial-cluster-state=existing"));
        cluster.startMember(f4);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> c.cluster()
            .memberPromote(MemberPromoteRequest.newBuilder().setID(id4).build()) != null);
        // then remove one of the original members that is not the one we write to
        // remove a follower other than the member the load goes through (removing the leader
        // itself is handled by the server but not yet reliable enough to test here)
        int leader = cluster.leader();
        int leaving = leader == 1 ? 2 : 1;
        long leavingId = MemberIds.memberId(List.of(cluster.flags(leaving).peerUrl()),
            "etcd-cluster", null);
        c.cluster().memberRemove(MemberRemoveRequest.newBuilder().setID(leavingId).build());
        cluster.awaitStopped(leaving, Duration.ofSeconds(30));
        int before = acked.size();
        await().atMost(Duration.ofSeconds(20)).until(() -> acked.size() > before + 50);
        stop.set(true);
        load.get(60, TimeUnit.SECONDS);

        long rev = c.kv().range(RangeRequest.newBuilder().setKey(bs("load/")).setRangeEnd(bs("load0"))
            .build()).getHeader().getRevision();
        List<EtcdClients> remaining = new java.util.ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
          if (i != leaving) {
            remaining.add(client(cluster, i));
          }
        }
        try {
          Set<Integer> hashes = new HashSet<>();
          for (EtcdClients r : remaining) {
            await().atMost(Duration.ofSeconds(30)).until(() -> r.kv().range(RangeRequest.newBuilder()
                .setKey(bs("x")).setSerializable(true).build()).getHeader().getRevision() >= rev);
            var all = r.kv().range(RangeRequest.newBuilder().setKey(bs("load/"))
                .setRangeEnd(bs("load0")).setSerializable(true).build());
            Map<String, Long> found = new ConcurrentHashMap<>();
            all.getKvsList().forEach(kv -> found.put(kv.getKey().toStringUtf8(), kv.getModRevision()));
            assertThat(found).containsAllEntriesOf(acked);
            hashes.add(r.maintenance().hashKV(HashKVRequest.newBuilder().setRevision(rev).build())
                .getHash());
          }
          assertThat(hashes).hasSize(1);
        } finally {
          for (EtcdClients r : remaining) {
            r.close();
          }
        }
      } finally {
        stop.set(true);
      }
    }
  }

}
