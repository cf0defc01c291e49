package io.cairn.server.embed;

import static io.cairn.server.embed.LeadershipHandOver.millisSince;

import io.cairn.server.api.grpc.InFlightCalls;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a member stops on SIGTERM, as etcd's {@code EtcdServer.Stop} and {@code Etcd.Close} do: a
 * leader first hands leadership over, so writes go on at once on another member; then the client
 * listeners refuse new calls (clients move to other endpoints) and the requests running finish;
 * then Raft and the backend close. The hand-over and the drain are each bounded by the election
 * timeout, so a stop never hangs on an unhealthy cluster; each step logs one line.
 * {@link CairnServer#close()} alone is the hard stop (etcd's {@code HardStop}).
 */
public final class GracefulStop {
  private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);

  private GracefulStop() {}

  public static void stop(CairnServer server) {
    long started = System.nanoTime();
    Duration bound = Duration.ofMillis(server.etcd().config().electionTimeoutMs());
    long localId = server.etcd().memberStore().localId();
    LOG.info("stopping member {}", Long.toHexString(localId));
    try {
      if (server.etcd().memberStore().isRemoved()) {
        // it has left the configuration already: there is nothing to hand over, and Ratis may be
        // stepping this leader down at this very moment
        LOG.info("skipped leadership transfer: this member has been removed from the cluster");
      } else {
        new LeadershipHandOver(server.etcd().raft(), localId, bound).run();
      }
      server.stopAcceptingClients();
      InFlightCalls inFlight = server.inFlightCalls();
      LOG.info("stopped accepting client calls; draining {} requests in flight", inFlight.running());
      long draining = System.nanoTime();
      if (inFlight.awaitIdle(bound)) {
        LOG.info("drained client requests in {} ms", millisSince(draining));
      } else {
        LOG.warn("gave up draining after {} ms: {} requests cancelled", millisSince(draining),
            inFlight.running());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("interrupted while stopping gracefully: closing now");
    } catch (RuntimeException e) {
      // a member removed from the cluster has no Raft group left to ask: close all the same
      LOG.warn("graceful steps failed, closing now: {}", e.toString());
    }
    long closing = System.nanoTime();
    server.close();
    LOG.info("closed raft and the backend in {} ms; member stopped in {} ms", millisSince(closing),
        millisSince(started));
  }
}
