package io.cairn.server.core.apply;

import static io.cairn.server.mvcc.StoreHarness.bs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.ByteString;
import io.cairn.server.metrics.ServerMetrics;
import io.cairn.api.Compare;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.DeleteRangeResponse;
import io.cairn.api.KeyValue;
import io.cairn.api.PutRequest;
import io.cairn.api.PutResponse;
import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.api.RequestOp;
import io.cairn.api.ResponseOp;
import io.cairn.api.TxnRequest;
import io.cairn.api.TxnResponse;
import io.cairn.server.backend.BatchTx;
import io.cairn.server.backend.RocksBackend;
import io.cairn.server.errors.EtcdError;
import io.cairn.server.errors.EtcdException;
import io.cairn.server.lease.Lessor;
import io.cairn.server.mvcc.StoreHarness;
import io.cairn.server.mvcc.WriteTxn;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvOpsTest {
  private static final ByteString FROM_KEY = ByteString.copyFrom(new byte[] {0});
  private static final long LEASE = 77;

  @TempDir Path dir;
  private RocksBackend leaseBackend;
  private Lessor lessor;
  private StoreHarness h;
  private KvOps ops;

  @BeforeEach
  void open() {
    leaseBackend = new RocksBackend(dir.resolve("leases"));
    lessor = new Lessor(leaseBackend, 1, System::nanoTime);
    try (BatchTx b = leaseBackend.newBatch()) {
      lessor.grant(LEASE, 60, b);
      b.commit();
    }
    h = new StoreHarness(dir.resolve("kv"), lessor);
    ops = new KvOps(lessor, ServerMetrics.detached().mvcc());
  }

  @AfterEach
  void close() {
    h.close();
    leaseBackend.close();
  }

  // ---- request builders

  private static PutRequest.Builder put(String key, String value) {
    return PutRequest.newBuilder().setKey(bs(key)).setValue(bs(value));
  }

  private static RangeRequest.Builder range(String key, ByteString end) {
    return RangeRequest.newBuilder().setKey(bs(key)).setRangeEnd(end);
  }

  private static RequestOp op(PutRequest.Builder p) {
    return RequestOp.newBuilder().setRequestPut(p).build();
  }

  private static RequestOp op(RangeRequest.Builder r) {
    return RequestOp.newBuilder().setRequestRange(r).build();
  }

  private static RequestOp op(DeleteRangeRequest.Builder d) {
    return RequestOp.newBuilder().setRequestDeleteRange(d).build();
  }

  private static RequestOp op(TxnRequest.Builder t) {
    return RequestOp.newBuilder().setRequestTxn(t).build();
  }

  private static Compare.Builder cmp(String key, Compare.CompareTarget target, Compare.CompareResult result) {
    return Compare.newBuilder().setKey(bs(key)).setTarget(target).setResult(result);
  }

  private static Compare valueIs(String key, String value) {
    return cmp(key, Compare.CompareTarget.VALUE, Compare.CompareResult.EQUAL).setValue(bs(value)).build();
  }

  private static Compare versionIs(String key, Compare.CompareResult result, long version) {
    return cmp(key, Compare.CompareTarget.VERSION, result).setVersion(version).build();
  }

  // ---- running requests as the applier does

  /** Runs a write through a fresh write transaction; a failure leaves the batch uncommitted. */
  private <T> T write(Function<WriteTxn, T> body) {
    AtomicReference<T> out = new AtomicReference<>();
    h.write(t -> out.set(body.apply(t)));
    return out.get();
  }

  private PutResponse doPut(PutRequest.Builder p) {
    return write(t -> ops.put(t, p.build()));
  }

  private TxnResponse txn(TxnRequest.Builder r) {
    return write(t -> ops.writeTxn(t, r.build()));
  }

  private RangeResponse read(RangeRequest.Builder r) {
    return ops.range(new PinnedView(h.store()), r.build());
  }

  private String value(String key) {
    KeyValue kv = h.get(key);
    return kv == null ? null : kv.getValue().toStringUtf8();
  }

  private static List<String> keys(RangeResponse r) {
    return r.getKvsList().stream().map(kv -> kv.getKey().toStringUtf8()).toList();
  }

  private static void assertEtcdError(ThrowingCallable call, EtcdError expected) {
    assertThatThrownBy(call).isInstanceOfSatisfying(EtcdException.class,
        e -> assertThat(e.error()).isEqualTo(expected));
  }

  /** Fails if a rejected request left anything behind: the next write must see the old state. */
  private void assertNothingWrittenSince(long revision, String... keys) {
    assertThat(h.store().currentRevision()).isEqualTo(revision);
    long next = h.put("zz-probe", "p");
    assertThat(next).isEqualTo(revision + 1);
    for (String k : keys) {
      assertThat(h.get(k)).as("key %s", k).isNull();
    }
  }

  // ---- put

  @Test
  void putReportsTheNewRevisionAndPrevKvOnRequest() {
    PutResponse first = doPut(put("a", "1").setPrevKv(true));
    PutResponse second = doPut(put("a", "2").setPrevKv(true));

    assertThat(first.getHeader().getRevision()).isEqualTo(2);
    assertThat(first.hasPrevKv()).isFalse();
    assertThat(second.getHeader().getRevision()).isEqualTo(3);
    assertThat(second.getPrevKv().getValue().toStringUtf8()).isEqualTo("1");
    assertThat(second.getPrevKv().getModRevision()).isEqualTo(2);
    assertThat(doPut(put("a", "3")).hasPrevKv()).isFalse();
  }

  @Test
  void ignoreValueKeepsTheValueAndIgnoreLeaseKeepsTheLease() {
    doPut(put("a", "keep").setLease(LEASE));

    doPut(put("a", "").setIgnoreValue(true));
    KeyValue afterIgnoreValue = h.get("a");
    assertThat(afterIgnoreValue.getValue().toStringUtf8()).isEqualTo("keep");
    assertThat(afterIgnoreValue.getLease()).as("lease 0 given without ignore_lease detaches").isZero();

    doPut(put("a", "v").setLease(LEASE));
    doPut(put("a", "new").setIgnoreLease(true));
    KeyValue afterIgnoreLease = h.get("a");
    assertThat(afterIgnoreLease.getValue().toStringUtf8()).isEqualTo("new");
    assertThat(afterIgnoreLease.getLease()).isEqualTo(LEASE);
    assertThat(afterIgnoreLease.getVersion()).isEqualTo(4);
  }

  @Test
  void ignoreValueOrIgnoreLeaseOnAMissingKeyFailsWithKeyNotFound() {
    h.put("gone", "x");
    h.delete("gone");
    long rev = h.store().currentRevision();

    assertEtcdError(() -> doPut(put("missing", "").setIgnoreValue(true)), EtcdError.KEY_NOT_FOUND);
    assertEtcdError(() -> doPut(put("missing", "v").setIgnoreLease(true)), EtcdError.KEY_NOT_FOUND);
    assertEtcdError(() -> doPut(put("gone", "").setIgnoreValue(true)), EtcdError.KEY_NOT_FOUND);
    assertNothingWrittenSince(rev, "missing", "gone");
  }

  @Test
  void aTxnPutThatNeedsAKeyItsOwnDeleteRemovedFailsBeforeWritingAnything() {
    h.put("a/2", "x");
    long rev = h.store().currentRevision();

    // a from-key delete and a put do not conflict in etcd's interval check; the put would find
    // nothing to keep its value from (etcd 3.4 panics in applyTxn here)
    assertEtcdError(() -> txn(TxnRequest.newBuilder()
        .addSuccess(op(DeleteRangeRequest.newBuilder().setKey(bs("a")).setRangeEnd(FROM_KEY)))
        .addSuccess(op(put("a/2", "").setIgnoreValue(true)))), EtcdError.KEY_NOT_FOUND);
    assertEtcdError(() -> txn(TxnRequest.newBuilder()
        .addSuccess(op(DeleteRangeRequest.newBuilder().setKey(bs("a")).setRangeEnd(FROM_KEY)))
        .addSuccess(op(TxnRequest.newBuilder()
            .addSuccess(op(put("a/2", "v").setIgnoreLease(true)))))), EtcdError.KEY_NOT_FOUND);
    assertThat(value("a/2")).isEqualTo("x");
    assertThat(h.store().currentRevision()).isEqualTo(rev);

    // a delete that misses the key leaves it there for the put
    TxnResponse ok = txn(TxnRequest.newBuilder()
        .addSuccess(op(DeleteRangeRequest.newBuilder().setKey(bs("b")).setRangeEnd(FROM_KEY)))
        .addSuccess(op(put("a/2", "").setIgnoreValue(true))));
    assertThat(ok.getSucceeded()).isTrue();
    assertThat(value("a/2")).isEqualTo("x");
  }

  @Test
  void putWithAnUnknownLeaseFailsWithLeaseNotFound() {
    assertEtcdError(() -> doPut(put("a", "v").setLease(12345)), EtcdError.LEASE_NOT_FOUND);
    // etcd's plain Put looks the lease up before the key
    assertEtcdError(() -> doPut(put("a", "").setIgnoreValue(true).setLease(12345)),
        EtcdError.LEASE_NOT_FOUND);
    assertNothingWrittenSince(1, "a");
  }

  @Test
  void putWithAKnownLeaseAttachesTheKeyToIt() {
    doPut(put("a", "v").setLease(LEASE));

    assertThat(h.get("a").getLease()).isEqualTo(LEASE);
    assertThat(lessor.timeToLive(LEASE).keys()).containsExactly(bs("a"));
  }

  // ---- delete

  @Test
  void deleteRangeCountsDeletedKeysAndReturnsPrevKvsOnRequest() {
    h.put("a", "1");
    h.put("b", "2");
    h.put("c", "3");

    DeleteRangeResponse none = write(t -> ops.deleteRange(t,
        DeleteRangeRequest.newBuilder().setKey(bs("x")).build()));
    assertThat(none.getDeleted()).isZero();
    assertThat(none.getHeader().getRevision()).as("nothing deleted, no new revision").isEqualTo(4);

    DeleteRangeResponse some = write(t -> ops.deleteRange(t,
        DeleteRangeRequest.newBuilder().setKey(bs("a")).setRangeEnd(bs("c")).setPrevKv(true).build()));
    assertThat(some.getDeleted()).isEqualTo(2);
    assertThat(some.getHeader().getRevision()).isEqualTo(5);
    assertThat(some.getPrevKvsList()).extracting(kv -> kv.getValue().toStringUtf8()).containsExactly("1", "2");

    DeleteRangeResponse rest = write(t -> ops.deleteRange(t,
        DeleteRangeRequest.newBuilder().setKey(bs("a")).setRangeEnd(FROM_KEY).build()));
    assertThat(rest.getDeleted()).isEqualTo(1);
    assertThat(rest.getPrevKvsList()).isEmpty();
    assertThat(h.store().range(bs("a"), FROM_KEY, 0, 0, true).count()).isZero();
  }

  // ---- range

  private void putKeysWithDistinctRevisionsAndVersions() {
    h.put("c", "x"); // 2: c create 2
    h.put("a", "z"); // 3: a create 3
    h.put("b", "y"); // 4: b create 4
    h.put("c", "w"); // 5: c mod 5 version 2
    h.put("c", "v"); // 6: c mod 6 version 3
    h.put("a", "u"); // 7: a mod 7 version 2
    // a: create 3 mod 7 ver 2 value u; b: create 4 mod 4 ver 1 value y; c: create 2 mod 6 ver 3 value v
  }

  @Test
  void rangeSortsByEachTargetInBothOrders() {
    putKeysWithDistinctRevisionsAndVersions();
    ByteString all = FROM_KEY;

    assertThat(keys(read(range("a", all)))).containsExactly("a", "b", "c");
    assertThat(keys(read(range("a", all).setSortOrder(RangeRequest.SortOrder.DESCEND))))
        .containsExactly("c", "b", "a");
    assertThat(keys(read(range("a", all).setSortTarget(RangeRequest.SortTarget.VERSION)
        .setSortOrder(RangeRequest.SortOrder.DESCEND)))).containsExactly("c", "a", "b");
    assertThat(keys(read(range("a", all).setSortTarget(RangeRequest.SortTarget.CREATE)
        .setSortOrder(RangeRequest.SortOrder.ASCEND)))).containsExactly("c", "a", "b");
    assertThat(keys(read(range("a", all).setSortTarget(RangeRequest.SortTarget.MOD)
        .setSortOrder(RangeRequest.SortOrder.DESCEND)))).containsExactly("a", "c", "b");
    assertThat(keys(read(range("a", all).setSortTarget(RangeRequest.SortTarget.VALUE)
        .setSortOrder(RangeRequest.SortOrder.ASCEND)))).containsExactly("a", "c", "b");
  }

  @Test
  void nonKeySortTargetWithoutOrderSortsAscending() {
    putKeysWithDistinctRevisionsAndVersions();

    assertThat(keys(read(range("a", FROM_KEY).setSortTarget(RangeRequest.SortTarget.MOD))))
        .containsExactly("b", "c", "a");
    assertThat(keys(read(range("a", FROM_KEY).setSortTarget(RangeRequest.SortTarget.VALUE))))
        .containsExactly("a", "c", "b");
  }

  @Test
  void rangeFiltersByMinAndMaxModAndCreateRevision() {
    putKeysWithDistinctRevisionsAndVersions();

    assertThat(keys(read(range("a", FROM_KEY).setMinModRevision(6)))).containsExactly("a", "c");
    assertThat(keys(read(range("a", FROM_KEY).setMaxModRevision(6)))).containsExactly("b", "c");
    assertThat(keys(read(range("a", FROM_KEY).setMinCreateRevision(3)))).containsExactly("a", "b");
    assertThat(keys(read(range("a", FROM_KEY).setMaxCreateRevision(3)))).containsExactly("a", "c");
    RangeResponse both = read(range("a", FROM_KEY).setMinModRevision(5).setMaxCreateRevision(2));
    assertThat(keys(both)).containsExactly("c");
    assertThat(both.getCount()).as("count is taken before filtering, as in etcd").isEqualTo(3);
  }

  @Test
  void limitSetsMoreOnlyWhenResultsWereCutOff() {
    putKeysWithDistinctRevisionsAndVersions();
    h.put("d", "t"); // 8

    RangeResponse two = read(range("a", FROM_KEY).setLimit(2));
    assertThat(keys(two)).containsExactly("a", "b");
    assertThat(two.getMore()).isTrue();
    assertThat(two.getCount()).isEqualTo(4);

    RangeResponse exact = read(range("a", FROM_KEY).setLimit(4));
    assertThat(keys(exact)).hasSize(4);
    assertThat(exact.getMore()).isFalse();

    RangeResponse sorted = read(range("a", FROM_KEY).setLimit(2).setSortOrder(RangeRequest.SortOrder.DESCEND));
    assertThat(keys(sorted)).as("sorts everything, then truncates").containsExactly("d", "c");
    assertThat(sorted.getMore()).isTrue();

    RangeResponse filteredOver = read(range("a", FROM_KEY).setLimit(1).setMinModRevision(6));
    assertThat(keys(filteredOver)).containsExactly("a");
    assertThat(filteredOver.getMore()).isTrue();

    RangeResponse filteredExact = read(range("a", FROM_KEY).setLimit(1).setMinModRevision(8));
    assertThat(keys(filteredExact)).containsExactly("d");
    assertThat(filteredExact.getMore()).isFalse();
    assertThat(filteredExact.getCount()).isEqualTo(4);
  }

  @Test
  void keysOnlyCountOnlyAndRevisionOptions() {
    putKeysWithDistinctRevisionsAndVersions();

    RangeResponse keysOnly = read(range("a", FROM_KEY).setKeysOnly(true));
    assertThat(keysOnly.getKvsList()).allSatisfy(kv -> assertThat(kv.getValue()).isEmpty());
    assertThat(keysOnly.getKvs(0).getModRevision()).isEqualTo(7);

    RangeResponse countOnly = read(range("a", FROM_KEY).setCountOnly(true).setLimit(1));
    assertThat(countOnly.getKvsList()).isEmpty();
    assertThat(countOnly.getCount()).isEqualTo(3);
    assertThat(countOnly.getMore()).isFalse();

    RangeResponse old = read(range("c", ByteString.EMPTY).setRevision(5));
    assertThat(old.getKvs(0).getValue().toStringUtf8()).isEqualTo("w");
    assertThat(old.getHeader().getRevision()).isEqualTo(7);

    assertEtcdError(() -> read(range("c", ByteString.EMPTY).setRevision(8)), EtcdError.FUTURE_REV);
  }

  // ---- txn compares

  @Test
  void valueCompareOnAMissingKeyAlwaysFails() {
    h.put("present", "");

    assertThat(txn(TxnRequest.newBuilder().addCompare(valueIs("missing", ""))).getSucceeded()).isFalse();
    assertThat(txn(TxnRequest.newBuilder().addCompare(
        cmp("missing", Compare.CompareTarget.VALUE, Compare.CompareResult.NOT_EQUAL).setValue(bs("x"))))
        .getSucceeded()).isFalse();
    assertThat(txn(TxnRequest.newBuilder().addCompare(valueIs("present", ""))).getSucceeded()).isTrue();
  }

  @Test
  void numericComparesOnAMissingKeySeeZero() {
    assertThat(compares(versionIs("missing", Compare.CompareResult.EQUAL, 0))).isTrue();
    assertThat(compares(cmp("missing", Compare.CompareTarget.CREATE, Compare.CompareResult.EQUAL)
        .setCreateRevision(0).build())).isTrue();
    assertThat(compares(cmp("missing", Compare.CompareTarget.MOD, Compare.CompareResult.LESS)
        .setModRevision(1).build())).isTrue();
    assertThat(compares(cmp("missing", Compare.CompareTarget.LEASE, Compare.CompareResult.EQUAL)
        .setLease(0).build())).isTrue();
  }

  private boolean compares(Compare... compares) {
    return txn(TxnRequest.newBuilder().addAllCompare(List.of(compares))).getSucceeded();
  }

  @Test
  void comparesOnVersionCreateModLeaseAndValue() {
    h.put("k", "b"); // 2
    h.put("other", "x"); // 3
    h.put("k", "c", LEASE); // 4: k create 2 mod 4 version 2 lease 77

    assertThat(compares(versionIs("k", Compare.CompareResult.EQUAL, 2))).isTrue();
    assertThat(compares(versionIs("k", Compare.CompareResult.GREATER, 1))).isTrue();
    assertThat(compares(versionIs("k", Compare.CompareResult.LESS, 2))).isFalse();
    assertThat(compares(versionIs("k", Compare.CompareResult.NOT_EQUAL, 2))).isFalse();
    assertThat(compares(cmp("k", Compare.CompareTarget.CREATE, Compare.CompareResult.EQUAL)
        .setCreateRevision(2).build())).isTrue();
    assertThat(compares(cmp("k", Compare.CompareTarget.MOD, Compare.CompareResult.GREATER)
        .setModRevision(3).build())).isTrue();
    assertThat(compares(cmp("k", Compare.CompareTarget.MOD, Compare.CompareResult.EQUAL)
        .setModRevision(2).build())).isFalse();
    assertThat(compares(cmp("k", Compare.CompareTarget.LEASE, Compare.CompareResult.EQUAL)
        .setLease(LEASE).build())).isTrue();
    assertThat(compares(cmp("k", Compare.CompareTarget.VALUE, Compare.CompareResult.GREATER)
        .setValue(bs("b")).build())).isTrue();
    assertThat(compares(cmp("k", Compare.CompareTarget.VALUE, Compare.CompareResult.LESS)
        .setValue(bs("cc")).build())).isTrue();
    assertThat(compares(versionIs("k", Compare.CompareResult.EQUAL, 2), valueIs("k", "nope")))
        .as("every compare must hold").isFalse();
  }

  @Test
  void compareWithRangeEndMustHoldForEveryKeyInTheRange() {
    h.put("r/a", "1");
    h.put("r/b", "1");
    h.put("r/c", "2");

    assertThat(compares(cmp("r/a", Compare.CompareTarget.VALUE, Compare.CompareResult.EQUAL)
        .setValue(bs("1")).setRangeEnd(bs("r/c")).build())).isTrue();
    assertThat(compares(cmp("r/a", Compare.CompareTarget.VALUE, Compare.CompareResult.EQUAL)
        .setValue(bs("1")).setRangeEnd(bs("r0")).build())).isFalse();
    assertThat(compares(cmp("r/", Compare.CompareTarget.VERSION, Compare.CompareResult.GREATER)
        .setVersion(0).setRangeEnd(FROM_KEY).build())).isTrue();
    assertThat(compares(cmp("s/", Compare.CompareTarget.CREATE, Compare.CompareResult.EQUAL)
        .setCreateRevision(0).setRangeEnd(bs("s0")).build()))
        .as("an empty range compares like a missing key").isTrue();
  }

  // ---- txn branches

  @Test
  void txnRunsTheBranchChosenByTheCompares() {
    h.put("k", "v");

    TxnResponse ok = txn(TxnRequest.newBuilder()
        .addCompare(valueIs("k", "v"))
        .addSuccess(op(put("then", "1")))
        .addSuccess(op(range("k", ByteString.EMPTY)))
        .addFailure(op(put("else", "1"))));

    assertThat(ok.getSucceeded()).isTrue();
    assertThat(ok.getHeader().getRevision()).isEqualTo(3);
    assertThat(ok.getResponsesList()).extracting(ResponseOp::getResponseCase)
        .containsExactly(ResponseOp.ResponseCase.RESPONSE_PUT, ResponseOp.ResponseCase.RESPONSE_RANGE);
    assertThat(ok.getResponses(0).getResponsePut().getHeader().getRevision()).isEqualTo(3);
    assertThat(value("then")).isEqualTo("1");
    assertThat(value("else")).isNull();

    TxnResponse failed = txn(TxnRequest.newBuilder()
        .addCompare(valueIs("k", "other"))
        .addSuccess(op(put("then", "2")))
        .addFailure(op(put("else", "2")))
        .addFailure(op(DeleteRangeRequest.newBuilder().setKey(bs("k")))));

    assertThat(failed.getSucceeded()).isFalse();
    assertThat(failed.getResponsesList()).extracting(ResponseOp::getResponseCase)
        .containsExactly(ResponseOp.ResponseCase.RESPONSE_PUT, ResponseOp.ResponseCase.RESPONSE_DELETE_RANGE);
    assertThat(failed.getResponses(1).getResponseDeleteRange().getDeleted()).isEqualTo(1);
    assertThat(value("then")).isEqualTo("1");
    assertThat(value("else")).isEqualTo("2");
    assertThat(value("k")).isNull();
    assertThat(h.get("else").getModRevision()).isEqualTo(4);
  }

  @Test
  void txnWithoutWritesKeepsTheRevision() {
    h.put("k", "v");

    TxnResponse r = txn(TxnRequest.newBuilder()
        .addSuccess(op(range("k", ByteString.EMPTY)))
        .addSuccess(op(DeleteRangeRequest.newBuilder().setKey(bs("missing")))));

    assertThat(r.getHeader().getRevision()).isEqualTo(2);
    assertThat(h.store().currentRevision()).isEqualTo(2);
  }

  @Test
  void readsInsideATxnSeeItsEarlierWrites() {
    h.put("a", "old");

    TxnResponse r = txn(TxnRequest.newBuilder()
        .addSuccess(op(range("a", FROM_KEY)))
        .addSuccess(op(put("a", "new")))
        .addSuccess(op(put("b", "b1")))
        .addSuccess(op(range("a", FROM_KEY)))
        .addSuccess(op(DeleteRangeRequest.newBuilder().setKey(bs("c"))))
        .addSuccess(op(range("a", FROM_KEY).setRevision(2))));

    RangeResponse before = r.getResponses(0).getResponseRange();
    RangeResponse after = r.getResponses(3).getResponseRange();
    RangeResponse old = r.getResponses(5).getResponseRange();
    assertThat(before.getKvsList()).extracting(kv -> kv.getValue().toStringUtf8()).containsExactly("old");
    assertThat(before.getHeader().getRevision()).isEqualTo(2);
    assertThat(after.getKvsList()).extracting(kv -> kv.getKey().toStringUtf8(), kv -> kv.getValue().toStringUtf8())
        .containsExactly(tuple("a", "new"), tuple("b", "b1"));
    assertThat(after.getHeader().getRevision()).isEqualTo(3);
    assertThat(old.getKvsList()).extracting(kv -> kv.getValue().toStringUtf8()).containsExactly("old");
  }

  @Test
  void nestedTxnPicksItsOwnBranchAndOnlyTheOuterResponseHasARevision() {
    h.put("flag", "on");

    TxnResponse r = txn(TxnRequest.newBuilder()
        .addCompare(valueIs("flag", "on"))
        .addSuccess(op(put("outer", "1")))
        .addSuccess(op(TxnRequest.newBuilder()
            .addCompare(valueIs("flag", "off"))
            .addSuccess(op(put("inner-then", "1")))
            .addFailure(op(put("inner-else", "1")))
            .addFailure(op(TxnRequest.newBuilder()
                .addCompare(versionIs("flag", Compare.CompareResult.EQUAL, 1))
                .addSuccess(op(put("deepest", "1"))))))));

    assertThat(r.getSucceeded()).isTrue();
    TxnResponse inner = r.getResponses(1).getResponseTxn();
    assertThat(inner.getSucceeded()).isFalse();
    assertThat(inner.getHeader().getRevision()).isZero();
    assertThat(inner.getResponsesCount()).isEqualTo(2);
    assertThat(inner.getResponses(1).getResponseTxn().getSucceeded()).isTrue();
    assertThat(r.getHeader().getRevision()).isEqualTo(3);
    assertThat(value("outer")).isEqualTo("1");
    assertThat(value("inner-then")).isNull();
    assertThat(value("inner-else")).isEqualTo("1");
    assertThat(value("deepest")).isEqualTo("1");
    assertThat(h.get("deepest").getModRevision()).isEqualTo(3);
  }

  @Test
  void nestedComparesAreEvaluatedBeforeAnyOpRuns() {
    h.put("a", "1");

    txn(TxnRequest.newBuilder()
        .addSuccess(op(put("a", "2")))
        .addSuccess(op(TxnRequest.newBuilder()
            .addCompare(valueIs("a", "1"))
            .addSuccess(op(put("seen", "before")))
            .addFailure(op(put("seen", "after"))))));

    assertThat(value("seen")).isEqualTo("before");
    assertThat(value("a")).isEqualTo("2");
  }

  @Test
  void txnThatFailsValidationWritesNothing() {
    h.put("k", "v");

    assertEtcdError(() -> txn(TxnRequest.newBuilder()
        .addSuccess(op(put("first", "1")))
        .addSuccess(op(put("second", "2").setLease(999)))), EtcdError.LEASE_NOT_FOUND);
    assertEtcdError(() -> txn(TxnRequest.newBuilder()
        .addSuccess(op(put("first", "1")))
        .addSuccess(op(TxnRequest.newBuilder().addSuccess(op(put("missing", "").setIgnoreValue(true)))))),
        EtcdError.KEY_NOT_FOUND);
    assertEtcdError(() -> txn(TxnRequest.newBuilder()
        .addSuccess(op(put("first", "1")))
        .addSuccess(op(range("k", ByteString.EMPTY).setRevision(50)))), EtcdError.FUTURE_REV);

    assertNothingWrittenSince(2, "first", "second", "missing");
  }

  @Test
  void validationOnlyCoversTheBranchThatRuns() {
    h.put("k", "v");

    TxnResponse r = txn(TxnRequest.newBuilder()
        .addCompare(valueIs("k", "v"))
        .addSuccess(op(put("ok", "1")))
        .addFailure(op(put("bad", "1").setLease(999)))
        .addFailure(op(range("k", ByteString.EMPTY).setRevision(50))));

    assertThat(r.getSucceeded()).isTrue();
    assertThat(value("ok")).isEqualTo("1");
  }

  @Test
  void txnPutChecksTheKeyBeforeTheLeaseAsEtcdDoes() {
    // etcd's checkRequestPut: ignore_* on a missing key is reported before an unknown lease
    assertEtcdError(() -> txn(TxnRequest.newBuilder()
        .addSuccess(op(put("missing", "").setIgnoreValue(true).setLease(999)))), EtcdError.KEY_NOT_FOUND);
  }

  @Test
  void txnChecksEveryPutBeforeAnyRangeAsEtcdDoes() {
    h.put("k", "v");

    // etcd runs checkRequestPut over the whole path, then checkRequestRange
    assertEtcdError(() -> txn(TxnRequest.newBuilder()
        .addSuccess(op(range("k", ByteString.EMPTY).setRevision(50)))
        .addSuccess(op(put("missing", "").setIgnoreValue(true)))), EtcdError.KEY_NOT_FOUND);
  }

  @Test
  void txnRangeAtANegativeRevisionIsCompactedOnceTheStoreWasCompactedAsInEtcd() {
    h.put("k", "v"); // 2
    TxnRequest.Builder negative = TxnRequest.newBuilder()
        .addSuccess(op(range("k", ByteString.EMPTY).setRevision(-1)));
    TxnRequest.Builder veryNegative = TxnRequest.newBuilder()
        .addSuccess(op(range("k", ByteString.EMPTY).setRevision(-2)));
    // etcd's checkRequestRange compares the revision with FirstRev, -1 before any compaction
    assertThat(ops.readOnlyTxn(new PinnedView(h.store()), negative.build()).getResponses(0)
        .getResponseRange().getCount()).isEqualTo(1);
    assertEtcdError(() -> ops.readOnlyTxn(new PinnedView(h.store()), veryNegative.build()),
        EtcdError.COMPACTED);

    h.compact(0); // found by RandomDifferentialTest: any compaction makes -1 a compacted revision

    assertEtcdError(() -> ops.readOnlyTxn(new PinnedView(h.store()), negative.build()),
        EtcdError.COMPACTED);
    h.put("k", "v2"); // 3
    h.compact(3);
    assertThat(txn(TxnRequest.newBuilder().addSuccess(op(range("k", ByteString.EMPTY)))
        .addSuccess(op(put("w", "0")))).getResponses(0).getResponseRange().getCount())
        .as("revision 0, the current one, is never compacted").isEqualTo(1);
    assertEtcdError(() -> txn(negative.addSuccess(op(put("w", "1")))), EtcdError.COMPACTED);
    assertThat(read(range("k", ByteString.EMPTY).setRevision(-1)).getCount())
        .as("a plain Range reads the current revision").isEqualTo(1);
  }

  // ---- read-only txns

  @Test
  void readOnlyTxnRunsOnAPinnedViewAndReportsItsRevision() {
    h.put("a", "1");
    h.put("a", "2");
    PinnedView view = new PinnedView(h.store());
    h.put("a", "3");

    TxnRequest req = TxnRequest.newBuilder()
        .addCompare(valueIs("a", "2"))
        .addSuccess(op(range("a", ByteString.EMPTY)))
        .addSuccess(op(TxnRequest.newBuilder().addSuccess(op(range("a", ByteString.EMPTY).setRevision(2)))))
        .build();
    assertThat(KvOps.isReadOnly(req)).isTrue();

    TxnResponse r = ops.readOnlyTxn(view, req);

    assertThat(r.getSucceeded()).isTrue();
    assertThat(r.getHeader().getRevision()).isEqualTo(3);
    assertThat(r.getResponses(0).getResponseRange().getKvs(0).getValue().toStringUtf8()).isEqualTo("2");
    assertThat(r.getResponses(1).getResponseTxn().getResponses(0).getResponseRange().getKvs(0)
        .getValue().toStringUtf8()).isEqualTo("1");
    assertEtcdError(() -> ops.readOnlyTxn(view, TxnRequest.newBuilder()
        .addSuccess(op(range("a", ByteString.EMPTY).setRevision(4))).build()), EtcdError.FUTURE_REV);
  }

  @Test
  void isReadOnlyLooksIntoEveryBranchAndNestedTxn() {
    TxnRequest reads = TxnRequest.newBuilder()
        .addSuccess(op(range("a", ByteString.EMPTY)))
        .addFailure(op(TxnRequest.newBuilder().addFailure(op(range("b", ByteString.EMPTY)))))
        .build();
    TxnRequest nestedDelete = TxnRequest.newBuilder()
        .addSuccess(op(range("a", ByteString.EMPTY)))
        .addFailure(op(TxnRequest.newBuilder().addFailure(op(DeleteRangeRequest.newBuilder().setKey(bs("b"))))))
        .build();
    TxnRequest failurePut = TxnRequest.newBuilder().addFailure(op(put("a", "1"))).build();

    assertThat(KvOps.isReadOnly(reads)).isTrue();
    assertThat(KvOps.isReadOnly(nestedDelete)).isFalse();
    assertThat(KvOps.isReadOnly(failurePut)).isFalse();
    assertThat(KvOps.isReadOnly(TxnRequest.getDefaultInstance())).isTrue();
  }
}
