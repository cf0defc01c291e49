package io.cairn.server.embed;

import io.cairn.server.config.ServerConfig;
import io.cairn.server.core.EtcdServer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the member of this process running, for {@link Main}. Ratis stops a member's engine for
 * good when the member campaigns while outside the configuration it knows. A member being added
 * to a running cluster does that when it restarts before it has received the configuration that
 * adds it, and then times out. The member still belongs to the cluster, and a fresh engine on the
 * same data dir rejoins it, so the member starts again in this process rather than exiting (which
 * systemd, like etcd's unit, would not undo: it restarts abnormal ends only). A member that keeps
 * failing that way ends after a bounded number of restarts, with the reason.
 */
final class MemberSupervisor {
  private static final Logger LOG = LoggerFactory.getLogger(MemberSupervisor.class);

  private final ServerConfig config;
  private final int maxRestarts;
  private final Duration window;
  private final Deque<Long> restarts = new ArrayDeque<>();
  private CairnServer current; // guarded by this
  private boolean stopping; // guarded by this

  MemberSupervisor(ServerConfig config, int maxRestarts, Duration window) {
    this.config = config;
    this.maxRestarts = maxRestarts;
    this.window = window;
  }

  /** Starts the member; fails as {@link CairnServer#start} does. */
  synchronized CairnServer start() {
    current = CairnServer.start(config);
    return current;
  }

  synchronized CairnServer current() {
    return current;
  }

  /**
   * Blocks until the member has to end and returns why, or returns null when {@link #stop} ended
   * it. In between, restarts the member each time its engine stops itself.
   */
  String awaitEnd() throws InterruptedException {
    while (true) {
      CairnServer server = current();
      if (server == null) {
        return null;
      }
      EtcdServer etcd = server.etcd();
      Object end;
      try {
        end = CompletableFuture.anyOf(etcd.engineStoppedNotify(),
            etcd.removedNotify().thenApply(v -> EtcdServer.MEMBER_REMOVED)).get();
      } catch (ExecutionException e) {
        return e.getCause().toString();
      }
      if (EtcdServer.MEMBER_REMOVED.equals(end)) {
        return EtcdServer.MEMBER_REMOVED;
      }
      if (!mayRestart()) {
        return end + "; gave up after " + maxRestarts + " restarts within " + window;
      }
      LOG.warn("starting the member again from its data dir: {}", end);
      synchronized (this) {
        if (stopping) {
          return null;
        }
        current = null;
      }
      server.close();
      // not under the lock: a start waits for a leader, and a stop must not wait for that
      CairnServer next = CairnServer.start(config);
      synchronized (this) {
        if (!stopping) {
          current = next;
          continue;
        }
      }
      next.close();
      return null;
    }
  }

  private boolean mayRestart() {
    long now = System.nanoTime();
    while (!restarts.isEmpty() && now - restarts.peekFirst() > window.toNanos()) {
      restarts.removeFirst();
    }
    if (restarts.size() >= maxRestarts) {
      return false;
    }
    restarts.addLast(now);
    return true;
  }

  /** Stops the member gracefully (SIGTERM); a restart under way ends instead. */
  void stop() {
    CairnServer server;
    synchronized (this) {
      stopping = true;
      server = current;
    }
    if (server != null) {
      GracefulStop.stop(server);
    }
  }
}
