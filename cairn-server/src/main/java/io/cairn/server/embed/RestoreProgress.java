package io.cairn.server.embed;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The progress line of {@code snapshot restore} (an addition to etcd's command): bytes loaded of the
 * total, percentage and rate, redrawn in place on stderr, and only when stderr is a terminal, so
 * scripted and captured output stays etcd's.
 */
final class RestoreProgress extends FilterInputStream {
  private static final long REDRAW_NANOS = 200_000_000L;

  private final long total;
  private final PrintStream err;
  private final long start = System.nanoTime();
  private long lastDraw = start - REDRAW_NANOS;
  private long read;
  private boolean drawn;

  private RestoreProgress(InputStream in, long total, PrintStream err) {
    super(in);
    this.total = total;
    this.err = err;
  }

  /**
   * For a load that is not a stream read (an etcd snapshot, walked page by page): fed with
   * {@link #advance}, closed at the end; silent when stderr is no terminal.
   */
  static RestoreProgress counting(long total) {
    return new RestoreProgress(InputStream.nullInputStream(), total,
        stderrIsTerminal() ? System.err : null);
  }

  /** {@code in} itself when stderr is no terminal, else {@code in} counted and shown. */
  static InputStream of(InputStream in, long total) {
    return stderrIsTerminal() ? new RestoreProgress(in, total, System.err) : in;
  }

  /**
   * Java 17 cannot ask isatty(2); on Linux stderr's file descriptor links to its terminal device.
   * Elsewhere it counts as no terminal.
   */
  private static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    advance(b < 0 ? 0 : 1);
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    advance(Math.max(n, 0));
    return n;
  }

  void advance(long n) {
    if (err == null) {
      return;
    }
    read = Math.min(total, read + n);
    long now = System.nanoTime();
    if (now - lastDraw >= REDRAW_NANOS || read == total) {
      lastDraw = now;
      err.print("\r" + line(read, total, now - start));
      drawn = true;
    }
  }

  @Override
  public void close() throws IOException {
    super.close();
    if (drawn) {
      // the dump ends with a marker: what follows it is padding to 512 bytes, loaded or not
      err.print("\r" + line(total, total, System.nanoTime() - start) + "\n");
    }
  }

  static String line(long read, long total, long elapsedNanos) {
    double mib = 1 << 20;
    double seconds = Math.max(elapsedNanos, 1) / 1e9;
    return String.format(Locale.ROOT, "Restoring snapshot: %.1f / %.1f MiB  %3d%%  %.1f MiB/s",
        read / mib, total / mib, total == 0 ? 100 : (int) (read * 100 / total), read / mib / seconds);
  }
}
