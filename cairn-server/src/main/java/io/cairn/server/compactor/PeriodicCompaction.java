package io.cairn.server.compactor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd 3.4's periodic mode: the revision is sampled every tenth of the compaction interval (the
 * retention, at most an hour), and once the retention has passed since the start (later, the
 * interval since the last success), the history before the oldest sample, one retention old, is
 * compacted. A failure is retried at the next sample.
 */
final class PeriodicCompaction implements CompactionPolicy {
  private static final Logger LOG = LoggerFactory.getLogger(PeriodicCompaction.class);
  private static final Duration LONGEST_INTERVAL = Duration.ofHours(1);
  private static final int SAMPLES_PER_INTERVAL = 10;
  /** etcd would spin on a retention under 10 ns; Cairn samples at most every millisecond. */
  private static final Duration SHORTEST_SAMPLE_INTERVAL = Duration.ofMillis(1);

  private final Duration retention;
  private final Duration compactInterval;
  private final Duration sampleInterval;
  private final int samplesKept;
  private final CompactionTarget target;
  private final LongSupplier nanoClock;
  /** The revisions sampled over the last retention, oldest first. */
  private final Deque<Long> samples = new ArrayDeque<>();
  private long lastSuccessNanos;
  /** The retention until the first compaction, then the compaction interval. */
  private Duration wait;

  PeriodicCompaction(Duration retention, CompactionTarget target, LongSupplier nanoClock) {
    this.retention = retention;
    this.compactInterval = retention.compareTo(LONGEST_INTERVAL) > 0 ? LONGEST_INTERVAL : retention;
    Duration tenth = compactInterval.dividedBy(SAMPLES_PER_INTERVAL);
    this.sampleInterval = tenth.compareTo(SHORTEST_SAMPLE_INTERVAL) < 0 ? SHORTEST_SAMPLE_INTERVAL : tenth;
    this.samplesKept = (int) (retention.toNanos() / sampleInterval.toNanos()) + 1;
    this.target = target;
    this.nanoClock = nanoClock;
    this.lastSuccessNanos = nanoClock.getAsLong();
    this.wait = retention;
    sample();
  }

  @Override
  public Duration interval() {
    return sampleInterval;
  }

  @Override
  public void tick() {
    if (target.isLeader() && nanoClock.getAsLong() - lastSuccessNanos >= wait.toNanos()) {
      wait = compactInterval;
      long revision = samples.peekFirst();
      LOG.info("starting auto periodic compaction revision={} compact-period={}", revision, retention);
      try {
        target.compact(revision);
        lastSuccessNanos = nanoClock.getAsLong();
        LOG.info("completed auto periodic compaction revision={}", revision);
      } catch (Exception e) {
        LOG.warn("failed auto periodic compaction revision={} retry-interval={}: {}", revision,
            sampleInterval, e.toString());
      }
    }
    sample();
  }

  private void sample() {
    samples.addLast(target.currentRevision());
    if (samples.size() > samplesKept) {
      samples.removeFirst();
    }
  }
}
