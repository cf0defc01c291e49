package io.cairn.cli.print;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Byte-exact stdout/stderr: keys and values are printed as raw bytes, as Go's fmt does. Writes are
 * synchronized: an interactive watch prints from a background thread while stdin errors are reported.
 */
public final class Out {
  private final OutputStream out;
  private final OutputStream err;

  public Out(OutputStream out, OutputStream err) {
    this.out = out;
    this.err = err;
  }

  public static Out system() {
    return new Out(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
        new FileOutputStream(FileDescriptor.err));
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
