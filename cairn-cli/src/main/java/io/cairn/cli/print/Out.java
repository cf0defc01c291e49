package io.cairn.cli.print;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Byte-exact stdout/stderr: keys and values are printed as raw bytes, as Go's fmt does. Writes are
 * synchronized: an interactive watch prints from a background thread while stdin errors are reported.
 */
public final class Out {
  private final OutputStream out;
  private final OutputStream err;
  private final boolean errIsTerminal;

  /** Streams that are no terminal (tests, pipes). */
  public Out(OutputStream out, OutputStream err) {
    this(out, err, false);
  }

  private Out(OutputStream out, OutputStream err, boolean errIsTerminal) {
    this.out = out;
    this.err = err;
    this.errIsTerminal = errIsTerminal;
  }

  public static Out system() {
    return new Out(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
        new FileOutputStream(FileDescriptor.err), stderrIsTerminal());
  }

  /**
   * Java 17 cannot ask isatty(2); on Linux stderr's file descriptor links to its terminal device.
   * Anywhere else it counts as no terminal, which leaves etcdctl's output unchanged.
   */
  private static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /** Whether stderr is a terminal: for output meant only for people (progress, hints), never scripts. */
  public boolean errIsTerminal() {
    return errIsTerminal;
  }

  /** Writes to stderr without a newline (a progress line redrawn in place), after flushing stdout. */
  public synchronized void err(String s) {
    try {
      out.flush();
      err.write(s.getBytes(StandardCharsets.UTF_8));
      err.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Out print(String s) {
    return write(s.getBytes(StandardCharsets.UTF_8));
  }

  public Out println(String s) {
    return print(s).print("\n");
  }

  public Out println() {
    return print("\n");
  }

  public synchronized Out write(byte[] b) {
    try {
      out.write(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  public Out printlnBytes(byte[] b) {
    return write(b).print("\n");
  }

  public synchronized void flush() {
    try {
      out.flush();
      err.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a line to stderr, after flushing stdout so the two interleave as they would in Go. */
  public synchronized void errln(String s) {
    try {
      out.flush();
      err.write((s + "\n").getBytes(StandardCharsets.UTF_8));
      err.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
