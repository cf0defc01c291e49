package io.cairn.server.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.util.MD5FileUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotDumpTest {
  @TempDir Path dir;

  /** Writes {@code blocks} blocks of 64 KiB, the first one only once {@code go} opens. */
  private static final class Source implements EntryApplier.SnapshotSource {
    final CountDownLatch go = new CountDownLatch(1);
    final AtomicBoolean closed = new AtomicBoolean();
    final long blocks;
    final IOException failure;

    Source(long blocks, IOException failure) {
      this.blocks = blocks;
      this.failure = failure;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      try {
        go.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      for (long i = 0; i < blocks; i++) {
        out.write(new byte[1 << 16]);
      }
      if (failure != null) {
        throw failure;
      }
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  @Test
  void aFinishedDumpIsADurableFileWithItsChecksumAndItsSourceClosed() throws Exception {
    Source source = new Source(16, null);
    File file = dir.resolve("snapshot.3_42").toFile();
    SnapshotDump dump = SnapshotDump.start(source, TermIndex.valueOf(3, 42), file);
    assertThat(dump.isDone()).as("waits for its source, off the caller's thread").isFalse();
    assertThat(file).doesNotExist();
    source.go.countDown();
    await().atMost(Duration.ofSeconds(10)).until(dump::isDone);
    assertThat(file).as("no snapshot by its name before it is published").doesNotExist();
    assertThat(source.closed).isTrue();
    SnapshotDump.Written w = dump.publish();
    assertThat(file).hasSize(16L << 16);
    assertThat(new File(file.getPath() + ".tmp")).doesNotExist();
    assertThat(w.md5()).isEqualTo(MD5FileUtil.computeMd5ForFile(file));
    assertThat(MD5FileUtil.readStoredMd5ForFile(file)).isEqualTo(w.md5());
    assertThat(dump.at()).isEqualTo(TermIndex.valueOf(3, 42));
  }

  @Test
  void aFailedDumpLeavesNothingAndSaysWhy() throws Exception {
    Source source = new Source(2, new IOException("disk full"));
    File file = dir.resolve("snapshot.1_7").toFile();
    SnapshotDump dump = SnapshotDump.start(source, TermIndex.valueOf(1, 7), file);
    source.go.countDown();
    assertThatThrownBy(dump::publish).isInstanceOf(IOException.class).hasMessage("disk full");
    assertThat(source.closed).isTrue();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aCancelledDumpStopsWritingLetsGoOfItsSourceAndLeavesNothing() throws Exception {
    Source source = new Source(Long.MAX_VALUE, null); // would never end on its own
    File file = dir.resolve("snapshot.2_9").toFile();
    SnapshotDump dump = SnapshotDump.start(source, TermIndex.valueOf(2, 9), file);
    source.go.countDown();
    dump.cancel();
    assertThat(dump.isDone()).isTrue();
    assertThat(source.closed).isTrue();
    assertThatThrownBy(dump::publish).isInstanceOf(IOException.class);
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }
}
