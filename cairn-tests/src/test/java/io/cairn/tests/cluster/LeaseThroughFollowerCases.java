package io.cairn.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseLeasesRequest;
import io.cairn.api.LeaseTimeToLiveRequest;
import io.cairn.api.LeaseTimeToLiveResponse;
import io.cairn.api.PutRequest;
import io.cairn.api.RangeRequest;
import io.cairn.tests.support.ClusterFixture;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.KeepAlives;
import io.cairn.tests.support.MemberFlags;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lease kept alive through a follower lives, because the follower asks the leader, whose lessor
 * alone decides expiry; time-to-live through a follower is the leader's. Across a leader change too.
 */
abstract class LeaseThroughFollowerCases {
  private static final long TTL = 3;

  abstract ClusterFixture startCluster(int n, Path dir, String... flags);

  static EtcdClients client(MemberFlags f) {
    return new EtcdClients(f.host(), f.clientPort());
  }

  /** One keep-alive on its own stream, as `etcdctl lease keep-alive --once` sends it. */
  static long keepAliveOnce(EtcdClients c, long lease) {
    return KeepAlives.once(c.channel(), lease, Duration.ofSeconds(15)).getTTL();
  }

  static boolean exists(EtcdClients c, String key) {
    return c.kv().range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).build())
        .getCount() == 1;
  }

  /** Keeps the lease alive through {@code c} every second for {@code seconds}; asserts each answer. */
  static void keepAliveFor(EtcdClients c, long lease, int seconds) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end) {
      assertThat(keepAliveOnce(c, lease)).as("renewed with the granted TTL").isEqualTo(TTL);
      Thread.sleep(1000);
    }
  }

  @Test
  void keepAlivesThroughAFollowerKeepTheLeaseAcrossALeaderChange(@TempDir Path tmp)
      throws Exception {
    try (ClusterFixture cluster = startCluster(3, tmp)) {
      int leader = cluster.leader();
      assertThat(leader).isNotNegative();
      int follower = (leader + 1) % 3;
      try (EtcdClients f = client(cluster.flags(follower))) {
        long lease = f.lease().leaseGrant(LeaseGrantRequest.newBuilder().setTTL(TTL).build()).getID();
        f.kv().put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("ephemeral"))
            .setValue(ByteString.copyFromUtf8("held")).setLease(lease).build());

        keepAliveFor(f, lease, (int) (3 * TTL));
        assertThat(exists(f, "ephemeral")).as("kept alive for three TTLs through a follower").isTrue();
        LeaseTimeToLiveResponse ttl = f.lease().leaseTimeToLive(
            LeaseTimeToLiveRequest.newBuilder().setID(lease).setKeys(true).build());
        assertThat(ttl.getGrantedTTL()).isEqualTo(TTL);
        assertThat(ttl.getTTL()).as("the leader's countdown, not a follower's 'forever'")
            .isBetween(0L, TTL - 1);
        assertThat(ttl.getKeysList()).containsExactly(ByteString.copyFromUtf8("ephemeral"));
        assertThat(f.lease().leaseLeases(LeaseLeasesRequest.getDefaultInstance()).getLeasesList())
            .extracting(s -> s.getID()).containsExactly(lease);

        cluster.kill(leader);
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.leader() >= 0);
        // the new leader restarts every TTL (etcd's promote); keep-alives go on through the
        // same member, which may itself have become the leader
        keepAliveFor(f, lease, (int) (3 * TTL));
        assertThat(exists(f, "ephemeral")).as("kept alive across the leader change").isTrue();

        // without keep-alives the leader expires it and the key goes, on every member
        await().atMost(Duration.ofSeconds(30)).until(() -> !exists(f, "ephemeral"));
        assertThat(keepAliveOnce(f, lease)).as("an expired lease renews with TTL 0").isZero();
      }
    }
  }
}
