package io.cairn.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.Member;
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
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.WriteLoad;
import io.cairn.tests.support.Ports;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** etcd's runtime reconfiguration: add a learner, let it join and catch up, promote, remove. */
abstract class MembershipCases {

  /** Starts the cluster under test: in this JVM or one process per member. */
  abstract ClusterFixture startCluster(int n, Path dir, String... flags);


  static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  static void assertEtcdError(ThrowingCallable call, Status.Code code, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).isEqualTo(message);
    });
  }

  @Test
  void learnerJoinsCatchesUpIsPromotedAndRemoved(@TempDir Path tmp) throws Exception {
    try (ClusterFixture cluster = startCluster(3, tmp)) {
      MemberFlags first = cluster.flags(0);
      String peer4 = "http://127.0.1.4:" + Ports.free();
      long id4 = MemberIds.memberId(List.of(peer4), "etcd-cluster", null);
      try (EtcdClients c = new EtcdClients(first.host(), first.clientPort())) {
        for (int i = 0; i < 50; i++) {
          c.kv().put(PutRequest.newBuilder().setKey(bs("before/" + i)).setValue(bs("v")).build());
        }
        MemberAddResponse added = c.cluster().memberAdd(MemberAddRequest.newBuilder()
            .addPeerURLs(peer4).setIsLearner(true).build());
        assertThat(added.getMember().getID()).isEqualTo(id4);
        assertThat(added.getMember().getIsLearner()).isTrue();
        assertThat(added.getMembersList()).hasSize(4);
        Member unstarted = added.getMembersList().stream().filter(m -> m.getID() == id4).findFirst()
            .orElseThrow();
        assertThat(unstarted.getName()).isEmpty();

        // etcd's rules on what may be added, promoted, removed
        assertEtcdError(() -> c.cluster().memberAdd(MemberAddRequest.newBuilder().addPeerURLs(peer4)
            .build()), Status.Code.FAILED_PRECONDITION, "etcdserver: Peer URLs already exists");
        assertEtcdError(() -> c.cluster().memberAdd(MemberAddRequest.newBuilder()
            .addPeerURLs("not a url").build()), Status.Code.INVALID_ARGUMENT,
            "etcdserver: given member URLs are invalid");
        assertEtcdError(() -> c.cluster().memberAdd(MemberAddRequest.newBuilder()
            .addPeerURLs("http://127.0.1.9:1").setIsLearner(true).build()),
            Status.Code.FAILED_PRECONDITION, "etcdserver: too many learner members in cluster");
        assertEtcdError(() -> c.cluster().memberRemove(MemberRemoveRequest.newBuilder().setID(42)
            .build()), Status.Code.NOT_FOUND, "etcdserver: member not found");
        long voter = c.cluster().memberList(MemberListRequest.getDefaultInstance()).getHeader()
            .getMemberId();
        assertEtcdError(() -> c.cluster().memberPromote(MemberPromoteRequest.newBuilder()
            .setID(voter).build()), Status.Code.FAILED_PRECONDITION,
            "etcdserver: can only promote a learner member");
      }

      // the new member starts with --initial-cluster-state existing and is brought in
      String url4 = peer4.substring("http://".length());
      int client4 = Ports.free();
      MemberFlags f4 = new MemberFlags("m4", tmp.resolve("m4"), "127.0.1.4", client4,
          Integer.parseInt(url4.substring(url4.indexOf(':') + 1)),
          first.initialCluster() + ",m4=" + peer4, List.of("--initial-cluster-state=existing"));
      int m4 = cluster.startMember(f4);
      try (EtcdClients learner = new EtcdClients(f4.host(), f4.clientPort());
           EtcdClients c = new EtcdClients(first.host(), first.clientPort())) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> learner.kv()
            .range(RangeRequest.newBuilder().setKey(bs("before/")).setRangeEnd(bs("before0"))
                .setSerializable(true).build()).getCount() == 50);
        assertEtcdError(() -> learner.kv().put(PutRequest.newBuilder().setKey(bs("x"))
            .setValue(bs("y")).build()), Status.Code.UNAVAILABLE,
            "etcdserver: rpc not supported for learner");
        assertEtcdError(() -> learner.kv().range(RangeRequest.newBuilder().setKey(bs("x")).build()),
            Status.Code.UNAVAILABLE, "etcdserver: rpc not supported for learner");

        // in sync: promote, after which it votes and serves everything
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> c.cluster()
            .memberPromote(MemberPromoteRequest.newBuilder().setID(id4).build()) != null);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> learner.kv()
            .put(PutRequest.newBuilder().setKey(bs("from-m4")).setValue(bs("ok")).build()) != null);
        assertThat(c.cluster().memberList(MemberListRequest.getDefaultInstance()).getMembersList())
            .filteredOn(m -> m.getID() == id4).singleElement()
            .satisfies(m -> {
              assertThat(m.getIsLearner()).isFalse();
              assertThat(m.getName()).isEqualTo("m4");
            });

        // update, then remove: the removed member learns it and stops
        c.cluster().memberUpdate(MemberUpdateRequest.newBuilder().setID(id4).addPeerURLs(peer4)
            .build());
        c.cluster().memberRemove(MemberRemoveRequest.newBuilder().setID(id4).build());
        assertThat(c.cluster().memberList(MemberListRequest.getDefaultInstance()).getMembersList())
            .hasSize(3).noneMatch(m -> m.getID() == id4);
        cluster.awaitStopped(m4, Duration.ofSeconds(30));
        c.kv().put(PutRequest.newBuilder().setKey(bs("after-remove")).setValue(bs("ok")).build());

        // etcd's way to replace a failed member: added back on the same peer URLs (so, here, the
        // same member ID) with a fresh data dir. It replays its previous incarnation's removal
        // before its own addition, and must not take that removal for its own.
        c.cluster().memberAdd(MemberAddRequest.newBuilder().addPeerURLs(peer4).build());
        MemberFlags again = new MemberFlags("m4", tmp.resolve("m4-again"), f4.host(),
            f4.clientPort(), f4.peerPort(), f4.initialCluster(), f4.extra());
        cluster.startMember(again);
        try (EtcdClients back = new EtcdClients(again.host(), again.clientPort())) {
          await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> back.kv()
              .range(RangeRequest.newBuilder().setKey(bs("after-remove")).setSerializable(true)
                  .build()).getCount() == 1);
          back.kv().put(PutRequest.newBuilder().setKey(bs("from-m4-again")).setValue(bs("ok"))
              .build());
          // and it stays: the check that stops a removed member runs every second
          await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> back.kv()
              .range(RangeRequest.newBuilder().setKey(bs("from-m4-again")).build()).getCount() == 1);
          assertThat(c.cluster().memberList(MemberListRequest.getDefaultInstance())
              .getMembersList()).hasSize(4);
        }
      }
    }
  }

  /**
   * Removing the member that leads, as etcd allows: it steps down and stops, the other two elect a
   * leader and go on; every write acknowledged before, during and after is on both.
   */
  @Test
  void removingTheLeaderHandsOverAndLosesNoAcknowledgedWrite(@TempDir Path tmp) throws Exception {
    try (ClusterFixture cluster = startCluster(3, tmp)) {
      int leader = cluster.leader();
      int writer = (leader + 1) % 3;
      int other = (leader + 2) % 3;
      long leaderId = MemberIds.memberId(List.of(cluster.flags(leader).peerUrl()), "etcd-cluster",
          null);
      try (EtcdClients c = client(cluster, writer)) {
        WriteLoad load = new WriteLoad(cluster.flags(writer), "during/", 10_000);
        try (load) {
          for (int i = 0; i < 20; i++) {
            load.acked().put("before/" + i, c.kv().put(PutRequest.newBuilder()
                .setKey(bs("before/" + i)).setValue(bs("v")).build()).getHeader().getRevision());
          }
          c.cluster().memberRemove(MemberRemoveRequest.newBuilder().setID(leaderId).build());
          cluster.awaitStopped(leader, Duration.ofSeconds(30));
          await().atMost(Duration.ofSeconds(20)).until(() -> {
            int l = cluster.leader();
            return l == writer || l == other;
          });
          load.awaitProgress(20, Duration.ofSeconds(20));
        }
        assertThat(c.cluster().memberList(MemberListRequest.getDefaultInstance()).getMembersList())
            .hasSize(2).noneMatch(m -> m.getID() == leaderId);
        long rev = c.kv().put(PutRequest.newBuilder().setKey(bs("after")).setValue(bs("v")).build())
            .getHeader().getRevision();
        load.assertOnEveryMember(cluster, List.of(writer, other), rev);
      }
    }
  }

  static EtcdClients client(ClusterFixture c, int i) {
    return new EtcdClients(c.flags(i).host(), c.flags(i).clientPort());
  }
}
