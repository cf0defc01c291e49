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
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.util.MD5FileUtil;

/**
 * A Raft snapshot written off the apply thread. The store's view is captured on the apply thread,
 * between two entries; a thread of its own writes it to a temporary file, checksumming as it goes,
 * and syncs it, while entries go on being applied. Only {@link #publish}, back on the apply thread,
 * gives the file the name Ratis's storage looks for: before, no scan of the directory can take it
 * for a snapshot, and Ratis, which purges its log behind the snapshot it is told of, is told of
 * this one only after (see {@link RatisStateMachine#takeSnapshot}).
 */
final class SnapshotDump {
  /** What a finished dump left: a synced temporary file and its checksum. */
  record Written(File tmp, MD5Hash md5, long millis) {}

  private final TermIndex at;
  private final File file;
  private final CompletableFuture<Written> written;
  private volatile boolean cancelled;

  private SnapshotDump(TermIndex at, File file,
      EntryApplier.SnapshotSource source) {
    this.at = at;
    this.file = file;
    CompletableFuture<Written> w;
    try {
      w = CompletableFuture.supplyAsync(() -> write(source), task -> {
        Thread t = new Thread(task, "snapshot-dump");
        t.setDaemon(true);
        t.start();
      });
    } catch (RuntimeException | Error e) {
      source.close();
      throw e;
    }
    this.written = w;
  }

  /**
   * Starts writing {@code source}, captured at {@code at}, for {@code file}. The source is closed
   * when the writing ends, however it ends.
   */
  static SnapshotDump start(EntryApplier.SnapshotSource source, TermIndex at, File file) {
    return new SnapshotDump(at, file, source);
  }

  TermIndex at() {
    return at;
  }

  boolean isDone() {
    return written.isDone();
  }

  /**
   * Once {@link #isDone}: renames the synced file to its snapshot name, saves its checksum beside it
   * and syncs the directory, so the snapshot survives a crash from here on. Fails if the writing
   * failed or was cancelled.
   */
  Written publish() throws IOException {
    Written w;
    try {
      w = written.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
    // the checksum first: a scan that finds the snapshot finds it whole
    MD5FileUtil.saveMD5File(file, w.md5());
    Files.move(w.tmp().toPath(), file.toPath(), StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel d = FileChannel.open(file.getParentFile().toPath(), StandardOpenOption.READ)) {
      d.force(true);
    }
    return w;
  }

  File file() {
    return file;
  }

  /**
   * Stops the writing and waits until it has let go of its source (the store closes after this),
   * however long its current write or sync takes: it takes no lock, and checks for the cancel
   * before each write. Removes the temporary file; a published snapshot is never touched.
   */
  void cancel() {
    cancelled = true;
    written.handle((w, e) -> tmp().delete()).join();
  }

  private File tmp() {
    return new File(file.getPath() + ".tmp");
  }

  private Written write(EntryApplier.SnapshotSource source) {
    long start = System.nanoTime();
    File tmp = tmp();
    MessageDigest md5 = MD5FileUtil.newMD5();
    try {
      try (source; OutputStream out = new BufferedOutputStream(new DigestOutputStream(
          new Cancellable(new FileOutputStream(tmp)), md5), 1 << 16)) {
        source.writeTo(out);
        out.flush();
      }
      if (cancelled) {
        throw new InterruptedIOException("snapshot dump cancelled");
      }
      try (FileChannel ch = FileChannel.open(tmp.toPath(), StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      return new Written(tmp, MD5Hash.newInstance(md5.digest()),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    } catch (IOException | RuntimeException e) {
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
