package io.cairn.server.core.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.server.metrics.ServerMetrics;
import io.cairn.api.Compare;
import io.cairn.api.PutRequest;
import io.cairn.api.PutResponse;
import io.cairn.api.RequestOp;
import io.cairn.api.TxnRequest;
import io.cairn.api.TxnResponse;
import io.cairn.server.auth.AuthStore;
import io.cairn.server.auth.Tokens;
import io.cairn.server.backend.RocksBackend;
import io.cairn.api.internal.InternalRaftRequest;
import io.cairn.server.core.RaftEntries;
import io.cairn.server.errors.EtcdException;
import io.cairn.server.lease.Lessor;
import io.cairn.server.membership.MemberStore;
import io.cairn.server.mvcc.KvStore;
import io.cairn.server.watch.WatchHub;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One log entry carrying several requests (group commit): each gets its own revision, in order. */
class BackendApplierTest {

  static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  @Test
  void requestsInOneEntryApplyInOrderAndSeeEachOthersWrites(@TempDir Path tmp) {
    try (RocksBackend backend = new RocksBackend(tmp.resolve("db"))) {
      Lessor lessor = new Lessor(backend, 2, System::nanoTime);
      KvStore store = new KvStore(backend, lessor);
      Map<Long, Object> results = new ConcurrentHashMap<>();
      try (WatchHub hub = new WatchHub(store)) {
        BackendApplier applier = new BackendApplier(backend, store, lessor, hub, new Alarms(backend),
            BackendQuota.of(-1, backend::sizeBytes), () -> { },
            new MemberStore(backend, tmp.resolve("identity")), new AuthStore(backend, Tokens.simple(300), 4), ServerMetrics.detached(), results::put);
        PutRequest putA = PutRequest.newBuilder().setKey(bs("a")).setValue(bs("1")).build();
        TxnRequest ifA = TxnRequest.newBuilder()
            .addCompare(Compare.newBuilder().setKey(bs("a")).setTarget(Compare.CompareTarget.VALUE)
                .setResult(Compare.CompareResult.EQUAL).setValue(bs("1")))
            .addSuccess(RequestOp.newBuilder().setRequestPut(
                PutRequest.newBuilder().setKey(bs("b")).setValue(bs("2"))))
            .build();
        PutRequest badLease = PutRequest.newBuilder().setKey(bs("c")).setValue(bs("3")).setLease(7)
            .build();
        PutRequest putA2 = PutRequest.newBuilder().setKey(bs("a")).setValue(bs("again")).build();
        byte[] entry = RaftEntries.encode(0, 0, List.of(
            InternalRaftRequest.newBuilder().setId(1).setPut(putA).build(),
            InternalRaftRequest.newBuilder().setId(2).setTxn(ifA).build(),
            InternalRaftRequest.newBuilder().setId(3).setPut(badLease).build(),
            InternalRaftRequest.newBuilder().setId(4).setPut(putA2).build()));

        applier.apply(1, 5, entry);

        assertThat(((PutResponse) results.get(1L)).getHeader().getRevision()).isEqualTo(2);
        TxnResponse txn = (TxnResponse) results.get(2L);
        assertThat(txn.getSucceeded()).as("the txn saw the put before it in the entry").isTrue();
        assertThat(txn.getHeader().getRevision()).isEqualTo(3);
        assertThat(results.get(3L)).isInstanceOf(EtcdException.class);
        assertThat(((PutResponse) results.get(4L)).getHeader().getRevision()).isEqualTo(4);
        assertThat(store.currentRevision()).isEqualTo(4);
        assertThat(store.range(bs("a"), ByteString.EMPTY, 0, 0, false).kvs().get(0).getVersion())
            .isEqualTo(2);
        assertThat(store.range(bs("b"), ByteString.EMPTY, 0, 0, false).count()).isEqualTo(1);
        assertThat(applier.appliedIndex()).isEqualTo(5);
      }
    }
  }

  @Test
  void aWriteOverTheQuotaIsAppliedButAnsweredWithNoSpaceAndRaisesTheAlarm(@TempDir Path tmp) {
    try (RocksBackend backend = new RocksBackend(tmp.resolve("db"))) {
      Lessor lessor = new Lessor(backend, 2, System::nanoTime);
      KvStore store = new KvStore(backend, lessor);
      Map<Long, Object> results = new ConcurrentHashMap<>();
      java.util.concurrent.atomic.AtomicInteger raised = new java.util.concurrent.atomic.AtomicInteger();
      // 1000 bytes in use of a 1300-byte quota: a put costs 256 bytes plus its key and value
      BackendQuota quota = BackendQuota.of(1300, () -> 1000);
      try (WatchHub hub = new WatchHub(store)) {
        BackendApplier applier = new BackendApplier(backend, store, lessor, hub, new Alarms(backend),
            quota, raised::incrementAndGet, new MemberStore(backend, tmp.resolve("identity")),
            new AuthStore(backend, Tokens.simple(300), 4), ServerMetrics.detached(), results::put);
        PutRequest fits = PutRequest.newBuilder().setKey(bs("a")).setValue(bs("1")).build();
        PutRequest tooBig = PutRequest.newBuilder().setKey(bs("b")).setValue(bs("x".repeat(50)))
            .build();
        TxnRequest readOnly = TxnRequest.newBuilder().addSuccess(RequestOp.newBuilder()
            .setRequestRange(io.cairn.api.RangeRequest.newBuilder().setKey(bs("a")))).build();
        applier.apply(1, 5, RaftEntries.encode(0, 0, List.of(
            InternalRaftRequest.newBuilder().setId(1).setPut(fits).build(),
            InternalRaftRequest.newBuilder().setId(2).setPut(tooBig).build(),
            InternalRaftRequest.newBuilder().setId(3).setTxn(readOnly).build())));

        assertThat(results.get(1L)).isInstanceOf(PutResponse.class);
        assertThat(results.get(2L)).isInstanceOfSatisfying(EtcdException.class,
            e -> assertThat(e.error()).isEqualTo(io.cairn.server.errors.EtcdError.NO_SPACE));
        assertThat(results.get(3L)).isInstanceOf(TxnResponse.class);
        assertThat(raised).hasValue(1);
        // applied all the same: every member's state stays the same whatever its own size
        assertThat(store.range(bs("b"), ByteString.EMPTY, 0, 0, false).count()).isEqualTo(1);
        assertThat(store.currentRevision()).isEqualTo(3);
      }
    }
  }
}
