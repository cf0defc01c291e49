package io.cairn.server.compactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** etcd 3.4's compaction schedules, on a clock and a store the test moves. */
class CompactionPolicyTest {

  /** A store whose revision, leadership and compaction failures the test sets. */
  static final class FakeTarget implements CompactionTarget {
    long revision = 1;
    boolean leader = true;
    boolean failing;
    final List<Long> compacted = new ArrayList<>();

    @Override
    public long currentRevision() {
      return revision;
    }

    @Override
    public boolean isLeader() {
      return leader;
    }

    @Override
    public void compact(long rev) {
      if (failing) {
        throw new IllegalStateException("no leader");
      }
      compacted.add(rev);
    }
  }

  static final class Clock {
    long nanos = 1_000_000_000L;
  }

  /** Advances by one sample interval, writing {@code writes} revisions first. */
  private static void step(PeriodicCompaction p, Clock clock, FakeTarget t, int writes) {
    t.revision += writes;
    clock.nanos += p.interval().toNanos();
    p.tick();
  }

  @Test
  void periodicKeepsTheRetentionSamplingEveryTenth() {
    Clock clock = new Clock();
    FakeTarget t = new FakeTarget();
    PeriodicCompaction p = new PeriodicCompaction(Duration.ofMinutes(10), t, () -> clock.nanos);
    assertThat(p.interval()).isEqualTo(Duration.ofMinutes(1));

    // ten revisions a minute; nothing is compacted before the retention has passed
    for (int minute = 1; minute < 10; minute++) {
      step(p, clock, t, 10);
    }
    assertThat(t.compacted).isEmpty();
    step(p, clock, t, 10);
    // the oldest sample is the revision of ten minutes ago: the start
    assertThat(t.compacted).containsExactly(1L);

    // then every ten minutes (the retention, under an hour), each time to the oldest of the eleven
    // samples kept: the revision of eleven minutes before
    for (int minute = 11; minute <= 20; minute++) {
      step(p, clock, t, 10);
    }
    assertThat(t.compacted).containsExactly(1L, 1L + 9 * 10);
  }

  @Test
  void periodicOverAnHourCompactsHourlyKeepingTheWholeRetention() {
    Clock clock = new Clock();
    FakeTarget t = new FakeTarget();
    PeriodicCompaction p = new PeriodicCompaction(Duration.ofHours(2), t, () -> clock.nanos);
    assertThat(p.interval()).isEqualTo(Duration.ofMinutes(6));
    // one revision per six minutes: after two hours, the start; then each hour, to the revision of
    // two hours and one sample before
    for (int i = 1; i <= 20; i++) {
      step(p, clock, t, 1);
    }
    assertThat(t.compacted).containsExactly(1L);
    for (int i = 21; i <= 30; i++) {
      step(p, clock, t, 1);
    }
    assertThat(t.compacted).containsExactly(1L, 1L + 9);
  }

  @Test
  void periodicRetriesAFailureAtTheNextSampleAndPausesOnFollowers() {
    Clock clock = new Clock();
    FakeTarget t = new FakeTarget();
    PeriodicCompaction p = new PeriodicCompaction(Duration.ofSeconds(10), t, () -> clock.nanos);
    t.leader = false;
    for (int i = 0; i < 30; i++) {
      step(p, clock, t, 1);
    }
    assertThat(t.compacted).as("a follower never compacts").isEmpty();
    t.leader = true;
    t.failing = true;
    step(p, clock, t, 1);
    assertThat(t.compacted).isEmpty();
    t.failing = false;
    step(p, clock, t, 1);
    // the oldest of the eleven samples kept
    assertThat(t.compacted).containsExactly(t.revision - 11);
  }

  @Test
  void periodicNeverCompactsARevisionYoungerThanTheRetention() {
    Clock clock = new Clock();
    FakeTarget t = new FakeTarget();
    Duration retention = Duration.ofSeconds(5);
    PeriodicCompaction p = new PeriodicCompaction(retention, t, () -> clock.nanos);
    List<long[]> written = new ArrayList<>(); // {revision, nanos}
    written.add(new long[] {t.revision, clock.nanos});
    for (int i = 0; i < 200; i++) {
      int before = t.compacted.size();
      step(p, clock, t, i % 7);
      written.add(new long[] {t.revision, clock.nanos});
      if (t.compacted.size() > before) {
        long rev = t.compacted.get(t.compacted.size() - 1);
        long now = clock.nanos;
        // the revision compacted was current at least the retention ago
        assertThat(written.stream().filter(w -> w[0] >= rev).mapToLong(w -> w[1]).min().orElse(now))
            .isLessThanOrEqualTo(now - retention.toNanos());
      }
    }
    assertThat(t.compacted).hasSizeGreaterThan(15);
  }

  @Test
  void revisionModeKeepsTheLastRevisionsEveryFiveMinutes() {
    FakeTarget t = new FakeTarget();
    RevisionCompaction r = new RevisionCompaction(100, t);
    assertThat(r.interval()).isEqualTo(Duration.ofMinutes(5));
    t.revision = 50;
    r.tick();
    assertThat(t.compacted).as("fewer revisions than kept").isEmpty();
    t.revision = 1000;
    r.tick();
    r.tick();
    assertThat(t.compacted).as("the same revision is not compacted twice").containsExactly(900L);
    t.leader = false;
    t.revision = 2000;
    r.tick();
    assertThat(t.compacted).containsExactly(900L);
    t.leader = true;
    t.failing = true;
    r.tick();
    t.failing = false;
    r.tick();
    assertThat(t.compacted).containsExactly(900L, 1900L);
  }
}
