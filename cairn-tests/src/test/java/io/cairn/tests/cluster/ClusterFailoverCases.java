package io.cairn.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.HashKVRequest;
import io.cairn.api.MemberListRequest;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.ClusterFixture;
import io.cairn.tests.support.MemberFlags;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's story on an in-process 3-member cluster: failover, quorum loss, catch-up. */
abstract class ClusterFailoverCases {

  /** Starts the cluster under test: in this JVM or one process per member. */
  abstract ClusterFixture startCluster(int n, Path dir, String... flags);


  static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  static PutRequest put(String k, String v) {
    return PutRequest.newBuilder().setKey(bs(k)).setValue(bs(v)).build();
  }

  static EtcdClients client(MemberFlags f) {
    return new EtcdClients(f.host(), f.clientPort());
  }

  static String get(EtcdClients c, String key, boolean serializable) {
    RangeResponse r = c.kv().range(RangeRequest.newBuilder().setKey(bs(key))
        .setSerializable(serializable).build());
    return r.getCount() == 0 ? null : r.getKvs(0).getValue().toStringUtf8();
  }

  @Test
  void survivesLeaderLossRefusesWithoutQuorumAndCatchesUp(@TempDir Path tmp) throws Exception {
    try (ClusterFixture cluster = startCluster(3, tmp)) {
      int leader = cluster.leader();
      assertThat(leader).isNotNegative();
      int follower = (leader + 1) % 3;

      // a write sent to a follower is forwarded and visible everywhere
      try (EtcdClients f = client(cluster.flags(follower))) {
        f.kv().put(put("Gabon", "Bona nit"));
        assertThat(get(f, "Gabon", false)).isEqualTo("Bona nit");
      }
      for (int i = 0; i < 3; i++) {
        try (EtcdClients c = client(cluster.flags(i))) {
          assertThat(get(c, "Gabon", false)).isEqualTo("Bona nit");
          // a member serves only once its client URL is published, and the linearizable get
          // above applied every publish before it on this member
          assertThat(c.cluster().memberList(MemberListRequest.getDefaultInstance()).getMembersList())
              .allSatisfy(m -> assertThat(m.getClientURLsList()).hasSize(1));
        }
      }

      // kill the leader: another takes over and writes go on
      cluster.kill(leader);
      await().atMost(Duration.ofSeconds(20)).until(() -> cluster.leader() >= 0);
      int second = cluster.leader();
      assertThat(second).isNotEqualTo(leader);
      int last = 3 - leader - second;
      try (EtcdClients c = client(cluster.flags(second));
           EtcdClients l = client(cluster.flags(last))) {
        c.kv().put(put("after", "failover"));
        // the other survivor learns of the commit with the next heartbeat
        await().atMost(Duration.ofSeconds(10)).until(() -> "failover".equals(get(l, "after", true)));
      }

      // long-lived streams (watch, lease keep-alive) whose client requires a leader are cut when
      // the leader is gone
      io.grpc.Metadata requireLeaderMd = new io.grpc.Metadata();
      requireLeaderMd.put(io.grpc.Metadata.Key.of("hasleader", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
          "true");
      var withRequireLeader = io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(requireLeaderMd);
      java.util.concurrent.CompletableFuture<Throwable> watchEnded =
          new java.util.concurrent.CompletableFuture<>();
      java.util.concurrent.CompletableFuture<Throwable> keepAliveEnded =
          new java.util.concurrent.CompletableFuture<>();
      EtcdClients watcher = client(cluster.flags(last));
      watcher.watch().withInterceptors(withRequireLeader).watch(endOf(watchEnded)).onNext(
          io.cairn.api.WatchRequest.newBuilder().setCreateRequest(
              io.cairn.api.WatchCreateRequest.newBuilder().setKey(bs("watched"))).build());
      io.cairn.api.LeaseGrpc.newStub(watcher.channel()).withInterceptors(withRequireLeader)
          .leaseKeepAlive(endOf(keepAliveEnded))
          .onNext(io.cairn.api.LeaseKeepAliveRequest.newBuilder().setID(1).build());

      // kill the new leader: no quorum, so writes and linearizable reads fail; serializable work
      cluster.kill(second);
      try (EtcdClients c = client(cluster.flags(last))) {
        assertThatThrownBy(() -> c.kv().put(put("lost", "x")))
            .isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isIn(Status.Code.UNAVAILABLE,
                    Status.Code.DEADLINE_EXCEEDED));
        // as etcd's, the server's wait ends before the client's deadline: the client hears why
        assertThatThrownBy(() -> c.kv().withDeadlineAfter(2, java.util.concurrent.TimeUnit.SECONDS)
            .put(put("lost", "y")))
            .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(e.getStatus().getDescription()).startsWith("etcdserver: request timed out");
            });
        assertThatThrownBy(() -> get(c, "Gabon", false))
            .isInstanceOf(StatusRuntimeException.class);
        assertThat(get(c, "after", true)).isEqualTo("failover");
        // a client that requires a leader is told at once that there is none
        io.grpc.Metadata md = new io.grpc.Metadata();
        md.put(io.grpc.Metadata.Key.of("hasleader", io.grpc.Metadata.ASCII_STRING_MARSHALLER), "true");
        var requireLeader = c.kv().withInterceptors(
            io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(md));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
            assertThatThrownBy(() -> requireLeader.put(put("x", "y")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                  assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                  assertThat(e.getStatus().getDescription()).isEqualTo("etcdserver: no leader");
                }));
      }

      for (var ended : java.util.List.of(watchEnded, keepAliveEnded)) {
        Throwable cut = ended.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(cut).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(e.getStatus().getDescription()).isEqualTo("etcdserver: no leader");
        });
      }
      watcher.close();

      // revive one: writes work again
      cluster.restart(second);
      try (EtcdClients c = client(cluster.flags(last))) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> c.kv().put(put("Egun on", "Bon dia")) != null);
        assertThat(get(c, "lost", false)).as("the refused write was never applied").isNull();
      }

      // revive the last: it catches up and serves the new keys
      cluster.restart(leader);
      try (EtcdClients c = client(cluster.flags(leader))) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> "Bon dia".equals(get(c, "Egun on", false)));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> hashes(cluster).size() == 1);
    }
  }

  private static Set<Integer> hashes(ClusterFixture cluster) throws Exception {
    Set<Integer> h = new HashSet<>();
    long rev = 0;
    for (int i = 0; i < cluster.size(); i++) {
      try (EtcdClients c = client(cluster.flags(i))) {
        long r = c.kv().range(RangeRequest.newBuilder().setKey(bs("x")).setSerializable(true)
            .build()).getHeader().getRevision();
        rev = rev == 0 ? r : Math.min(rev, r);
      }
    }
    for (int i = 0; i < cluster.size(); i++) {
      try (EtcdClients c = client(cluster.flags(i))) {
        h.add(c.maintenance().hashKV(HashKVRequest.newBuilder().setRevision(rev).build()).getHash());
      }
    }
    return h;
  }

  /** A stream observer that ignores messages and completes {@code ended} with how the stream ended. */
  static <T> io.grpc.stub.StreamObserver<T> endOf(
      java.util.concurrent.CompletableFuture<Throwable> ended) {
    return new io.grpc.stub.StreamObserver<>() {
      @Override
      public void onNext(T message) {}

      @Override
      public void onError(Throwable t) {
        ended.complete(t);
      }

      @Override
      public void onCompleted() {
        ended.complete(null);
      }
    };
  }
}
