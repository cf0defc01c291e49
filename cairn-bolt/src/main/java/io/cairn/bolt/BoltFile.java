package io.cairn.bolt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only bbolt database (the file etcd's backend is, and so an etcd snapshot): its two meta
 * pages, and the B+tree of branch and leaf pages under each bucket, buckets being leaf values that
 * hold either a root page id or, when small, a whole page inline. Only what {@code snapshot status}
 * needs: ordered traversal of the root's buckets and of their entries. No free list, no writes, no
 * consistency check (etcd's tx.Check()).
 *
 * <p>Layout (bbolt's page.go, node.go, bucket.go, db.go; amd64 byte order, little-endian): a page
 * starts with id u64, flags u16, count u16, overflow u32, then {@code count} 16-byte elements. A
 * branch element is pos u32, ksize u32, child page id u64; a leaf element is flags u32 (1: the value
 * is a bucket), pos u32, ksize u32, vsize u32; {@code pos} is the key's offset from its element and
 * the value follows the key. A bucket value is root page id u64, sequence u64, and when the root is
 * 0 the bucket's only (leaf) page follows. The database size etcd reports is the meta's page count
 * (high-water mark) times the page size.
 */
public final class BoltFile {
  static final int MAGIC = 0xED0CDAED;
  static final int VERSION = 2;
  static final int PAGE_HEADER = 16;
  static final int ELEMENT = 16;
  static final int BRANCH_PAGE = 0x01;
  static final int LEAF_PAGE = 0x02;
  static final int BUCKET_LEAF = 0x01;
  /** bbolt reads this much to find the page size, and takes a shorter file for no database. */
  private static final int FIRST_READ = 0x1000;
  /** The page size assumed when the first meta page is unreadable: the OS page size. */
  private static final int DEFAULT_PAGE_SIZE = 4096;
  /** Offset of the checksum in the meta page body; the checksum covers the bytes before it. */
  static final int META_CHECKSUM = 56;

  /** Receives the root's buckets and their entries, in key order. */
  public interface Visitor {
    void bucket(byte[] name);

    /** An entry of the current bucket; {@code value} is null for a nested bucket. */
    void entry(byte[] key, byte[] value);
  }

  private final ByteBuffer buf;
  private final int pageSize;
  private final long rootPage;
  private final long highWaterPage;

  private BoltFile(ByteBuffer buf, int pageSize, long rootPage, long highWaterPage) {
    this.buf = buf;
    this.pageSize = pageSize;
    this.rootPage = rootPage;
    this.highWaterPage = highWaterPage;
  }

  /**
   * Opens the database as bbolt's read-only Open does, failing with bbolt's messages: "invalid
   * database", "file size too small", "version mismatch", "checksum error".
   */
  public static BoltFile open(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size == 0) {
        // bbolt initialises an empty file, which a read-only handle cannot write
        throw new BoltFormatException("write " + path + ": bad file descriptor");
      }
      if (size > Integer.MAX_VALUE) {
        throw new BoltFormatException("bbolt files are read up to 2 GiB, this one has " + size
            + " bytes");
      }
      return of(ch.map(FileChannel.MapMode.READ_ONLY, 0, size));
    }
  }

  /**
   * The database held in {@code bytes} (from its position 0 to its limit; bytes after the last page,
   * such as the SHA-256 an etcd snapshot ends with, are never read).
   */
  public static BoltFile of(ByteBuffer bytes) throws BoltFormatException {
    ByteBuffer buf = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
    if (buf.capacity() < FIRST_READ) {
      throw new BoltFormatException("invalid database");
    }
    int pageSize = validate(buf, 0) == null ? buf.getInt(PAGE_HEADER + 8) : DEFAULT_PAGE_SIZE;
    if (buf.capacity() < 2L * pageSize) {
      throw new BoltFormatException("file size too small");
    }
    String err0 = validate(buf, 0);
    String err1 = validate(buf, pageSize);
    if (err0 != null && err1 != null) {
      throw new BoltFormatException(err0);
    }
    // the valid meta page with the higher transaction id is the current one
    int meta = err1 != null || (err0 == null && txid(buf, 0) >= txid(buf, pageSize)) ? 0 : pageSize;
    int body = meta + PAGE_HEADER;
    return new BoltFile(buf, pageSize, buf.getLong(body + 16), buf.getLong(body + 40));
  }

  private static long txid(ByteBuffer buf, int metaPage) {
    return buf.getLong(metaPage + PAGE_HEADER + 48);
  }

  /** meta.validate(): null when the meta page at {@code offset} is good, else bbolt's error. */
  private static String validate(ByteBuffer buf, int offset) {
    int body = offset + PAGE_HEADER;
    if (buf.getInt(body) != MAGIC) {
      return "invalid database";
    }
    if (buf.getInt(body + 4) != VERSION) {
      return "version mismatch";
    }
    long checksum = buf.getLong(body + META_CHECKSUM);
    if (checksum != 0 && checksum != fnv64a(buf, body, META_CHECKSUM)) {
      return "checksum error";
    }
    return null;
  }

  static long fnv64a(ByteBuffer buf, int from, int length) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < length; i++) {
      h ^= buf.get(from + i) & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** tx.Size(): the database's size in bytes as of the current meta page. */
  public long size() {
    return highWaterPage * pageSize;
  }

  /** Visits each bucket of the root in key order, and each bucket's own entries in key order. */
  public void visit(Visitor visitor) throws BoltFormatException {
    walk(pageOffset(rootPage), (key, flags, valuePos, valueSize) -> {
      if ((flags & BUCKET_LEAF) == 0) {
        throw new BoltFormatException("cannot get hash of bucket " + new String(key,
            java.nio.charset.StandardCharsets.UTF_8));
      }
      visitor.bucket(key);
      walk(bucketRoot(valuePos), (k, f, vPos, vSize) ->
          visitor.entry(k, (f & BUCKET_LEAF) != 0 ? null : bytes(vPos, vSize)));
    });
  }

  private interface LeafElement {
    void accept(byte[] key, int flags, int valuePos, int valueSize) throws BoltFormatException;
  }

  /** The page holding a bucket's root: its own page, or the inline page after its header. */
  private int bucketRoot(int valuePos) throws BoltFormatException {
    long root = buf.getLong(valuePos);
    return root == 0 ? valuePos + 16 : pageOffset(root);
  }

  private int pageOffset(long pgid) throws BoltFormatException {
    long offset = pgid * pageSize;
    if (pgid < 2 || offset + PAGE_HEADER > buf.capacity()) {
      throw new BoltFormatException("page " + pgid + " is outside the database");
    }
    return (int) offset;
  }

  /** In-order traversal of the tree whose top page starts at {@code page}. */
  private void walk(int page, LeafElement leaf) throws BoltFormatException {
    int flags = buf.getShort(page + 8) & 0xffff;
    int count = buf.getShort(page + 10) & 0xffff;
    for (int i = 0; i < count; i++) {
      int elem = page + PAGE_HEADER + i * ELEMENT;
      if ((flags & BRANCH_PAGE) != 0) {
        walk(pageOffset(buf.getLong(elem + 8)), leaf);
      } else if ((flags & LEAF_PAGE) != 0) {
        int keyPos = elem + buf.getInt(elem + 4);
        int keySize = buf.getInt(elem + 8);
        leaf.accept(bytes(keyPos, keySize), buf.getInt(elem), keyPos + keySize, buf.getInt(elem + 12));
      } else {
        throw new BoltFormatException("page at offset " + page + " is neither branch nor leaf");
      }
    }
  }

  private byte[] bytes(int pos, int size) {
    byte[] b = new byte[size];
    buf.get(pos, b);
    return b;
  }
}
