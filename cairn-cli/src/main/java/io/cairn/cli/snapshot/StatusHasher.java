package io.cairn.cli.snapshot;

import io.cairn.bolt.BoltFile;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * etcd's snapshot status walk (clientv3/snapshot/v3_snapshot.go, Status): fed each bucket name and
 * each of its entries in order, it hashes them all into one CRC-32C, counts the entries and keeps
 * the main revision of the last key of the "key" bucket.
 */
final class StatusHasher implements BoltFile.Visitor {
  private static final byte[] KEY_BUCKET = {'k', 'e', 'y'};

  private final CRC32C crc = new CRC32C();
  private boolean inKeyBucket;
  private long revision;
  private long totalKey;

  @Override
  public void bucket(byte[] name) {
    crc.update(name);
    inKeyBucket = Arrays.equals(name, KEY_BUCKET);
  }

  @Override
  public void entry(byte[] key, byte[] value) {
    crc.update(key);
    if (value != null) {
      crc.update(value);
    }
    if (inKeyBucket) {
      // a revision key starts with the main revision, 8 bytes big-endian (mvcc's revToBytes)
      revision = ByteBuffer.wrap(Arrays.copyOf(key, 8)).getLong();
    }
    totalKey++;
  }

  SnapshotStatus status(long totalSize) {
    return new SnapshotStatus((int) crc.getValue(), revision, totalKey, totalSize);
  }
}
