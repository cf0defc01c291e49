package io.cairn.server.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotCheckpointTest {
  @TempDir Path dir;

  /** Writes two files into the new directory, only once {@code go} opens; then fails or not. */
  private static final class Copier implements SnapshotCheckpoint.Copier {
    final CountDownLatch go = new CountDownLatch(1);
    final IOException failure;

    Copier(IOException failure) {
      this.failure = failure;
    }

    @Override
    public EntryApplier.Position copyTo(Path to) throws IOException {
      try {
        go.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      Files.createDirectory(to);
      Files.write(to.resolve("000001.sst"), new byte[4096]);
      Files.write(to.resolve("CURRENT"), "MANIFEST-000002\n".getBytes());
      if (failure != null) {
        throw failure;
      }
      return new EntryApplier.Position(3, 45);
    }
  }

  @Test
  void aFinishedCopyIsNamedASnapshotOnlyWhenPublished() throws Exception {
    Copier copier = new Copier(null);
    Path unfinished = dir.resolve("snapshot.3_42.tmp");
    SnapshotCheckpoint copy = SnapshotCheckpoint.start(copier, unfinished);
    assertThat(copy.isDone()).as("waits for the copier, off the caller's thread").isFalse();
    copier.go.countDown();
    await().atMost(Duration.ofSeconds(10)).until(copy::isDone);
    assertThat(copy.result().at()).as("the position the copier read from its copy")
        .isEqualTo(new EntryApplier.Position(3, 45));
    assertThat(dir.resolve("snapshot.3_45")).doesNotExist();
    copy.publish(dir.resolve("snapshot.3_45"));
    assertThat(dir.resolve("snapshot.3_45").resolve("000001.sst")).hasSize(4096);
    assertThat(unfinished).doesNotExist();
  }

  @Test
  void aFailedCopyLeavesNothingAndSaysWhy() throws Exception {
    Copier copier = new Copier(new IOException("disk full"));
    SnapshotCheckpoint copy = SnapshotCheckpoint.start(copier, dir.resolve("snapshot.1_7.tmp"));
    copier.go.countDown();
    await().atMost(Duration.ofSeconds(10)).until(copy::isDone);
    assertThatThrownBy(copy::result).isInstanceOf(IOException.class).hasMessage("disk full");
    assertThatThrownBy(() -> copy.publish(dir.resolve("snapshot.1_7")))
        .isInstanceOf(IOException.class);
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aCancelWaitsForTheCopyToLetGoOfTheStoreAndRemovesIt() throws Exception {
    Copier copier = new Copier(null);
    SnapshotCheckpoint copy = SnapshotCheckpoint.start(copier, dir.resolve("snapshot.2_9.tmp"));
    Thread release = new Thread(() -> {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      copier.go.countDown();
    });
    release.start();
    copy.cancel();
    assertThat(copy.isDone()).as("cancel returned only after the copy ended").isTrue();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
    release.join();
  }
}
