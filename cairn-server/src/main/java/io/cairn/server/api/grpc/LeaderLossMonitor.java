package io.cairn.server.api.grpc;

import io.cairn.server.concurrent.DaemonThreads;
import io.cairn.server.errors.EtcdError;
import io.grpc.Status;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * etcd's monitorLeader: long-lived streams (watch, lease keep-alive) whose client sent
 * {@code hasleader: true} are ended with "etcdserver: no leader" once this member has known no
 * leader for three election timeouts, so such a client moves to another member.
 */
public final class LeaderLossMonitor implements AutoCloseable {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(LeaderLossMonitor.class);
  /** A stream that can be ended from another thread. */
  interface LeaderBoundStream {
    void abort(Status status);
  }

  private static final int ELECTIONS_WITHOUT_LEADER = 3;

  private final LongSupplier leaderId;
  private final ScheduledExecutorService timer;
  private final Set<LeaderBoundStream> streams = ConcurrentHashMap.newKeySet();
  private int electionsWithoutLeader; // only touched by the timer thread

  public LeaderLossMonitor(LongSupplier leaderId, long electionTimeoutMs) {
    this.leaderId = leaderId;
    this.timer = DaemonThreads.scheduler("leader-loss-monitor");
    timer.scheduleWithFixedDelay(this::check, electionTimeoutMs, electionTimeoutMs,
        TimeUnit.MILLISECONDS);
  }

  /** Watches the stream if the current call's client requires a leader. */
  void registerIfRequired(LeaderBoundStream s) {
    if (Boolean.TRUE.equals(RequireLeaderInterceptor.REQUIRES_LEADER.get())) {
      streams.add(s);
    }
  }

  void unregister(LeaderBoundStream s) {
    streams.remove(s);
  }

  /** A periodic task that throws is never run again: nothing may escape. */
  private void check() {
    try {
      checkOnce();
    } catch (RuntimeException | Error e) {
      LOG.warn("leader loss check failed", e);
    }
  }

  private void checkOnce() {
    if (leaderId.getAsLong() != 0) {
      electionsWithoutLeader = 0;
      return;
    }
    if (++electionsWithoutLeader < ELECTIONS_WITHOUT_LEADER) {
      return;
    }
    for (LeaderBoundStream s : streams) {
      streams.remove(s);
      try {
        s.abort(EtcdError.NO_LEADER.toStatus());
      } catch (RuntimeException e) {
        // one stream's failure must not keep the others open
        LOG.warn("ending a stream without a leader failed", e);
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
