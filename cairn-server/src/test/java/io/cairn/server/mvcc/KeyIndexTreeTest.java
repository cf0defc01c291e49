package io.cairn.server.mvcc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KeyIndexTreeTest {
  private static final int KEYS = 1_000;

  private static ByteString key(int i) {
    return ByteString.copyFromUtf8(String.format("k%04d", i));
  }

  /** Each key written at revisions i+1 and KEYS+i+1; every odd key deleted at 2*KEYS+i+1. */
  private static KeyIndexTree history() {
    KeyIndexTree tree = new KeyIndexTree();
    for (int i = 0; i < KEYS; i++) {
      tree.put(key(i), i + 1, 0, 0);
    }
    for (int i = 0; i < KEYS; i++) {
      tree.put(key(i), KEYS + i + 1, 0, 0);
    }
    for (int i = 1; i < KEYS; i += 2) {
      tree.tombstone(key(i), 2L * KEYS + i + 1, 0);
    }
    return tree;
  }

  @Test
  void compactionLetsReadersInWhileItWalksTheIndex() throws Exception {
    KeyIndexTree tree = history();
    long at = 3L * KEYS;
    ExecutorService reader = Executors.newSingleThreadExecutor();
    List<Long> countsSeenMidway = new ArrayList<>();
    try {
      tree.compact(at, dropped -> {
        if (countsSeenMidway.isEmpty()) {
          // a whole-index lock would keep this read waiting until the compaction ends
          countsSeenMidway.add(CompletableFuture.supplyAsync(() -> tree.range(key(0),
              ByteString.copyFrom(new byte[] {0}), at, 0, true).count(), reader)
              .orTimeout(5, TimeUnit.SECONDS).join());
        }
      });
    } finally {
      reader.shutdownNow();
    }
    assertThat(countsSeenMidway).as("a reader at the compaction's revision, mid-compaction")
        .containsExactly((long) KEYS / 2);
  }

  @Test
  void compactionDropsAllButTheNewestRevisionAndDeletedKeysAcrossChunks() {
    KeyIndexTree tree = history();
    List<byte[]> dropped = new ArrayList<>();
    tree.compact(3L * KEYS, dropped::add);
    // a live key's first write; a deleted key's two writes and its tombstone
    assertThat(dropped).hasSize(KEYS / 2 + KEYS / 2 * 3);
    KeyIndexTree.Scan all = tree.range(key(0), ByteString.copyFrom(new byte[] {0}), 3L * KEYS, 0,
        false);
    assertThat(all.count()).isEqualTo(KEYS / 2);
    assertThat(all.hits()).allSatisfy(h -> assertThat(h.revision().main()).isGreaterThan(KEYS));
    for (int i = 1; i < KEYS; i += 2) {
      assertThat(tree.liveForWrite(key(i))).as("deleted key %s", i).isNull();
    }
  }
}
