package io.cairn.server.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksCheckpointTest {
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void put(Backend backend, Bucket bucket, String key, String value) {
    try (BatchTx batch = backend.newBatch()) {
      batch.put(bucket, b(key), b(value));
      batch.commit();
    }
  }

  @Test
  void aCheckpointHoldsEveryCommittedBatchAndNothingLater() {
    try (RocksBackend live = new RocksBackend(dir.resolve("db"))) {
      for (int i = 0; i < 1000; i++) {
        put(live, Bucket.KEY, String.format("k%04d", i), "v" + i);
      }
      put(live, Bucket.META, "consistent_index", "42");
      live.checkpoint(dir.resolve("copy"));
      put(live, Bucket.KEY, "later", "x");
      try (Backend.ReadSnapshot copy = live.openCheckpoint(dir.resolve("copy"))) {
        List<String> keys = new ArrayList<>();
        copy.forEach(Bucket.KEY, (k, v) -> keys.add(new String(k, StandardCharsets.UTF_8)));
        assertThat(keys).hasSize(1000).first().isEqualTo("k0000");
        assertThat(copy.get(Bucket.KEY, b("k0999"))).isEqualTo(b("v999"));
        assertThat(copy.get(Bucket.KEY, b("later"))).isNull();
        assertThat(copy.get(Bucket.META, b("consistent_index"))).isEqualTo(b("42"));
      }
      assertThat(live.get(Bucket.KEY, b("later"))).isEqualTo(b("x"));
    }
  }

  @Test
  void aCheckpointSharesTheStoresTableFilesInsteadOfCopyingThem() throws Exception {
    try (RocksBackend live = new RocksBackend(dir.resolve("db"))) {
      for (int i = 0; i < 20_000; i++) {
        put(live, Bucket.KEY, "key" + i, "x".repeat(100));
      }
      live.checkpoint(dir.resolve("copy"));
      List<Path> tables;
      try (Stream<Path> files = Files.list(dir.resolve("copy"))) {
        tables = files.filter(f -> f.toString().endsWith(".sst")).toList();
      }
      assertThat(tables).isNotEmpty();
      for (Path t : tables) {
        assertThat((Integer) Files.getAttribute(t, "unix:nlink")).as("%s linked", t).isEqualTo(2);
        assertThat(dir.resolve("db").resolve(t.getFileName())).exists();
      }
    }
  }

  @Test
  void aCheckpointNeedsANewDirectoryAndOpensFromIt() throws Exception {
    try (RocksBackend live = new RocksBackend(dir.resolve("db"))) {
      put(live, Bucket.KEY, "a", "1");
      live.checkpoint(dir.resolve("copy"));
      assertThatThrownBy(() -> live.checkpoint(dir.resolve("copy")))
          .isInstanceOf(BackendException.class);
      try (Backend.ReadSnapshot copy = live.openCheckpoint(dir.resolve("copy"))) {
        assertThat(copy.get(Bucket.KEY, b("a"))).isEqualTo(b("1"));
      }
    }
  }
}
