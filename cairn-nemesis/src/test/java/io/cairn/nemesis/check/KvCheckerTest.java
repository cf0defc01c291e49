package io.cairn.nemesis.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KvCheckerTest {

  @Test
  void sequentialPutsAndGetsAreLinearizable() {
    assertThat(new Histories()
        .get(0, "k", null, 0, 0, 1, 1)
        .put(0, "k", "a", 2, 3, 2)
        .get(1, "k", "a", 2, 4, 5, 2)
        .put(1, "k", "b", 6, 7, 3)
        .get(0, "k", "b", 3, 8, 9, 3)
        .check()).isEmpty();
  }

  @Test
  void aReadConcurrentWithAWriteMayReturnEitherValue() {
    assertThat(new Histories()
        .put(0, "k", "a", 0, 1, 2)
        .put(0, "k", "b", 2, 10, 3)
        .get(1, "k", "a", 2, 3, 4, 2)
        .get(2, "k", "b", 3, 4, 5, 3)
        .check()).isEmpty();
  }

  @Test
  void aStaleReadAfterAnAcknowledgedWriteIsNotLinearizable() {
    List<Anomaly> anomalies = new Histories()
        .put(0, "k", "a", 0, 1, 2)
        .put(0, "k", "b", 2, 3, 3)
        .get(1, "k", "a", 2, 4, 5, 2)
        .check();
    assertThat(anomalies).hasSize(1);
    Anomaly a = anomalies.get(0);
    assertThat(a.kind()).isEqualTo("not-linearizable");
    // the window: the write of b and the stale read, marked; the first put only as context
    assertThat(a.evidence()).hasSize(3);
    assertThat(a.evidence().get(0)).startsWith(" . ").contains("put k = a");
    assertThat(a.evidence().get(1)).startsWith("   ").contains("put k = b");
    assertThat(a.evidence().get(2)).startsWith("=> ").contains("get k -> a");
  }

  @Test
  void readsMustNotGoBackAfterAnotherClientSawTheNewValue() {
    assertThat(new Histories()
        .put(0, "k", "a", 0, 1, 2)
        .put(0, "k", "b", 2, 20, 3)
        .get(1, "k", "b", 3, 4, 5, 3)
        .get(2, "k", "a", 2, 6, 7, 2)
        .check()).extracting(Anomaly::kind).containsExactly("not-linearizable");
  }

  @Test
  void anIndeterminateWriteMayTakeEffectLongAfterTheClientGaveUp() {
    assertThat(new Histories()
        .put(0, "k", "a", 0, 1, 2)
        .putUnknown(0, "k", "b", 2, 3)
        .get(1, "k", "a", 2, 10, 11, 2)
        .get(1, "k", "b", 3, 20, 21, 3)
        .check()).isEmpty();
  }

  @Test
  void anIndeterminateWriteMayNeverTakeEffect() {
    assertThat(new Histories()
        .put(0, "k", "a", 0, 1, 2)
        .putUnknown(0, "k", "b", 2, 3)
        .get(1, "k", "a", 2, 30, 31, 2)
        .check()).isEmpty();
  }

  @Test
  void anIndeterminateWriteTakesEffectOnlyOnce() {
    assertThat(new Histories()
        .put(0, "k", "a", 0, 1, 2)
        .putUnknown(0, "k", "b", 2, 3)
        .get(1, "k", "b", 3, 10, 11, 3)
        .get(1, "k", "a", 2, 12, 13, 2)
        .check()).extracting(Anomaly::kind).containsExactly("not-linearizable");
  }

  @Test
  void anIndeterminateWriteCannotTakeEffectBeforeItsInvocation() {
    assertThat(new Histories()
        .put(0, "k", "a", 0, 1, 2)
        .get(1, "k", "b", 3, 2, 3, 3)
        .putUnknown(0, "k", "b", 5, 6)
        .check()).extracting(Anomaly::kind).contains("not-linearizable");
  }

  @Test
  void twoCompareAndSetsFromTheSameValueCannotBothSucceed() {
    assertThat(new Histories()
        .put(0, "k", "a", 0, 1, 2)
        .cas(1, "k", "a", "b", true, 2, 5, 3)
        .cas(2, "k", "a", "c", true, 2, 5, 4)
        .check()).extracting(Anomaly::kind).containsExactly("not-linearizable");
  }

  @Test
  void aFailedCompareMeansTheValueDiffered() {
    assertThat(new Histories()
        .put(0, "k", "a", 0, 1, 2)
        .cas(1, "k", "a", "b", false, 2, 3, 2)
        .check()).extracting(Anomaly::kind).containsExactly("not-linearizable");
    assertThat(new Histories()
        .put(0, "k", "a", 0, 1, 2)
        .put(2, "k", "x", 0, 4, 3)
        .cas(1, "k", "a", "b", false, 2, 3, 3)
        .check()).isEmpty();
  }

  @Test
  void aCompareOnModRevisionComparesTheValueWrittenAtThatRevision() {
    assertThat(new Histories()
        .put(0, "k", "a", 0, 1, 2)
        .get(1, "k", "a", 2, 2, 3, 2)
        .casRevision(1, "k", 2, "b", true, 4, 5, 3)
        .casRevision(2, "k", 2, "c", true, 6, 7, 4)
        .check()).extracting(Anomaly::kind).containsExactly("not-linearizable");
    assertThat(new Histories()
        .casRevision(1, "k", 0, "a", true, 0, 1, 2)
        .casRevision(1, "k", 2, "b", true, 2, 3, 3)
        .get(0, "k", "b", 3, 4, 5, 3)
        .check()).isEmpty();
  }

  @Test
  void aDeleteReportsWhetherTheKeyExisted() {
    assertThat(new Histories()
        .put(0, "k", "a", 0, 1, 2)
        .delete(0, "k", 1, 2, 3, 3)
        .delete(1, "k", 0, 4, 5, 3)
        .get(1, "k", null, 0, 6, 7, 3)
        .check()).isEmpty();
    assertThat(new Histories()
        .put(0, "k", "a", 0, 1, 2)
        .delete(1, "k", 0, 4, 5, 3)
        .check()).extracting(Anomaly::kind).containsExactly("not-linearizable");
  }

  @Test
  void oneValueSeenAtTwoModRevisionsIsAWriteAppliedTwice() {
    assertThat(new Histories()
        .put(0, "k", "a", 0, 1, 2)
        .get(1, "k", "a", 5, 2, 3, 6)
        .check()).extracting(Anomaly::kind).contains("value-at-two-revisions");
  }

  @Test
  void keysAreCheckedIndependently() {
    assertThat(new Histories()
        .put(0, "x", "a", 0, 1, 2)
        .put(0, "y", "b", 2, 3, 3)
        .get(1, "x", "a", 2, 4, 5, 3)
        .check()).isEmpty();
  }
}
