package io.cairn.server.mvcc;

import static io.cairn.server.mvcc.StoreHarness.bs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.ByteString;
import io.cairn.api.Event;
import io.cairn.api.KeyValue;
import io.cairn.server.backend.Bucket;
import io.cairn.server.errors.EtcdError;
import io.cairn.server.errors.EtcdException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvStoreTest {
  private static final ByteString FROM_KEY = ByteString.copyFrom(new byte[] {0});

  @TempDir Path dir;
  private StoreHarness h;

  @BeforeEach
  void open() {
    h = new StoreHarness(dir.resolve("db"));
  }

  @AfterEach
  void close() {
    h.close();
  }

  private KvStore store() {
    return h.store();
  }

  private List<String> keys(RangeResult r) {
    return r.kvs().stream().map(kv -> kv.getKey().toStringUtf8()).toList();
  }

  private static void assertEtcdError(ThrowingCallable call, EtcdError expected) {
    assertThatThrownBy(call).isInstanceOfSatisfying(EtcdException.class,
        e -> assertThat(e.error()).isEqualTo(expected));
  }

  /** (main, sub, tombstone) of every revision stored in the key bucket, in bucket order. */
  private List<String> storedRevisions() {
    List<String> out = new ArrayList<>();
    h.backend().forEach(Bucket.KEY, null, null, (k, v) -> {
      Revision r = Revision.fromKey(k);
      out.add(r.main() + "." + r.sub() + (Revision.isTombstone(k) ? "t" : ""));
      return true;
    });
    return out;
  }

  // ---- revisions, versions, generations

  @Test
  void emptyStoreIsAtRevisionOneAndFirstPutGetsRevisionTwo() {
    assertThat(store().currentRevision()).isEqualTo(1);
    assertThat(store().compactRevision()).as("never compacted").isEqualTo(-1);

    long rev = h.put("a", "1");

    assertThat(rev).isEqualTo(2);
    assertThat(store().currentRevision()).isEqualTo(2);
    KeyValue kv = h.get("a");
    assertThat(kv.getValue().toStringUtf8()).isEqualTo("1");
    assertThat(kv.getCreateRevision()).isEqualTo(2);
    assertThat(kv.getModRevision()).isEqualTo(2);
    assertThat(kv.getVersion()).isEqualTo(1);
  }

  @Test
  void updateKeepsCreateRevisionAndIncrementsVersion() {
    h.put("a", "1");
    h.put("other", "x");
    long rev = h.put("a", "2");

    KeyValue kv = h.get("a");
    assertThat(rev).isEqualTo(4);
    assertThat(kv.getCreateRevision()).isEqualTo(2);
    assertThat(kv.getModRevision()).isEqualTo(4);
    assertThat(kv.getVersion()).isEqualTo(2);
    assertThat(kv.getValue().toStringUtf8()).isEqualTo("2");
  }

  @Test
  void changesInOneWriteTxnShareTheMainRevisionWithIncreasingSubRevisions() {
    h.put("x", "0");

    StoreHarness.Written w = h.write(t -> {
      t.put(bs("a"), bs("1"), 0, false);
      t.put(bs("b"), bs("2"), 0, false);
      t.deleteRange(bs("x"), ByteString.EMPTY, false);
      t.put(bs("c"), bs("3"), 0, false);
    });

    assertThat(w.revision()).isEqualTo(3);
    assertThat(store().currentRevision()).isEqualTo(3);
    assertThat(w.events()).extracting(e -> e.getType(), e -> e.getKv().getKey().toStringUtf8(),
            e -> e.getKv().getModRevision())
        .containsExactly(
            tuple(Event.EventType.PUT, "a", 3L),
            tuple(Event.EventType.PUT, "b", 3L),
            tuple(Event.EventType.DELETE, "x", 3L),
            tuple(Event.EventType.PUT, "c", 3L));
    assertThat(store().history(3, 3, 100)).extracting(KvStore.HistoryEvent::revision)
        .containsExactly(new Revision(3, 0), new Revision(3, 1), new Revision(3, 2), new Revision(3, 3));
    assertThat(h.get("a").getCreateRevision()).isEqualTo(3);
    assertThat(h.get("c").getModRevision()).isEqualTo(3);
  }

  @Test
  void writeTxnWithoutChangesKeepsTheRevision() {
    h.put("a", "1");

    StoreHarness.Written w = h.write(t -> t.deleteRange(bs("missing"), ByteString.EMPTY, false));

    assertThat(w.revision()).isEqualTo(2);
    assertThat(w.events()).isEmpty();
    assertThat(store().currentRevision()).isEqualTo(2);
    assertThat(h.put("b", "2")).isEqualTo(3);
  }

  @Test
  void putAfterDeleteStartsANewGenerationAtVersionOne() {
    h.put("a", "1"); // 2
    h.put("a", "2"); // 3
    long del = h.delete("a"); // 4
    long again = h.put("a", "3"); // 5

    assertThat(del).isEqualTo(4);
    KeyValue kv = h.get("a");
    assertThat(kv.getVersion()).isEqualTo(1);
    assertThat(kv.getCreateRevision()).isEqualTo(again).isEqualTo(5);
    assertThat(kv.getModRevision()).isEqualTo(5);

    KeyValue old = h.get("a", 3);
    assertThat(old.getVersion()).isEqualTo(2);
    assertThat(old.getCreateRevision()).isEqualTo(2);
    assertThat(old.getValue().toStringUtf8()).isEqualTo("2");
    assertThat(h.get("a", 4)).as("tombstoned at 4").isNull();
  }

  @Test
  void deleteOfAMissingKeyWritesNoTombstone() {
    h.put("a", "1");
    StoreHarness.Written w = h.write(t -> assertThat(
        t.deleteRange(bs("b"), ByteString.EMPTY, true)).isEmpty());

    assertThat(w.events()).isEmpty();
    assertThat(storedRevisions()).containsExactly("2.0");
  }

  @Test
  void deleteRangeRemovesEveryLiveKeyInTheRangeAndReturnsThem() {
    h.put("a", "1");
    h.put("b", "2");
    h.put("c", "3");
    h.put("d", "4");
    h.delete("c");

    List<KeyValue> deleted = new ArrayList<>();
    StoreHarness.Written w = h.write(t -> deleted.addAll(t.deleteRange(bs("b"), bs("z"), true)));

    assertThat(deleted).extracting(kv -> kv.getKey().toStringUtf8(), kv -> kv.getValue().toStringUtf8())
        .containsExactly(tuple("b", "2"), tuple("d", "4"));
    assertThat(w.events()).allSatisfy(e -> {
      assertThat(e.getType()).isEqualTo(Event.EventType.DELETE);
      assertThat(e.getKv().getModRevision()).isEqualTo(w.revision());
      assertThat(e.getKv().getValue()).isEmpty();
      assertThat(e.getKv().getVersion()).isZero();
    });
    assertThat(keys(store().range(bs("a"), FROM_KEY, 0, 0, false))).containsExactly("a");
  }

  // ---- range

  @Test
  void rangeEndSelectsSingleKeyFromKeyHalfOpenIntervalOrNothing() {
    for (String k : List.of("a", "b", "ba", "c", "d")) {
      h.put(k, "v-" + k);
    }

    assertThat(keys(store().range(bs("b"), ByteString.EMPTY, 0, 0, false))).containsExactly("b");
    assertThat(keys(store().range(bs("bb"), ByteString.EMPTY, 0, 0, false))).isEmpty();
    assertThat(keys(store().range(bs("b"), FROM_KEY, 0, 0, false))).containsExactly("b", "ba", "c", "d");
    assertThat(keys(store().range(bs("b"), bs("d"), 0, 0, false))).containsExactly("b", "ba", "c");
    assertThat(keys(store().range(bs("a"), bs("b"), 0, 0, false))).containsExactly("a");

    RangeResult inverted = store().range(bs("d"), bs("b"), 0, 0, false);
    assertThat(inverted.kvs()).isEmpty();
    assertThat(inverted.count()).isZero();
    assertThat(store().range(bs("b"), bs("b"), 0, 0, false).kvs()).isEmpty();
  }

  @Test
  void keysAreOrderedAsUnsignedBytes() {
    ByteString high = ByteString.copyFrom(new byte[] {'a', (byte) 0xff});
    ByteString low = ByteString.copyFrom(new byte[] {'a', 0x01});
    h.write(t -> {
      t.put(high, bs("hi"), 0, false);
      t.put(low, bs("lo"), 0, false);
      t.put(bs("b"), bs("b"), 0, false);
    });

    RangeResult all = store().range(bs("a"), FROM_KEY, 0, 0, false);
    assertThat(all.kvs()).extracting(KeyValue::getKey).containsExactly(low, high, bs("b"));
    RangeResult prefix = store().range(bs("a"), bs("b"), 0, 0, false);
    assertThat(prefix.kvs()).extracting(KeyValue::getKey).containsExactly(low, high);
  }

  @Test
  void limitTruncatesResultsButCountIncludesEveryKeyInRange() {
    for (String k : List.of("a", "b", "c", "d")) {
      h.put(k, k);
    }
    h.delete("c");

    RangeResult limited = store().range(bs("a"), FROM_KEY, 0, 2, false);
    assertThat(keys(limited)).containsExactly("a", "b");
    assertThat(limited.count()).isEqualTo(3);

    RangeResult unlimited = store().range(bs("a"), FROM_KEY, 0, 0, false);
    assertThat(keys(unlimited)).containsExactly("a", "b", "d");

    RangeResult countOnly = store().range(bs("a"), FROM_KEY, 0, 1, true);
    assertThat(countOnly.kvs()).isEmpty();
    assertThat(countOnly.count()).isEqualTo(3);
  }

  @Test
  void readingAnOldRevisionSeesTheStoreAsItWasThen() {
    h.put("a", "1"); // 2
    h.put("b", "1"); // 3
    h.put("a", "2"); // 4
    h.delete("b"); // 5
    h.put("c", "1"); // 6

    RangeResult at3 = store().range(bs("a"), FROM_KEY, 3, 0, false);
    assertThat(at3.kvs()).extracting(kv -> kv.getKey().toStringUtf8(), kv -> kv.getValue().toStringUtf8())
        .containsExactly(tuple("a", "1"), tuple("b", "1"));
    assertThat(at3.revision()).as("header revision is the current one").isEqualTo(6);

    assertThat(keys(store().range(bs("a"), FROM_KEY, 5, 0, false))).containsExactly("a");
    assertThat(keys(store().range(bs("a"), FROM_KEY, 1, 0, false))).isEmpty();
    assertThat(store().range(bs("a"), FROM_KEY, 4, 0, false).count()).isEqualTo(2);
    assertThat(h.get("a", 4).getValue().toStringUtf8()).isEqualTo("2");
    assertThat(h.get("a", 0).getValue().toStringUtf8()).isEqualTo("2");
  }

  @Test
  void readAboveTheCurrentRevisionFailsWithFutureRev() {
    h.put("a", "1");

    assertEtcdError(() -> store().range(bs("a"), ByteString.EMPTY, 3, 0, false), EtcdError.FUTURE_REV);
    assertEtcdError(() -> store().hashKv(3), EtcdError.FUTURE_REV);
    assertEtcdError(() -> h.compact(3), EtcdError.FUTURE_REV);
    assertThat(store().range(bs("a"), ByteString.EMPTY, 2, 0, false).kvs()).hasSize(1);
  }

  @Test
  void readBelowTheCompactRevisionFailsWithCompacted() {
    h.put("a", "1"); // 2
    h.put("a", "2"); // 3
    h.put("a", "3"); // 4
    h.compact(3);

    assertThat(store().compactRevision()).isEqualTo(3);
    assertEtcdError(() -> store().range(bs("a"), ByteString.EMPTY, 2, 0, false), EtcdError.COMPACTED);
    assertEtcdError(() -> store().history(2, 4, 100), EtcdError.COMPACTED);
    assertEtcdError(() -> store().hashKv(2), EtcdError.COMPACTED);
    assertEtcdError(() -> h.compact(3), EtcdError.COMPACTED);
    assertEtcdError(() -> h.compact(2), EtcdError.COMPACTED);
    assertThat(h.get("a", 3).getValue().toStringUtf8()).as("compact revision itself is readable")
        .isEqualTo("2");
  }

  // ---- compaction

  @Test
  void revisionZeroOfANeverCompactedStoreCompactsOnceAsInEtcd() {
    h.compact(0); // etcd: 0 > compactMainRev (-1), so this succeeds (found by RandomDifferentialTest)

    assertThat(store().compactRevision()).isZero();
    assertEtcdError(() -> h.compact(0), EtcdError.COMPACTED);
    h.reopen();
    assertThat(store().compactRevision()).isZero();
    assertEtcdError(() -> h.compact(0), EtcdError.COMPACTED);
    assertThat(h.put("a", "1")).isEqualTo(2);
  }

  @Test
  void compactionKeepsEachLiveKeysNewestRevisionAndDropsDeletedKeys() {
    h.put("a", "a1"); // 2
    h.put("a", "a2"); // 3
    h.put("b", "b1"); // 4
    h.delete("b"); // 5
    h.put("c", "c1"); // 6
    h.put("a", "a3"); // 7
    h.put("d", "d1"); // 8
    h.delete("d"); // 9

    h.compact(6);

    assertThat(storedRevisions()).as("a@3 (newest ≤ 6), c@6, and everything after 6")
        .containsExactly("3.0", "6.0", "7.0", "8.0", "9.0t");
    RangeResult at6 = store().range(bs("a"), FROM_KEY, 6, 0, false);
    assertThat(at6.kvs()).extracting(kv -> kv.getKey().toStringUtf8(), kv -> kv.getValue().toStringUtf8())
        .containsExactly(tuple("a", "a2"), tuple("c", "c1"));
    assertThat(keys(store().range(bs("a"), FROM_KEY, 8, 0, false))).containsExactly("a", "c", "d");
    assertThat(keys(store().range(bs("a"), FROM_KEY, 0, 0, false))).containsExactly("a", "c");
    KeyValue a = h.get("a");
    assertThat(a.getVersion()).isEqualTo(3);
    assertThat(a.getCreateRevision()).isEqualTo(2);
  }

  @Test
  void keyDeletedAtOrBeforeTheCompactRevisionIsForgottenAndRecreatedFresh() {
    h.put("a", "1"); // 2
    h.put("a", "2"); // 3
    h.delete("a"); // 4
    h.compact(4);

    assertThat(storedRevisions()).isEmpty();

    h.put("a", "new"); // 5
    KeyValue kv = h.get("a");
    assertThat(kv.getVersion()).isEqualTo(1);
    assertThat(kv.getCreateRevision()).isEqualTo(5);
    assertThat(store().history(4, 5, 100)).extracting(e -> e.event().getType())
        .containsExactly(Event.EventType.PUT);
  }

  // ---- history and previous

  @Test
  void historyListsEventsInRevisionOrderWithDeleteForTombstones() {
    h.put("a", "1"); // 2
    h.write(t -> {
      t.put(bs("c"), bs("3"), 0, false);
      t.put(bs("b"), bs("2"), 0, false);
    }); // 3
    h.delete("a"); // 4
    h.put("a", "again"); // 5

    List<KvStore.HistoryEvent> all = store().history(2, 5, 100);

    assertThat(all).extracting(e -> e.revision(), e -> e.event().getType(),
            e -> e.event().getKv().getKey().toStringUtf8(), e -> e.event().getKv().getModRevision())
        .containsExactly(
            tuple(new Revision(2, 0), Event.EventType.PUT, "a", 2L),
            tuple(new Revision(3, 0), Event.EventType.PUT, "c", 3L),
            tuple(new Revision(3, 1), Event.EventType.PUT, "b", 3L),
            tuple(new Revision(4, 0), Event.EventType.DELETE, "a", 4L),
            tuple(new Revision(5, 0), Event.EventType.PUT, "a", 5L));
    assertThat(all.get(4).event().getKv().getVersion()).isEqualTo(1);
    assertThat(store().history(3, 4, 100)).extracting(e -> e.revision().main()).containsExactly(3L, 3L, 4L);
    assertThat(store().history(6, 10, 100)).isEmpty();
  }

  @Test
  void historyStopsOnlyAtRevisionBoundaries() {
    h.write(t -> {
      t.put(bs("a"), bs("1"), 0, false);
      t.put(bs("b"), bs("1"), 0, false);
      t.put(bs("c"), bs("1"), 0, false);
    }); // 2
    h.put("d", "1"); // 3
    h.put("e", "1"); // 4

    assertThat(store().history(2, 4, 1)).as("one revision alone may exceed the limit").hasSize(3);
    assertThat(store().history(2, 4, 3)).hasSize(3);
    assertThat(store().history(2, 4, 4)).extracting(e -> e.revision().main()).containsExactly(2L, 2L, 2L, 3L);
    assertThat(store().history(3, 4, 1)).extracting(e -> e.revision().main()).containsExactly(3L);
  }

  @Test
  void previousReturnsTheValueJustBeforeAChange() {
    h.put("a", "1"); // 2
    h.put("a", "2"); // 3
    h.delete("a"); // 4
    h.put("a", "3"); // 5
    h.write(t -> {
      t.put(bs("b"), bs("x"), 0, false);
      t.put(bs("a"), bs("4"), 0, false);
      t.put(bs("a"), bs("5"), 0, false);
    }); // 6: b@6.0, a@6.1, a@6.2

    assertThat(store().previous(bs("a"), 2, 0)).isNull();
    assertThat(store().previous(bs("a"), 3, 0).getValue().toStringUtf8()).isEqualTo("1");
    assertThat(store().previous(bs("a"), 4, 0).getValue().toStringUtf8()).isEqualTo("2");
    assertThat(store().previous(bs("a"), 5, 0)).as("the key did not exist before its new generation")
        .isNull();
    assertThat(store().previous(bs("a"), 6, 1).getValue().toStringUtf8()).isEqualTo("3");
    assertThat(store().previous(bs("a"), 6, 2).getValue().toStringUtf8()).isEqualTo("4");
    assertThat(store().previous(bs("missing"), 6, 0)).isNull();
  }

  // ---- hash

  @Test
  void hashKvIsTheSameForStoresGivenTheSameWrites(@TempDir Path other) {
    try (StoreHarness h2 = new StoreHarness(other.resolve("db"))) {
      for (StoreHarness s : List.of(h, h2)) {
        s.put("a", "1");
        s.write(t -> {
          t.put(bs("b"), bs("2"), 0, false);
          t.put(bs("c"), bs("3"), 7, false);
        });
        s.delete("a");
      }
      long hash = store().hashKv(0);
      assertThat(h2.store().hashKv(0)).isEqualTo(hash);
      assertThat(h2.store().hashKv(2)).isEqualTo(store().hashKv(2)).isNotEqualTo(hash);

      h2.put("a", "1");
      assertThat(h2.store().hashKv(0)).isNotEqualTo(hash);
      assertThat(h2.store().hashKv(4)).as("hash at an old revision ignores later writes").isEqualTo(hash);
    }
  }

  @Test
  void hashKvDiffersWhenAValueDiffers(@TempDir Path other) {
    try (StoreHarness h2 = new StoreHarness(other.resolve("db"))) {
      h.put("a", "1");
      h2.put("a", "2");
      assertThat(h2.store().hashKv(0)).isNotEqualTo(store().hashKv(0));
    }
  }

  // ---- reads inside a write transaction

  @Test
  void writeTxnReadsItsOwnWritesWhileOtherReadersDoNot() {
    h.put("a", "old"); // 2
    try (var batch = h.backend().newBatch()) {
      WriteTxn txn = store().beginWrite(batch);
      assertThat(txn.currentRevision()).isEqualTo(2);

      KeyValue prev = txn.put(bs("a"), bs("new"), 0, true);
      txn.put(bs("b"), bs("b1"), 0, false);
      KeyValue prevInTxn = txn.put(bs("b"), bs("b2"), 0, true);

      assertThat(prev.getValue().toStringUtf8()).isEqualTo("old");
      assertThat(prevInTxn.getValue().toStringUtf8()).isEqualTo("b1");
      assertThat(txn.currentRevision()).isEqualTo(3);
      RangeResult inside = txn.range(bs("a"), FROM_KEY, 0, 0, false);
      assertThat(inside.kvs()).extracting(kv -> kv.getValue().toStringUtf8()).containsExactly("new", "b2");
      assertThat(inside.revision()).isEqualTo(3);
      assertThat(txn.range(bs("a"), ByteString.EMPTY, 2, 0, false).kvs().get(0).getValue().toStringUtf8())
          .isEqualTo("old");
      assertThat(txn.exists(bs("b"))).isTrue();

      RangeResult outside = store().range(bs("a"), FROM_KEY, 0, 0, false);
      assertThat(outside.kvs()).extracting(kv -> kv.getValue().toStringUtf8()).containsExactly("old");
      assertThat(outside.revision()).isEqualTo(2);

      batch.commit();
      assertThat(txn.end()).isEqualTo(3);
    }
    assertThat(h.get("b").getVersion()).isEqualTo(2);
    assertThat(h.get("a").getValue().toStringUtf8()).isEqualTo("new");
  }

  // ---- leases

  @Test
  void leaseListenerIsToldWhenAKeyMovesBetweenLeases(@TempDir Path other) {
    List<String> changes = new ArrayList<>();
    KeyLeaseListener recorder = (key, oldLease, newLease) ->
        changes.add(key.toStringUtf8() + ":" + oldLease + "->" + newLease);
    try (StoreHarness s = new StoreHarness(other.resolve("db"), recorder)) {
      s.put("a", "1", 5);
      s.put("a", "2", 5);
      s.put("a", "3", 6);
      s.put("a", "4", 0);
      s.put("b", "1", 7);
      s.delete("b");
      s.put("c", "1", 0);

      assertThat(changes).containsExactly("a:0->5", "a:5->6", "a:6->0", "b:0->7", "b:7->0");
    }
  }

  @Test
  void forEachLeasedKeyVisitsOnlyLiveKeysWithALease() {
    h.put("a", "1", 5);
    h.put("b", "1", 6);
    h.put("c", "1", 0);
    h.put("d", "1", 7);
    h.delete("d");

    List<String> leased = new ArrayList<>();
    store().forEachLeasedKey((k, l) -> leased.add(k.toStringUtf8() + "=" + l));

    assertThat(leased).containsExactly("a=5", "b=6");
  }

  // ---- restart

  @Test
  void restartRebuildsIndexRevisionsAndCompactRevision() {
    h.put("a", "1"); // 2
    h.put("a", "2"); // 3
    h.put("b", "1", 9); // 4
    h.delete("a"); // 5
    h.put("c", "1"); // 6
    h.compact(4);
    long hash = store().hashKv(0);

    h.reopen();

    assertThat(store().currentRevision()).isEqualTo(6);
    assertThat(store().compactRevision()).isEqualTo(4);
    assertThat(store().hashKv(0)).isEqualTo(hash);
    assertThat(keys(store().range(bs("a"), FROM_KEY, 0, 0, false))).containsExactly("b", "c");
    assertThat(h.get("a", 4).getValue().toStringUtf8()).isEqualTo("2");
    assertThat(h.get("b").getLease()).isEqualTo(9);
    assertEtcdError(() -> store().range(bs("a"), ByteString.EMPTY, 3, 0, false), EtcdError.COMPACTED);

    assertThat(h.put("b", "2")).isEqualTo(7);
    KeyValue b = h.get("b");
    assertThat(b.getVersion()).isEqualTo(2);
    assertThat(b.getCreateRevision()).isEqualTo(4);
    assertThat(h.put("a", "3")).isEqualTo(8);
    assertThat(h.get("a").getVersion()).isEqualTo(1);
    assertThat(h.get("a").getCreateRevision()).isEqualTo(8);
    List<String> leased = new ArrayList<>();
    store().forEachLeasedKey((k, l) -> leased.add(k.toStringUtf8() + "=" + l));
    assertThat(leased).as("b's lease was replaced by the put without one").isEmpty();
  }

  @Test
  void restartAfterCompactingAwayEveryRevisionKeepsTheRevision() {
    h.put("a", "1"); // 2
    h.delete("a"); // 3
    h.compact(3);

    h.reopen();

    assertThat(store().currentRevision()).isEqualTo(3);
    assertThat(store().compactRevision()).isEqualTo(3);
    assertThat(h.put("a", "2")).isEqualTo(4);
  }

  @Test
  void restartOfAnEmptyStoreStartsAtRevisionOne() {
    h.reopen();

    assertThat(store().currentRevision()).isEqualTo(1);
    assertThat(h.put("a", "1")).isEqualTo(2);
  }
}
