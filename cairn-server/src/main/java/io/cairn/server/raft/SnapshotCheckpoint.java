package io.cairn.server.raft;

import io.cairn.server.fileutil.DurableFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.util.FileUtils;

/**
 * A Raft snapshot taken off the apply thread: a copy of the store ({@link EntryApplier#checkpoint})
 * written into a directory of its own while entries go on being applied. Only {@link #publish},
 * back on the apply thread, gives it the name Ratis's storage looks for: before, no scan of the
 * directory can take it for a snapshot, and Ratis, which purges its log behind the snapshot it is
 * told of, is told of this one only after (see {@link RatisStateMachine#takeSnapshot}).
 */
final class SnapshotCheckpoint {
  /** What a finished copy holds: the log position of its last entry. */
  record Written(EntryApplier.Position at, long millis) {}

  /** Copies the state into a new directory: {@link EntryApplier#checkpoint}. */
  @FunctionalInterface
  interface Copier {
    EntryApplier.Position copyTo(Path dir) throws IOException;
  }

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(SnapshotCheckpoint.class);
  private final Path dir;
  private final CompletableFuture<Written> written;

  private SnapshotCheckpoint(Copier copier, Path dir) {
    this.dir = dir;
    this.written = CompletableFuture.supplyAsync(() -> write(copier), task -> {
      Thread t = new Thread(task, "snapshot-checkpoint");
      t.setDaemon(true);
      t.start();
    });
  }

  /** Starts copying the state into the new directory {@code dir}, on a thread of its own. */
  static SnapshotCheckpoint start(Copier copier, Path dir) {
    return new SnapshotCheckpoint(copier, dir);
  }

  boolean isDone() {
    return written.isDone();
  }

  /** Once {@link #isDone}: what the copy holds. Fails if the copy failed. */
  Written result() throws IOException {
    try {
      return written.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  /**
   * Once {@link #isDone}: gives the copy, synced while it was written, the name {@code as}, and
   * syncs the directory, so the snapshot survives a crash from here on.
   */
  void publish(Path as) throws IOException {
    result();
    DurableFiles.publish(dir, as);
  }

  /**
   * Waits for the copy to end (the store closes after this; a copy takes a flush, not a read of
   * the store) and removes it; a published snapshot is never touched.
   */
  void cancel() {
    written.handle((w, e) -> {
      deleteQuietly(dir.toFile());
      return null;
    }).join();
  }

  private Written write(Copier copier) {
    long start = System.nanoTime();
    try {
      EntryApplier.Position at = copier.copyTo(dir);
      // RocksDB syncs what it copies; the links to its table files are entries of this directory
      DurableFiles.syncTree(dir);
      return new Written(at, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    } catch (IOException | RuntimeException e) {
      deleteQuietly(dir.toFile());
      throw new CompletionException(e);
    }
  }

  private static void deleteQuietly(File f) {
    try {
      FileUtils.deleteFully(f);
    } catch (IOException e) {
      // its links keep table files the store has dropped until the next start removes it
      LOG.warn("unfinished snapshot {} not removed: {}", f, e.toString());
    }
  }
}
