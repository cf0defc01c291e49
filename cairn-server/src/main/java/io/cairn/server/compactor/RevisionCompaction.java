package io.cairn.server.compactor;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** etcd 3.4's revision mode: every five minutes, the history before the last N revisions goes. */
final class RevisionCompaction implements CompactionPolicy {
  private static final Logger LOG = LoggerFactory.getLogger(RevisionCompaction.class);
  static final Duration INTERVAL = Duration.ofMinutes(5);

  private final long revisionsKept;
  private final CompactionTarget target;
  private long lastCompacted;

  RevisionCompaction(long revisionsKept, CompactionTarget target) {
    this.revisionsKept = revisionsKept;
    this.target = target;
  }

  @Override
  public Duration interval() {
    return INTERVAL;
  }

  @Override
  public void tick() {
    if (!target.isLeader()) {
      return;
    }
    long revision = target.currentRevision() - revisionsKept;
    if (revision <= 0 || revision == lastCompacted) {
      return;
    }
    LOG.info("starting auto revision compaction revision={} revision-compaction-retention={}",
        revision, revisionsKept);
    try {
      target.compact(revision);
      lastCompacted = revision;
      LOG.info("completed auto revision compaction revision={}", revision);
    } catch (Exception e) {
      LOG.warn("failed auto revision compaction revision={} retry-interval={}: {}", revision,
          INTERVAL, e.toString());
    }
  }
}
