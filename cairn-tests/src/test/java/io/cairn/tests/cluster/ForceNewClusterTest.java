package io.cairn.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.CompactionRequest;
import io.cairn.api.KeyValue;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseTimeToLiveRequest;
import io.cairn.api.LeaseTimeToLiveResponse;
import io.cairn.api.MemberAddRequest;
import io.cairn.api.MemberListRequest;
import io.cairn.api.MemberListResponse;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.InProcessCluster;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.Ports;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcd's runbook for a quorum lost for good: the survivor restarts with --force-new-cluster, keeps
 * its data, revision, cluster and member IDs, serves writes alone, and grows again with member add.
 */
class ForceNewClusterTest {

  @Test
  void theSurvivorKeepsItsDataAsTheOnlyMemberAndGrowsAgain(@TempDir Path tmp) throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      MemberFlags survivor = cluster.flags(0);
      RangeResponse before;
      MemberListResponse membersBefore;
      long lease;
      try (EtcdClients c = new EtcdClients(survivor.host(), survivor.clientPort())) {
        for (int i = 0; i < 30; i++) {
          c.kv().put(PutRequest.newBuilder().setKey(bs("k/" + i)).setValue(bs("v" + i)).build());
        }
        c.kv().compact(CompactionRequest.newBuilder().setRevision(10).build());
        lease = c.lease().leaseGrant(LeaseGrantRequest.newBuilder().setTTL(600).build()).getID();
        c.kv().put(PutRequest.newBuilder().setKey(bs("leased")).setValue(bs("x")).setLease(lease)
            .build());
        before = all(c);
        membersBefore = c.cluster().memberList(MemberListRequest.getDefaultInstance());
      }
      assertThat(membersBefore.getMembersCount()).isEqualTo(3);
      // quorum lost for good; the survivor is stopped too, as an operator would before the runbook
      cluster.kill(1);
      cluster.kill(2);
      cluster.kill(0);

      cluster.restartWith(0, "--force-new-cluster");
      try (EtcdClients c = new EtcdClients(survivor.host(), survivor.clientPort())) {
        RangeResponse after = all(c);
        assertThat(after.getKvsList()).isEqualTo(before.getKvsList());
        assertThat(after.getHeader().getRevision()).isEqualTo(before.getHeader().getRevision());
        assertThat(after.getHeader().getClusterId()).isEqualTo(before.getHeader().getClusterId());
        assertThatThrownBy(() -> c.kv().range(RangeRequest.newBuilder().setKey(bs("k/0"))
            .setRevision(5).build())).isInstanceOf(StatusRuntimeException.class)
            .hasMessageContaining("mvcc: required revision has been compacted");
        LeaseTimeToLiveResponse ttl = c.lease().leaseTimeToLive(LeaseTimeToLiveRequest.newBuilder()
            .setID(lease).setKeys(true).build());
        assertThat(ttl.getTTL()).isPositive();
        assertThat(ttl.getKeysList()).containsExactly(bs("leased"));

        // the others leave the member list through the log once the survivor leads
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(c.cluster()
            .memberList(MemberListRequest.getDefaultInstance()).getMembersList())
            .extracting(m -> m.getID()).containsExactly(membersBefore.getHeader().getMemberId()));
        assertThat(c.kv().put(PutRequest.newBuilder().setKey(bs("after")).setValue(bs("1"))
            .build()).getHeader().getRevision()).isEqualTo(before.getHeader().getRevision() + 1);

        // grow again: a new member with an empty data dir joins and catches up
        String peer4 = "http://127.0.1.4:" + Ports.free();
        c.cluster().memberAdd(MemberAddRequest.newBuilder().addPeerURLs(peer4).build());
        String port4 = peer4.substring(peer4.lastIndexOf(':') + 1);
        MemberFlags f4 = new MemberFlags("m4", tmp.resolve("m4"), "127.0.1.4", Ports.free(),
            Integer.parseInt(port4), "m1=" + survivor.peerUrl() + ",m4=" + peer4,
            List.of("--initial-cluster-state=existing"));
        cluster.startMember(f4);
        try (EtcdClients c4 = new EtcdClients(f4.host(), f4.clientPort())) {
          await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> c4.kv()
              .range(RangeRequest.newBuilder().setKey(bs("after")).setSerializable(true).build())
              .getCount() == 1);
          assertThat(c4.kv().put(PutRequest.newBuilder().setKey(bs("through-m4")).setValue(bs("1"))
              .build()).getHeader().getRevision()).isEqualTo(before.getHeader().getRevision() + 2);
          // the new member got the data that predates the new log, not only what came after
          assertThat(c4.kv().range(RangeRequest.newBuilder().setKey(bs("\0")).setRangeEnd(bs("\0"))
              .setSerializable(true).build()).getKvsList()).isEqualTo(all(c).getKvsList());
        }
      }

      // without the flag, the recovered two-member cluster restarts as it is
      cluster.kill(0);
      cluster.restart(0);
      try (EtcdClients c = new EtcdClients(survivor.host(), survivor.clientPort())) {
        assertThat(c.cluster().memberList(MemberListRequest.getDefaultInstance())
            .getMembersCount()).isEqualTo(2);
        assertThat(all(c).getKvsList()).extracting(KeyValue::getKey)
            .contains(bs("after"), bs("through-m4"));
      }
    }
  }

  private static RangeResponse all(EtcdClients c) {
    return c.kv().range(RangeRequest.newBuilder().setKey(bs("\0")).setRangeEnd(bs("\0")).build());
  }

  private static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }
}
