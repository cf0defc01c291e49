package io.cairn.server.compactor;

import io.cairn.server.concurrent.DaemonThreads;
import io.cairn.server.config.ServerConfig.AutoCompaction;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the configured compaction policy on a thread of its own (a compaction waits for its apply). */
public final class AutoCompactor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AutoCompactor.class);
  private final ScheduledExecutorService timer = DaemonThreads.scheduler("auto-compaction");

  private AutoCompactor(CompactionPolicy policy) {
    long every = policy.interval().toNanos();
    timer.scheduleWithFixedDelay(() -> {
      try {
        policy.tick();
      } catch (RuntimeException e) {
        // a task that throws is never run again: one bad tick must not end compaction
        LOG.warn("auto-compaction check failed, retrying at the next one", e);
      }
    }, every, every, TimeUnit.NANOSECONDS);
  }

  /** Starts compacting as configured (the caller checks that it is enabled). */
  public static AutoCompactor start(AutoCompaction config, CompactionTarget target) {
    return new AutoCompactor(policy(config, target));
  }

  static CompactionPolicy policy(AutoCompaction config, CompactionTarget target) {
    return config.mode().equals(AutoCompaction.REVISION)
        ? new RevisionCompaction(config.revisions(), target)
        : new PeriodicCompaction(config.retention(), target, System::nanoTime);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
