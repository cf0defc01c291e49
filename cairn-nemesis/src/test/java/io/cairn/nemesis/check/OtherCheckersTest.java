package io.cairn.nemesis.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.nemesis.history.Call;
import io.cairn.nemesis.history.History;
import io.cairn.nemesis.history.Outcome;
import io.cairn.nemesis.history.Result;
import io.cairn.nemesis.history.WatchEvent;
import io.cairn.nemesis.history.WatchLog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtherCheckersTest {
  private static final List<WatchEvent> REFERENCE = List.of(
      new WatchEvent(2, "k/a", "v1", 2, 1, null, 0),
      new WatchEvent(3, "k/b", "v2", 3, 1, null, 0),
      new WatchEvent(4, "k/a", "v3", 2, 2, "v1", 2),
      new WatchEvent(5, "k/a", null, 0, 0, "v3", 4),
      new WatchEvent(6, "k/a", "v4", 6, 1, null, 0));

  private static WatchLog watcher(long from, int... indexes) {
    WatchLog w = new WatchLog(1, "k/", from);
    for (int i : indexes) {
      w.add(REFERENCE.get(i));
    }
    return w;
  }

  @Test
  void aWatcherMustSeeEveryEventOnceInOrder() {
    assertThat(WatchChecker.check(REFERENCE, List.of(watcher(1, 0, 1, 2, 3, 4),
        watcher(3, 1, 2), watcher(5, 3, 4)))).isEmpty();
    assertThat(WatchChecker.check(REFERENCE, List.of(watcher(1, 0, 2, 3))))
        .extracting(Anomaly::description).allMatch(d -> d.contains("a gap"));
    assertThat(WatchChecker.check(REFERENCE, List.of(watcher(1, 0, 1, 1, 2))))
        .extracting(Anomaly::description).allMatch(d -> d.contains("again or out of order"));
    assertThat(WatchChecker.check(REFERENCE, List.of(watcher(4, 1, 2)))).hasSize(1);
  }

  @Test
  void aResumedWatcherContinuesFromItsLastRevision() {
    WatchLog w = watcher(1, 0, 1);
    assertThat(w.nextRevision()).isEqualTo(4);
    w.resumed();
    w.add(REFERENCE.get(2));
    assertThat(WatchChecker.check(REFERENCE, List.of(w))).isEmpty();
  }

  @Test
  void prevKvMustBeTheKeysPreviousEvent() {
    List<WatchEvent> wrong = List.of(REFERENCE.get(0),
        new WatchEvent(4, "k/a", "v3", 2, 2, "v0", 1));
    assertThat(WatchChecker.check(wrong, List.of())).extracting(Anomaly::kind)
        .containsExactly("watch-prev-kv");
  }

  @Test
  void acknowledgedWritesMustBeInTheFinalHistoryExactlyOnce() {
    History h = new History();
    h.add(0, 0, new Call.Put("k/a", "v1", 0), 0, 1, Outcome.OK, Result.write(2));
    h.add(0, 0, new Call.Put("k/a", "v3", 0), 2, 3, Outcome.OK, Result.write(4));
    h.add(0, 0, new Call.Put("k/b", "v2", 0), 2, 3, Outcome.INDETERMINATE, null);
    assertThat(DurabilityChecker.check(h.ops(), REFERENCE)).isEmpty();
    h.add(1, 0, new Call.Put("k/c", "v9", 0), 4, 5, Outcome.OK, Result.write(7));
    assertThat(DurabilityChecker.check(h.ops(), REFERENCE)).extracting(Anomaly::kind)
        .containsExactly("lost-write");
    List<WatchEvent> twice = new java.util.ArrayList<>(REFERENCE);
    twice.add(new WatchEvent(7, "k/a", "v1", 6, 2, "v4", 6));
    assertThat(DurabilityChecker.check(List.of(), twice)).extracting(Anomaly::kind)
        .containsExactly("applied-twice");
  }

  @Test
  void serializableReadsReturnWrittenValuesAndRevisionsNeverGoBack() {
    History h = new History();
    h.add(0, 0, new Call.Put("k", "v1", 0), 0, 1, Outcome.OK, Result.write(2));
    h.add(0, 1, new Call.Get("k", true), 2, 3, Outcome.OK, Result.read(2, "v1", 2));
    h.add(0, 1, new Call.Get("k", true), 4, 5, Outcome.OK, Result.read(1, null, 0));
    h.add(1, 0, new Call.Get("k", true), 4, 5, Outcome.OK, Result.read(9, "v7", 9));
    h.add(0, 0, new Call.Get("k", false), 6, 7, Outcome.OK, Result.read(1, null, 0));
    assertThat(ReadChecker.check(h.ops())).extracting(Anomaly::kind).containsExactlyInAnyOrder(
        "revision-went-backwards", "read-of-unwritten-value", "revision-went-backwards");
  }

  @Test
  void aLeaseKeyGoneWhileALaterKeepAliveSucceedsIsFound() {
    History h = new History();
    h.add(0, 1, new Call.LeaseGrant(6), 0, 1, Outcome.OK, Result.lease(1, 7, 6));
    h.add(0, 1, new Call.Put("lease/x", "v1", 7), 2, 3, Outcome.OK, Result.write(2));
    h.add(0, 1, new Call.KeepAlive(7), 4, 5, Outcome.OK, Result.lease(2, 7, 6));
    h.add(0, 1, new Call.Get("lease/x", false), 6, 7, Outcome.OK, Result.read(3, null, 0));
    assertThat(LeaseChecker.check(h.ops())).isEmpty();
    h.add(0, 1, new Call.KeepAlive(7), 8, 9, Outcome.OK, Result.lease(3, 7, 6));
    assertThat(LeaseChecker.check(h.ops())).extracting(Anomaly::kind)
        .containsExactly("lease-key-lost");
  }

  @Test
  void hashesMustAgree() {
    assertThat(HashChecker.check(5, Map.of("m1", 1L, "m2", 1L))).isEmpty();
    assertThat(HashChecker.check(5, Map.of("m1", 1L, "m2", 2L))).hasSize(1);
  }
}
