package io.cairn.server.backup;

import io.cairn.server.backend.Backend;
import io.cairn.server.concurrent.DaemonThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --backup-dir}, {@code --backup-interval}, {@code --backup-retention}: the leader writes a
 * verified backup every interval, so that one member at a time takes them. A failed backup is
 * reported ({@code failed}, which raises an alarm) and logged, never passed over in silence.
 */
public final class ScheduledBackups implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduledBackups.class);

  private final BackupWriter writer;
  private final Backend backend;
  private final LongSupplier revision;
  private final BooleanSupplier isLeader;
  private final Outcomes outcomes;
  private final ScheduledExecutorService timer = DaemonThreads.scheduler(
      "scheduled-backups");

  /** Told of every backup this member takes, or fails to take. */
  public interface Outcomes {
    void taken();

    void failed(Exception e);
  }

  public ScheduledBackups(BackupWriter writer, Backend backend, LongSupplier revision,
      BooleanSupplier isLeader, Outcomes outcomes) {
    this.writer = writer;
    this.backend = backend;
    this.revision = revision;
    this.isLeader = isLeader;
    this.outcomes = outcomes;
  }

  public void start(Duration interval) {
    long ms = interval.toMillis();
    LOG.info("scheduled backups every {} ms", ms);
    timer.scheduleWithFixedDelay(this::takeIfLeader, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** Takes one backup now if this member leads. */
  void takeIfLeader() {
    if (!isLeader.getAsBoolean()) {
      return;
    }
    long start = System.nanoTime();
    long rev = revision.getAsLong();
    try (Backend.ReadSnapshot snap = backend.snapshot()) {
      Path file = writer.write(snap, rev, Instant.now());
      LOG.info("backup taken file={} revision={} bytes={} took={}ms", file, rev, Files.size(file),
          (System.nanoTime() - start) / 1_000_000);
      outcomes.taken();
    } catch (IOException | RuntimeException e) {
      LOG.error("backup failed revision={}: {}", rev, e.toString());
      outcomes.failed(e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
