package io.cairn.nemesis.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.nemesis.history.Call;
import io.cairn.nemesis.history.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@link KvChecker#reduce} leaves out or renames must never change a verdict: a history that
 * needs an unknown write nobody read must still pass, and one that would need such a write where
 * it cannot be (before its invocation, or twice) must still fail. Many unknown outcomes must not
 * blow the search up; a search that is cut off is UNCHECKED, not passed.
 */
class PruningTest {

  @Test
  void anUnreadUnknownWriteStillExplainsAFailedCompareAndSet() {
    // put a; maybe put b; then a compare on a fails: only b explains it
    assertThat(new Histories()
        .put(0, "k", "a", 0, 1, 2)
        .putUnknown(1, "k", "b", 2, 3)
        .cas(2, "k", "a", "c", false, 10, 11, 3)
        .check()).isEmpty();
  }

  @Test
  void anUnreadUnknownDeleteStillExplainsAGetOfNothing() {
    assertThat(new Histories()
        .put(0, "k", "a", 0, 1, 2)
        .deleteUnknown(1, "k", 2, 3)
        .get(2, "k", null, 0, 10, 11, 3)
        .check()).isEmpty();
  }

  @Test
  void anUnreadUnknownCompareAndSetStillExplainsADeleteThatFoundTheKey() {
    assertThat(new Histories()
        .delete(0, "k", 0, 0, 1, 1)
        .casUnknown(1, "k", null, "b", 2, 3)
        .delete(2, "k", 1, 10, 11, 3)
        .check()).isEmpty();
  }

  @Test
  void anUnreadUnknownWriteInvokedAfterTheFailedCompareCannotExplainIt() {
    assertThat(new Histories()
        .put(0, "k", "a", 0, 1, 2)
        .cas(2, "k", "a", "c", false, 2, 3, 2)
        .putUnknown(1, "k", "b", 5, 6)
        .check()).extracting(Anomaly::kind).containsExactly("not-linearizable");
  }

  @Test
  void oneUnreadUnknownWriteExplainsOneFailedCompareNotTwo() {
    // two failed compares, each after a different acknowledged put: each needs its own write
    Histories one = new Histories()
        .put(0, "k", "a", 0, 1, 2)
        .putUnknown(1, "k", "x", 2, 3)
        .cas(2, "k", "a", "n1", false, 4, 5, 3)
        .put(0, "k", "c", 6, 7, 4)
        .cas(2, "k", "c", "n2", false, 8, 9, 4);
    assertThat(one.check()).extracting(Anomaly::kind).containsExactly("not-linearizable");
    // with two interchangeable unknown writes both compares are explained
    Histories two = new Histories()
        .put(0, "k", "a", 0, 1, 2)
        .putUnknown(1, "k", "x", 2, 3)
        .putUnknown(3, "k", "y", 2, 3)
        .cas(2, "k", "a", "n1", false, 4, 5, 3)
        .put(0, "k", "c", 6, 7, 4)
        .cas(2, "k", "c", "n2", false, 8, 9, 4);
    assertThat(two.check()).isEmpty();
  }

  @Test
  void reduceRenamesUnreadValuesAndDropsUnknownWritesAfterTheLastFailedCompare() {
    List<Op> ops = new Histories()
        .put(0, "k", "a", 0, 1, 2)
        .putUnknown(1, "k", "early", 2, 3)
        .cas(2, "k", "a", "c", false, 4, 5, 3)
        .putUnknown(1, "k", "late", 6, 7)
        .put(0, "k", "read", 8, 9, 4)
        .get(2, "k", "read", 4, 10, 11, 4)
        .ops();
    List<Op> reduced = KvChecker.reduce(ops);
    assertThat(reduced).hasSize(5);
    assertThat(reduced).extracting(op -> op.call() instanceof Call.Put p ? p.value() : "-")
        .containsExactly("a", KvChecker.OTHER, "-", "read", "-");
  }

  /**
   * 150 rounds of a long outage: an acknowledged put, 4 clients' unknown writes nobody reads, and a
   * failed compare on the value put; with {@code readBack} each put is read back first.
   */
  private static Histories outage(boolean readBack) {
    Histories h = new Histories();
    long t = 0;
    int rev = 1;
    for (int i = 0; i < 150; i++, t += 10) {
      h.put(0, "k", "v" + i, t, t + 1, ++rev);
      if (readBack) {
        h.get(5, "k", "v" + i, rev, t + 1, t + 2, rev);
      }
      for (int c = 1; c <= 4; c++) {
        h.putUnknown(c, "k", "u" + i + "-" + c, t + 2, t + 4);
      }
      h.cas(5, "k", "v" + i, "n" + i, false, t + 5, t + 6, rev);
    }
    return h;
  }

  private static KvChecker bounded() {
    return new KvChecker(new Linearizability.Limits(2_000_000, 64L << 20), List.of());
  }

  @Test
  void hundredsOfUnknownWritesDoNotBlowTheSearchUp() {
    // n149 was never written (its compare failed): the search has to exhaust every placement of
    // the 600 unknown writes, which it must do within the bounds
    KvChecker checker = bounded();
    assertThat(checker.check(outage(false).get(5, "k", "n149", 152, 1500, 1501, 152).ops()))
        .extracting(Anomaly::kind).containsExactly("not-linearizable");
    assertThat(checker.uncheckedKeys()).isEmpty();
  }

  @Test
  void hundredsOfUnknownWritesInALinearizableHistoryPass() {
    KvChecker checker = bounded();
    assertThat(checker.check(outage(true).ops())).isEmpty();
    assertThat(checker.uncheckedKeys()).isEmpty();
    assertThat(checker.keysLinearizable()).isEqualTo(1);
  }

  @Test
  void aSearchCutOffByMemoryIsUncheckedNeverPassed() {
    KvChecker checker = new KvChecker(new Linearizability.Limits(1_000_000, 1), List.of());
    assertThat(checker.check(new Histories()
        .put(0, "k", "a", 0, 10, 2)
        .put(1, "k", "b", 0, 10, 3)
        .get(2, "k", "b", 3, 11, 12, 3)
        .ops())).isEmpty();
    assertThat(checker.uncheckedKeys()).containsExactly("k");
    assertThat(checker.uncheckedReasons().get("k")).contains("memory");
    assertThat(checker.keysLinearizable()).isZero();
  }

  @Test
  void aCounterexampleIsAShortReadableWindow() {
    Histories h = new Histories();
    long t = 0;
    int rev = 1;
    for (int i = 0; i < 60; i++) {
      h.put(i % 3, "k", "v" + i, t, t + 2, ++rev);
      h.get((i + 1) % 3, "k", "v" + i, rev, t + 3, t + 4, rev);
      h.putUnknown(3, "k", "u" + i, t + 1, t + 3);
      t += 5;
    }
    // the stale read: v58 after v59 was acknowledged and read
    h.get(4, "k", "v58", rev - 1, t + 1, t + 2, rev);
    List<Anomaly> anomalies = h.check();
    assertThat(anomalies).extracting(Anomaly::kind).containsExactly("not-linearizable");
    List<String> lines = anomalies.get(0).evidence();
    assertThat(lines).hasSizeLessThanOrEqualTo(5);
    assertThat(lines).anyMatch(l -> l.contains("put k = v59"));
    assertThat(lines).anyMatch(l -> l.startsWith("=> ") && l.contains("get k -> v58"));
    assertThat(lines).allMatch(l -> l.matches("(=> | ~ |   | \\. )#\\d+ +c\\d@m\\d .* \\[ *[+-]\\d+\\.\\d"
        + " \\.\\..*"));
  }
}
