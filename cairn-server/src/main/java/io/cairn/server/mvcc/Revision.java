package io.cairn.server.mvcc;

/**
 * A point in the store's history: the main revision of a write request and the sub-revision of one
 * change inside it. Encoded in the key bucket as 8+8 big-endian bytes, followed by a tombstone mark
 * for deletions, so the bucket iterates in revision order.
 */
public record Revision(long main, long sub) implements Comparable<Revision> {
  static final int KEY_LENGTH = 16;
  private static final byte TOMBSTONE_MARK = 't';

  public static byte[] toKey(long main, long sub, boolean tombstone) {
    byte[] b = new byte[tombstone ? KEY_LENGTH + 1 : KEY_LENGTH];
    putLong(b, 0, main);
    putLong(b, 8, sub);
    if (tombstone) {
      b[KEY_LENGTH] = TOMBSTONE_MARK;
    }
    return b;
  }

  /** The smallest key of revision {@code main}: iteration lower bound. */
  public static byte[] startKey(long main) {
    return toKey(main, 0, false);
  }

  public static Revision fromKey(byte[] key) {
    return new Revision(getLong(key, 0), getLong(key, 8));
  }

  public static boolean isTombstone(byte[] key) {
    return key.length == KEY_LENGTH + 1 && key[KEY_LENGTH] == TOMBSTONE_MARK;
  }

  @Override
  public int compareTo(Revision o) {
    int c = Long.compare(main, o.main);
    return c != 0 ? c : Long.compare(sub, o.sub);
  }

  static void putLong(byte[] b, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }

  static long getLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xff);
    }
    return v;
  }
}
