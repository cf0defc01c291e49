package io.cairn.server.raft;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** etcd's "slow fdatasync" warning, for a log fsync slower than its one second, then the timings. */
final class SlowSyncWarning implements RaftTimings {
  private static final Logger LOG = LoggerFactory.getLogger(SlowSyncWarning.class);
  static final long EXPECTED_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final RaftTimings next;

  SlowSyncWarning(RaftTimings next) {
    this.next = next;
  }

  @Override
  public void logSynced(long nanos) {
    if (nanos > EXPECTED_NANOS) {
      LOG.warn("slow fdatasync took={}ms expected-duration=1s", nanos / 1_000_000);
    }
    next.logSynced(nanos);
  }

  @Override
  public void heartbeatAnswered(long memberId, long nanos) {
    next.heartbeatAnswered(memberId, nanos);
  }
}
