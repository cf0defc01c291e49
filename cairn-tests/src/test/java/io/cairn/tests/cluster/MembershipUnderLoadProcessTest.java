package io.cairn.tests.cluster;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.MemberAddRequest;
import io.cairn.api.MemberPromoteRequest;
import io.cairn.api.MemberRemoveRequest;
import io.cairn.api.RangeRequest;
import io.cairn.server.membership.MemberIds;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.ClusterFixture;
import io.cairn.tests.support.ProcessCluster;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.WriteLoad;
import io.cairn.tests.support.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
      String peer4 = "http://127.0.1.4:" + Ports.free();
      long id4 = MemberIds.memberId(List.of(peer4), "etcd-cluster", null);
      try (WriteLoad load = new WriteLoad(first, "load/", 100_000);
           EtcdClients c = new EtcdClients(first.host(), first.clientPort())) {
        load.awaitProgress(50, Duration.ofSeconds(60));
        c.cluster().memberAdd(MemberAddRequest.newBuilder().addPeerURLs(peer4).setIsLearner(true)
            .build());
        MemberFlags f4 = new MemberFlags("m4", tmp.resolve("m4"), "127.0.1.4", Ports.free(),
            Integer.parseInt(peer4.substring(peer4.lastIndexOf(':') + 1)),
            first.initialCluster() + ",m4=" + peer4, List.of("--initial-cluster-state=existing"));
        cluster.startMember(f4);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> c.cluster()
            .memberPromote(MemberPromoteRequest.newBuilder().setID(id4).build()) != null);
        // then remove a follower other than the member the load goes through (removing the
        // leader is MembershipCases' test)
        int leader = cluster.leader();
        int leaving = leader == 1 ? 2 : 1;
        long leavingId = MemberIds.memberId(List.of(cluster.flags(leaving).peerUrl()),
            "etcd-cluster", null);
        c.cluster().memberRemove(MemberRemoveRequest.newBuilder().setID(leavingId).build());
        cluster.awaitStopped(leaving, Duration.ofSeconds(30));
        load.awaitProgress(50, Duration.ofSeconds(20));
        load.stop();

        long rev = c.kv().range(RangeRequest.newBuilder().setKey(bs("load/")).setRangeEnd(bs("load0"))
            .build()).getHeader().getRevision();
        List<Integer> remaining = new java.util.ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
          if (i != leaving) {
            remaining.add(i);
          }
        }
        load.assertOnEveryMember(cluster, remaining, rev);
      }
    }
  }

}
