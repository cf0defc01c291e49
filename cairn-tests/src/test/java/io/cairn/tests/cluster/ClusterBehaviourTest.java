package io.cairn.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.HashKVRequest;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseTimeToLiveRequest;
import io.cairn.api.MemberAddRequest;
import io.cairn.api.MemberPromoteRequest;
import io.cairn.api.MemberRemoveRequest;
import io.cairn.api.MoveLeaderRequest;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.StatusRequest;
import io.cairn.api.WatchCreateRequest;
import io.cairn.api.WatchRequest;
import io.cairn.api.WatchResponse;
import io.cairn.server.membership.MemberIds;
import io.cairn.tests.support.CairnMember;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.InProcessCluster;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.Ports;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster guarantees around leader changes and reconfiguration. */
class ClusterBehaviourTest {

  static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  static EtcdClients client(InProcessCluster c, int i) {
    return new EtcdClients(c.flags(i).host(), c.flags(i).clientPort());
  }

  static void put(EtcdClients c, String k, String v) {
    c.kv().put(PutRequest.newBuilder().setKey(bs(k)).setValue(bs(v)).build());
  }

  @Test
  void watchOnAFollowerDeliversEveryEventOnceInOrderAcrossALeaderChange(@TempDir Path tmp)
      throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      int leader = cluster.leader();
      int watching = (leader + 1) % 3;
      int writer = (leader + 2) % 3;
      List<String> seen = new CopyOnWriteArrayList<>();
      try (EtcdClients w = client(cluster, watching); EtcdClients c = client(cluster, writer)) {
        StreamObserver<WatchRequest> stream = w.watch().watch(new StreamObserver<>() {
          @Override
          public void onNext(WatchResponse r) {
            r.getEventsList().forEach(e -> seen.add(e.getKv().getValue().toStringUtf8()));
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        });
        stream.onNext(WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder()
            .setKey(bs("seq")).setStartRevision(1)).build());
        for (int i = 0; i < 20; i++) {
          put(c, "seq", "" + i);
        }
        cluster.kill(leader);
        for (int i = 20; i < 40; i++) {
          int v = i;
          await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
              .until(() -> c.kv().put(PutRequest.newBuilder().setKey(bs("seq")).setValue(bs("" + v))
                  .build()) != null);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() >= 40);
        stream.onCompleted();
      }
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        expected.add("" + i);
      }
      assertThat(seen).containsExactlyElementsOf(expected);
    }
  }

  /**
   * A follower answers a put only once it has applied the entry itself (read-your-writes on that
   * member, as etcd), so it must learn the new commit index at once, not at the next heartbeat
   * (half an election timeout, 500 ms here). 20 sequential puts through a follower would take 10 s
   * if each waited for a heartbeat; prompt commit propagation takes a small fraction of that.
   */
  @Test
  void aFollowerLearnsEachCommitWithoutWaitingForAHeartbeat(@TempDir Path tmp) throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      int follower = (cluster.leader() + 1) % 3;
      try (EtcdClients c = client(cluster, follower)) {
        put(c, "warm-up", "v");
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
          put(c, "sequential", "" + i);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("20 sequential puts through a follower").isLessThan(Duration.ofSeconds(4));
        // and the follower itself serves what it acknowledged
        assertThat(c.kv().range(RangeRequest.newBuilder().setKey(bs("sequential"))
            .setSerializable(true).build()).getKvs(0).getValue().toStringUtf8()).isEqualTo("19");
      }
    }
  }

  @Test
  void leaderChangeDoesNotExpireLeasesAndMoveLeaderTransfersLeadership(@TempDir Path tmp)
      throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      int leader = cluster.leader();
      int follower = (leader + 1) % 3;
      long lease;
      try (EtcdClients c = client(cluster, follower)) {
        lease = c.lease().leaseGrant(LeaseGrantRequest.newBuilder().setTTL(10).build()).getID();
        c.kv().put(PutRequest.newBuilder().setKey(bs("leased")).setValue(bs("v")).setLease(lease)
            .build());
        // MoveLeader, sent to the leader, hands leadership to the follower
        long target = c.maintenance().status(StatusRequest.getDefaultInstance()).getHeader()
            .getMemberId();
        try (EtcdClients l = client(cluster, leader)) {
          l.maintenance().moveLeader(MoveLeaderRequest.newBuilder().setTargetID(target).build());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.leader() == follower);
        // the new leader restarted every lease's countdown in full
        long ttl = c.lease().leaseTimeToLive(LeaseTimeToLiveRequest.newBuilder().setID(lease)
            .build()).getTTL();
        assertThat(ttl).isGreaterThanOrEqualTo(8);
      }
      // kill the current leader too: the lease still outlives the change
      cluster.kill(follower);
      int survivor = (follower + 1) % 3;
      try (EtcdClients c = client(cluster, survivor)) {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> c.lease()
            .leaseTimeToLive(LeaseTimeToLiveRequest.newBuilder().setID(lease).build())
            .getTTL() >= 8);
        assertThat(c.kv().range(RangeRequest.newBuilder().setKey(bs("leased")).build()).getCount())
            .isEqualTo(1);
      }
    }
  }

  @Test
  void dataDirOfAnotherClusterIsRefused(@TempDir Path tmp) {
    MemberFlags a = new MemberFlags("solo", tmp.resolve("data"), Ports.free(), Ports.free());
    CairnMember.start(a).close();
    MemberFlags other = a.with("--initial-cluster-token=another-cluster");
    assertThatThrownBy(() -> CairnMember.start(other))
        .hasMessageContaining("belongs to member")
        .hasMessageContaining("--initial-cluster-token");
  }
}
