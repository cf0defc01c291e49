package io.cairn.server.raft;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.util.MD5FileUtil;

/**
 * A Raft snapshot written off the apply thread. The store's view is captured on the apply thread,
 * between two entries; a thread of its own writes it to a file, syncs it and checksums it, while
 * entries go on being applied. Ratis hears of the snapshot, and may purge the log behind it, only
 * once the file is durable ({@link RatisStateMachine#takeSnapshot}).
 */
final class SnapshotDump {
  /** What a finished dump left: a durable file and its checksum. */
  record Written(File file, MD5Hash md5, long millis) {}

  private final TermIndex at;
  private final long requests;
  private final CompletableFuture<Written> written;
  private volatile boolean cancelled;

  private SnapshotDump(TermIndex at, long requests, File file,
      EntryApplier.SnapshotSource source) {
    this.at = at;
    this.requests = requests;
    this.written = CompletableFuture.supplyAsync(() -> write(source, file), task -> {
      Thread t = new Thread(task, "snapshot-dump");
      t.setDaemon(true);
      t.start();
    });
  }

  /**
   * Starts writing {@code source}, captured at {@code at} after {@code requests} applied client
   * requests, to {@code file}. The source is closed when the dump ends, however it ends.
   */
  static SnapshotDump start(EntryApplier.SnapshotSource source, TermIndex at, long requests,
      File file) {
    return new SnapshotDump(at, requests, file, source);
  }

  TermIndex at() {
    return at;
  }

  long requests() {
    return requests;
  }

  boolean isDone() {
    return written.isDone();
  }

  /** The durable file, once {@link #isDone}; fails if the dump failed or was cancelled. */
  Written result() throws IOException {
    try {
      return written.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  /** Stops the dump and waits until it has let go of its source and removed what it wrote. */
  void cancel() {
    cancelled = true;
    try {
      written.handle((w, e) -> {
        if (w != null) {
          w.file().delete();
          new File(w.file().getPath() + MD5FileUtil.MD5_SUFFIX).delete();
        }
        return null;
      }).get(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      throw new IllegalStateException("a snapshot dump did not stop", e);
    }
  }

  private Written write(EntryApplier.SnapshotSource source, File file) {
    long start = System.nanoTime();
    File tmp = new File(file.getPath() + ".tmp");
    try (source; OutputStream out = new BufferedOutputStream(new Cancellable(
        new FileOutputStream(tmp)), 1 << 16)) {
      source.writeTo(out);
      out.flush();
    } catch (IOException e) {
      tmp.delete();
      throw new CompletionException(e);
    }
    try {
      try (FileChannel ch = FileChannel.open(tmp.toPath(), StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp.toPath(), file.toPath(), StandardCopyOption.ATOMIC_MOVE);
      MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
      return new Written(file, md5, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    } catch (IOException e) {
      tmp.delete();
      throw new CompletionException(e);
    }
  }

  /** Fails the next write once the dump is cancelled, so a cancel ends a long dump quickly. */
  private final class Cancellable extends FilterOutputStream {
    Cancellable(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      check();
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      check();
      out.write(b, off, len);
    }

    private void check() throws InterruptedIOException {
      if (cancelled) {
        throw new InterruptedIOException("snapshot dump cancelled");
      }
    }
  }
}
