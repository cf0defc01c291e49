package io.cairn.server.backend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 that ends etcd's snapshot stream, and so every snapshot file (etcdctl's, Cairn's
 * backups): the hash of the padded payload before it. One place computes it for the stream, the
 * backups and the restore.
 */
public final class SnapshotHash {
  /** The length of the trailing hash. */
  public static final int BYTES = 32;

  private SnapshotHash() {}

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  /** The hash of the first {@code length} bytes of {@code data}. */
  public static byte[] of(byte[] data, int length) {
    MessageDigest sha = newDigest();
    sha.update(data, 0, length);
    return sha.digest();
  }

  /** The hash of the first {@code length} bytes of {@code file}. */
  public static byte[] of(Path file, long length) throws IOException {
    MessageDigest sha = newDigest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      long left = length;
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          throw new IOException(file + " ended early");
        }
        sha.update(buf, 0, n);
        left -= n;
      }
    }
    return sha.digest();
  }
}
