package io.cairn.server.core.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.server.metrics.ServerMetrics;
import io.cairn.api.PutRequest;
import io.cairn.api.PutResponse;
import io.cairn.server.backend.BackendDump;
import io.cairn.server.backend.BatchTx;
import io.cairn.server.auth.AuthStore;
import io.cairn.server.auth.Tokens;
import io.cairn.server.backend.RocksBackend;
import io.cairn.api.internal.InternalRaftRequest;
import io.cairn.server.core.RaftEntries;
import io.cairn.server.lease.Lessor;
import io.cairn.server.membership.MemberStore;
import io.cairn.server.mvcc.KvStore;
import io.cairn.server.watch.WatchHub;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The applier applies a request ID once per session, whatever the log carries: a second copy of an
 * entry, a request below its session's floor, after a restart and after a snapshot.
 */
class AppliedRequestsTest {
  private static final long SESSION = 0x5e55_1011L;

  /** A member's applying half on a real RocksDB, reopenable on the same directory. */
  private static final class Member implements AutoCloseable {
    final RocksBackend backend;
    final KvStore store;
    final WatchHub hub;
    final BackendApplier applier;
    final Map<Long, Object> results = new ConcurrentHashMap<>();

    Member(Path dir) {
      backend = new RocksBackend(dir.resolve("db"));
      Lessor lessor = new Lessor(backend, 2, System::nanoTime);
      store = new KvStore(backend, lessor);
      hub = new WatchHub(store);
      applier = new BackendApplier(backend, store, lessor, hub, new Alarms(backend),
          BackendQuota.of(-1, backend::sizeBytes), () -> { },
          new MemberStore(backend, dir.resolve("identity")), new AuthStore(backend, Tokens.simple(300), 4), ServerMetrics.detached(), results::put);
    }

    long version(String key) {
      var kvs = store.range(ByteString.copyFromUtf8(key), ByteString.EMPTY, 0, 0, false).kvs();
      return kvs.isEmpty() ? 0 : kvs.get(0).getVersion();
    }

    @Override
    public void close() {
      hub.close();
      backend.close();
    }
  }

  private static byte[] entry(long session, long floor, long... ids) {
    List<InternalRaftRequest> requests = new ArrayList<>();
    for (long id : ids) {
      requests.add(InternalRaftRequest.newBuilder().setId(id).setPut(PutRequest.newBuilder()
          .setKey(ByteString.copyFromUtf8("k" + id)).setValue(ByteString.copyFromUtf8("v")))
          .build());
    }
    return RaftEntries.encode(session, floor, requests);
  }

  @Test
  void aSecondCopyOfAnEntryChangesNothingAndAnswersNobody(@TempDir Path tmp) {
    try (Member m = new Member(tmp)) {
      m.applier.apply(1, 1, entry(SESSION, 10, 10, 11));
      long revision = m.store.currentRevision();
      m.results.clear();

      m.applier.apply(2, 2, entry(SESSION, 10, 10, 11));

      assertThat(m.store.currentRevision()).as("no new revision").isEqualTo(revision);
      assertThat(m.version("k10")).isEqualTo(1);
      assertThat(m.version("k11")).isEqualTo(1);
      assertThat(m.results).as("the first copy's answer stands").isEmpty();
      assertThat(m.applier.appliedIndex()).isEqualTo(2);
    }
  }

  @Test
  void aRequestReBatchedWithNewOnesAppliesOnlyTheNewOnes(@TempDir Path tmp) {
    try (Member m = new Member(tmp)) {
      m.applier.apply(1, 1, entry(SESSION, 10, 10));
      m.applier.apply(1, 2, entry(SESSION, 10, 10, 12));

      assertThat(m.version("k10")).isEqualTo(1);
      assertThat(m.version("k12")).isEqualTo(1);
      assertThat(((PutResponse) m.results.get(12L)).getHeader().getRevision()).isEqualTo(3);
    }
  }

  @Test
  void aRequestBelowItsSessionsFloorWasAnsweredAndIsSkipped(@TempDir Path tmp) {
    try (Member m = new Member(tmp)) {
      m.applier.apply(1, 1, entry(SESSION, 20, 20));
      // the proposer answered 15 (e.g. it timed out) before this entry reached the log
      m.applier.apply(1, 2, entry(SESSION, 15, 15));

      assertThat(m.version("k15")).isZero();
      assertThat(m.results).containsOnlyKeys(20L);
    }
  }

  @Test
  void sessionsAreIndependentAndNegativeIdsWork(@TempDir Path tmp) {
    try (Member m = new Member(tmp)) {
      long negative = 0xff00_0000_0000_0001L;
      m.applier.apply(1, 1, entry(SESSION, negative, negative));
      m.applier.apply(1, 2, entry(SESSION + 1, negative, negative));
      m.applier.apply(1, 3, entry(0, 0, 7));
      m.applier.apply(1, 4, entry(0, 0, 7));

      assertThat(m.version("k" + negative)).as("one apply per session").isEqualTo(2);
      assertThat(m.version("k7")).as("entries without a session are not deduplicated").isEqualTo(2);
    }
  }

  @Test
  void theStateSurvivesARestart(@TempDir Path tmp) {
    try (Member m = new Member(tmp)) {
      m.applier.apply(1, 1, entry(SESSION, 10, 10, 11));
    }
    try (Member m = new Member(tmp)) {
      m.applier.apply(2, 2, entry(SESSION, 10, 11, 12));

      assertThat(m.version("k11")).isEqualTo(1);
      assertThat(m.version("k12")).isEqualTo(1);
    }
  }

  @Test
  void theStateTravelsInASnapshot(@TempDir Path tmp) throws Exception {
    ByteArrayOutputStream dump = new ByteArrayOutputStream();
    try (Member m = new Member(tmp.resolve("a"))) {
      m.applier.apply(1, 1, entry(SESSION, 10, 10));
      try (var snap = m.backend.snapshot()) {
        BackendDump.write(snap, dump);
      }
    }
    try (Member m = new Member(tmp.resolve("b"))) {
      BackendDump.read(new ByteArrayInputStream(dump.toByteArray()), m.backend);
      m.applier.reload();
      m.store.reload();

      m.applier.apply(1, 2, entry(SESSION, 10, 10));

      assertThat(m.version("k10")).isEqualTo(1);
    }
  }

  @Test
  void onlyRequestsAtOrAboveTheFloorStayStored(@TempDir Path tmp) {
    try (Member m = new Member(tmp)) {
      m.applier.apply(1, 1, entry(SESSION, 10, 10, 11, 12));
      m.applier.apply(1, 2, entry(SESSION, 12, 13));

      List<String> stored = new ArrayList<>();
      byte[] prefix = "applied_requests/".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      m.backend.forEach(io.cairn.server.backend.Bucket.META, prefix, null, (k, v) -> {
        if (new String(k, 0, Math.min(k.length, prefix.length),
            java.nio.charset.StandardCharsets.UTF_8).equals("applied_requests/")) {
          stored.add((char) k[prefix.length] + (k[prefix.length] == 'r'
              ? Long.toString(java.nio.ByteBuffer.wrap(k, prefix.length + 9, 8).getLong()) : ""));
        }
        return true;
      });
      assertThat(stored).as("the session record and requests 12 and 13").containsExactlyInAnyOrder(
          "r12", "r13", "s");
    }
  }

  @Test
  void theLeastRecentSessionsAreForgottenBeyondTheLimit(@TempDir Path tmp) {
    try (Member m = new Member(tmp)) {
      for (int s = 1; s <= AppliedRequests.MAX_SESSIONS + 1; s++) {
        m.applier.apply(1, s, entry(s, 100L * s, 100L * s));
      }
      int index = AppliedRequests.MAX_SESSIONS + 2;
      m.applier.apply(1, index, entry(2, 200, 200));
      m.applier.apply(1, index + 1, entry(1, 100, 100));

      assertThat(m.version("k200")).as("a remembered session").isEqualTo(1);
      assertThat(m.version("k100")).as("the oldest session was forgotten").isEqualTo(2);
    }
  }

  @Test
  void anOfflineRestoreForgetsAllSessions(@TempDir Path tmp) {
    try (Member m = new Member(tmp)) {
      m.applier.apply(1, 1, entry(SESSION, 10, 10));
      try (BatchTx b = m.backend.newBatch()) {
        BackendApplier.forgetRaftPosition(b);
        b.commit();
      }
      m.applier.reload();

      m.applier.apply(1, 1, entry(SESSION, 10, 10));

      assertThat(m.version("k10")).isEqualTo(2);
    }
  }
}
