package io.cairn.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.tests.support.InProcessCluster;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.election.LeaderKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jetcd's Lock and Election on a 3-member cluster, each client on its own member: a lock taken
 * through one member blocks a waiter on another until the holder's member is killed and its lease
 * expires; an election's leadership passes across members the same way.
 */
class LockElectionClusterTest {
  private static ByteSequence bs(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  @Test
  void lockAndLeadershipPassBetweenMembersWhenTheHolderDies(@TempDir Path tmp) throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      int leader = cluster.leader();
      int holderMember = (leader + 1) % 3;
      int waiterMember = (leader + 2) % 3;
      Client holder = Client.builder().endpoints(cluster.flags(holderMember).clientUrl()).build();
      Client waiter = Client.builder().endpoints(cluster.flags(waiterMember).clientUrl()).build();
      try {
        long holderLease = holder.getLeaseClient().grant(3).get(10, TimeUnit.SECONDS).getID();
        long waiterLease = waiter.getLeaseClient().grant(60).get(10, TimeUnit.SECONDS).getID();
        ByteSequence held = holder.getLockClient().lock(bs("job"), holderLease)
            .get(10, TimeUnit.SECONDS).getKey();
        LeaderKey leading = holder.getElectionClient().campaign(bs("primary"), holderLease, bs("h"))
            .get(10, TimeUnit.SECONDS).getLeader();
        assertThat(held).isEqualTo(bs("job/" + Long.toHexString(holderLease)));
        assertThat(leading.getKey()).isEqualTo(bs("primary/" + Long.toHexString(holderLease)));

        CompletableFuture<io.etcd.jetcd.lock.LockResponse> lock =
            waiter.getLockClient().lock(bs("job"), waiterLease);
        var campaign = waiter.getElectionClient().campaign(bs("primary"), waiterLease, bs("w"));
        assertThatThrownBy(() -> lock.get(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(campaign).isNotDone();

        // the holder's member dies: nobody keeps the 3 s lease alive, its keys go with it
        holder.close();
        cluster.kill(holderMember);
        assertThat(lock.get(20, TimeUnit.SECONDS).getKey())
            .isEqualTo(bs("job/" + Long.toHexString(waiterLease)));
        assertThat(campaign.get(20, TimeUnit.SECONDS).getLeader().getKey())
            .isEqualTo(bs("primary/" + Long.toHexString(waiterLease)));
        assertThat(waiter.getElectionClient().leader(bs("primary")).get(10, TimeUnit.SECONDS)
            .getKv().getValue()).isEqualTo(bs("w"));
      } finally {
        waiter.close();
        holder.close();
      }
    }
  }
}
