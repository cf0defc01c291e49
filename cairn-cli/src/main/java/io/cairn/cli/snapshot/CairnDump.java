package io.cairn.cli.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A snapshot saved from Cairn: cairn-server's BackendDump (the magic line, then records of bucket
 * ordinal byte, key length int, key, value length int, value, grouped by bucket and in key order
 * within one; a 0xFF byte ends it), zero padding to 512 bytes and the SHA-256 of all that.
 *
 * <p>Its status follows etcd's definitions over the same data: the hash is the CRC-32C of each
 * bucket's name followed by its keys and values, buckets taken in name order as bbolt keeps them
 * (a bucket with no records is not in the dump, so unlike in etcd its name adds nothing); the
 * revision is the main revision of the last key of the "key" bucket; total keys counts the records;
 * total size is the file's size without its trailing SHA-256, as etcd's excludes it. The numbers are
 * not comparable with an etcd snapshot's: Cairn's buckets do not hold etcd's bookkeeping entries.
 */
public final class CairnDump {
  static final byte[] MAGIC = "cairn-snapshot-v1\n".getBytes(StandardCharsets.UTF_8);
  /**
   * The bucket names by ordinal, in the order of cairn-server's Bucket enum (a cairn-tests test
   * checks they agree; the client does not depend on the server).
   */
  public static final List<String> BUCKETS =
      List.of("key", "meta", "lease", "members", "alarm", "auth", "authUsers", "authRoles");
  private static final int END = 0xFF;
  private static final int SHA256_BYTES = 32;
  private static final int ALIGN = 512;

  private CairnDump() {}

  /** Whether the file starts as a Cairn dump does. */
  public static boolean matches(Path path) throws IOException {
    try (var in = Files.newInputStream(path)) {
      return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
    }
  }

  /** A run of records of one bucket: [from, to) in the file. */
  private record Run(String bucket, int from, int to) {}

  public static SnapshotStatus status(Path path) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(path));
    buf.position(MAGIC.length);
    List<Run> runs = new ArrayList<>();
    try {
      int b;
      while ((b = buf.get() & 0xff) != END) {
        if (b >= BUCKETS.size()) {
          throw new SnapshotFormatException("corrupt Cairn snapshot: bucket " + b);
        }
        int from = buf.position() - 1;
        skipRecordBody(buf);
        Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
        if (last != null && last.bucket().equals(BUCKETS.get(b))) {
          runs.set(runs.size() - 1, new Run(last.bucket(), last.from(), buf.position()));
        } else {
          runs.add(new Run(BUCKETS.get(b), from, buf.position()));
        }
      }
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      throw new SnapshotFormatException("truncated Cairn snapshot");
    }
    StatusHasher hasher = new StatusHasher();
    List<Run> byName = runs.stream().sorted(Comparator.comparing(Run::bucket)).toList();
    for (Run run : byName) {
      hasher.bucket(run.bucket().getBytes(StandardCharsets.UTF_8));
      buf.position(run.from());
      while (buf.position() < run.to()) {
        buf.get(); // the bucket ordinal
        byte[] key = field(buf);
        hasher.entry(key, field(buf));
      }
    }
    long size = buf.capacity();
    boolean hasSha = size % ALIGN == SHA256_BYTES;
    return hasher.status(hasSha ? size - SHA256_BYTES : size);
  }

  private static void skipRecordBody(ByteBuffer buf) {
    for (int field = 0; field < 2; field++) {
      int length = buf.getInt();
      buf.position(buf.position() + length);
    }
  }

  private static byte[] field(ByteBuffer buf) {
    byte[] b = new byte[buf.getInt()];
    buf.get(b);
    return b;
  }
}
