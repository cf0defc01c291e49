package io.cairn.server.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.server.backend.BatchTx;
import io.cairn.server.backend.RocksBackend;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemberStoreTest {
  private static final Member A = new Member(1, "a", List.of("http://127.0.0.1:2380"), List.of(), false);
  private static final Member B = new Member(2, "b", List.of("http://127.0.0.2:2380"), List.of(), false);

  @TempDir
  Path dir;

  @Test
  void onlyApplyingItsOwnRemovalMarksAMemberRemovedAndTheMarkSurvivesARestart() {
    try (RocksBackend backend = new RocksBackend(dir.resolve("db"))) {
      MemberStore store = new MemberStore(backend, dir.resolve("identity"));
      store.bootstrap(7, A.id(), List.of(A, B));
      remove(backend, store, B.id());
      assertThat(store.isRemoved()).as("another member's removal").isFalse();
      remove(backend, store, A.id());
      assertThat(store.isRemoved()).isTrue();
    }
    try (RocksBackend backend = new RocksBackend(dir.resolve("db"))) {
      assertThat(new MemberStore(backend, dir.resolve("identity")).isRemoved()).isTrue();
    }
  }

  @Test
  void aMemberMissingFromItsListIsNotRemoved() {
    try (RocksBackend backend = new RocksBackend(dir.resolve("db"))) {
      MemberStore store = new MemberStore(backend, dir.resolve("identity"));
      // a joiner whose list came from a snapshot taken before its addition
      store.bootstrap(7, A.id(), List.of(B));

      assertThat(store.member(A.id())).isEmpty();
      assertThat(store.isRemoved()).isFalse();
    }
  }

  private static void remove(RocksBackend backend, MemberStore store, long id) {
    try (BatchTx batch = backend.newBatch()) {
      store.remove(id, batch);
      batch.commit();
    }
  }
}
