package io.cairn.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.InProcessCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quorum returns after a long outage: the member that stayed up holds the longest log, so only it
 * can win, and it needs the vote of a member it has failed to reach for most of a minute. Its
 * channel to that member must not be waiting out gRPC's reconnect backoff (tens of seconds by
 * then) when the member comes back: found by nemesis seed 1019, where a cluster had no leader for
 * over a minute after a member's restart.
 */
class LongOutageReelectionTest {
  /** Long enough for gRPC's backoff (1 s growing by 1.6x per failure) to pass 25 s. */
  private static final Duration OUTAGE = Duration.ofSeconds(50);

  @Test
  void theSurvivorIsElectedSoonAfterAPeerReturns(@TempDir Path tmp) throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      int survivor = cluster.leader();
      int revived = (survivor + 1) % 3;
      int gone = (survivor + 2) % 3;
      try (EtcdClients c = EtcdClients.of(cluster.flags(survivor))) {
        c.put("before", "all");
        cluster.kill(revived);
        // the survivor's log is now longer than the revived member's: only the survivor can win
        c.put("only", "two");
      }
      cluster.kill(gone);
      Thread.sleep(OUTAGE.toMillis());

      long start = System.nanoTime();
      cluster.restart(revived);
      try (EtcdClients c = EtcdClients.of(cluster.flags(revived))) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> c.put("after", "outage") != null);
      }
      Duration toFirstWrite = Duration.ofNanos(System.nanoTime() - start);
      // a start and an election or two take a few seconds; a channel in backoff took 15-30 s
      assertThat(toFirstWrite).isLessThan(Duration.ofSeconds(12));
    }
  }


}
