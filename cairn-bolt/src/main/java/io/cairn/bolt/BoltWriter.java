package io.cairn.bolt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a new bbolt database, bucket by bucket and entry by entry in ascending key order, so that
 * bbolt (etcd's backend, {@code etcdctl snapshot status/restore}) opens and reads it as one of its
 * own: two meta pages, an empty free list, and per bucket a B+tree of leaf pages (one per page
 * size of entries, an entry larger than a page alone on a page with overflow pages) under branch
 * pages, the root bucket's leaf last. The layout is the one {@link BoltFile} reads (bbolt's page.go,
 * bucket.go, db.go, amd64 byte order); pages are written as they fill, so memory stays at one
 * page plus one branch element per page written.
 */
public final class BoltWriter {
  private static final int PAGE_SIZE = 4096;
  // the page layout is BoltFile's: it reads what this writes
  private static final int MAGIC = BoltFile.MAGIC;
  private static final int VERSION = BoltFile.VERSION;
  private static final int PAGE_HEADER = BoltFile.PAGE_HEADER;
  private static final int ELEMENT = BoltFile.ELEMENT;
  private static final int BRANCH_PAGE = BoltFile.BRANCH_PAGE;
  private static final int LEAF_PAGE = BoltFile.LEAF_PAGE;
  private static final int META_PAGE = 0x04;
  private static final int FREELIST_PAGE = 0x10;
  private static final int BUCKET_LEAF = BoltFile.BUCKET_LEAF;
  private static final int BUCKET_HEADER = 16;
  private static final long FREELIST_PGID = 2;
  private static final int MAX_COUNT = 0xFFFF;

  private record Entry(byte[] key, byte[] value, int flags) {}

  /** The first key of a written page, and the page: one element of the level above. */
  private record Child(byte[] firstKey, long pgid) {}

  private final FileChannel out;
  private long nextPgid = FREELIST_PGID + 1;
  private final List<Entry> rootEntries = new ArrayList<>();
  private byte[] bucket;
  private final List<Entry> page = new ArrayList<>();
  private int pageBytes = PAGE_HEADER;
  private final List<Child> leaves = new ArrayList<>();
  private byte[] lastKey;

  /** A writer to {@code out}, an empty file. */
  public BoltWriter(FileChannel out) {
    this.out = out;
  }

  /** Starts the next bucket; names come in ascending byte order. */
  public void bucket(byte[] name) throws IOException {
    if (bucket != null) {
      endBucket();
    }
    if (!rootEntries.isEmpty()
        && Arrays.compareUnsigned(rootEntries.get(rootEntries.size() - 1).key(), name) >= 0) {
      throw new IllegalArgumentException("buckets out of order");
    }
    bucket = name.clone();
    lastKey = null;
  }

  /** Adds an entry to the current bucket; keys come in ascending byte order. */
  public void put(byte[] key, byte[] value) throws IOException {
    if (bucket == null) {
      throw new IllegalStateException("no bucket started");
    }
    if (key.length == 0 || (lastKey != null && Arrays.compareUnsigned(lastKey, key) >= 0)) {
      throw new IllegalArgumentException("keys must be non-empty and ascending");
    }
    lastKey = key;
    int size = ELEMENT + key.length + value.length;
    if (!page.isEmpty() && (pageBytes + size > PAGE_SIZE || page.size() == MAX_COUNT)) {
      leaves.add(writePage(LEAF_PAGE, page));
      page.clear();
      pageBytes = PAGE_HEADER;
    }
    page.add(new Entry(key, value, 0));
    pageBytes += size;
  }

  /** Writes the root, the free list and the meta pages. The file is complete afterwards. */
  public void finish() throws IOException {
    if (bucket != null) {
      endBucket();
    }
    long root = writeTree(List.of(writePage(LEAF_PAGE, rootEntries)));
    writeFreelist();
    writeMeta(0, root, 0);
    writeMeta(1, root, 1);
    out.force(true);
  }

  private void endBucket() throws IOException {
    if (!page.isEmpty() || leaves.isEmpty()) {
      leaves.add(writePage(LEAF_PAGE, page));
    }
    long root = writeTree(new ArrayList<>(leaves));
    ByteBuffer header = ByteBuffer.allocate(BUCKET_HEADER).order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(root).putLong(0);
    rootEntries.add(new Entry(bucket, header.array(), BUCKET_LEAF));
    page.clear();
    pageBytes = PAGE_HEADER;
    leaves.clear();
    bucket = null;
  }

  /** Branch levels above {@code level} until one page remains; returns the top page. */
  private long writeTree(List<Child> level) throws IOException {
    while (level.size() > 1) {
      List<Child> above = new ArrayList<>();
      List<Entry> branch = new ArrayList<>();
      int bytes = PAGE_HEADER;
      for (Child c : level) {
        int size = ELEMENT + c.firstKey().length;
        if (!branch.isEmpty() && (bytes + size > PAGE_SIZE || branch.size() == MAX_COUNT)) {
          above.add(writePage(BRANCH_PAGE, branch));
          branch.clear();
          bytes = PAGE_HEADER;
        }
        branch.add(new Entry(c.firstKey(), longBytes(c.pgid()), 0));
        bytes += size;
      }
      above.add(writePage(BRANCH_PAGE, branch));
      level = above;
    }
    return level.get(0).pgid();
  }

  /**
   * Writes one page of leaf elements (flags, pos, ksize, vsize) or branch elements (pos, ksize,
   * pgid; the entry's value holds the child's pgid), keys and values after the elements.
   */
  private Child writePage(int type, List<Entry> entries) throws IOException {
    int bytes = PAGE_HEADER + entries.size() * ELEMENT;
    for (Entry e : entries) {
      bytes += e.key().length + (type == LEAF_PAGE ? e.value().length : 0);
    }
    int pages = Math.max(1, (bytes + PAGE_SIZE - 1) / PAGE_SIZE);
    ByteBuffer b = ByteBuffer.allocate(pages * PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    long pgid = nextPgid;
    nextPgid += pages;
    b.putLong(0, pgid).putShort(8, (short) type).putShort(10, (short) entries.size())
        .putInt(12, pages - 1);
    int data = PAGE_HEADER + entries.size() * ELEMENT;
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      int elem = PAGE_HEADER + i * ELEMENT;
      if (type == LEAF_PAGE) {
        b.putInt(elem, e.flags()).putInt(elem + 4, data - elem).putInt(elem + 8, e.key().length)
            .putInt(elem + 12, e.value().length);
        b.put(data, e.key()).put(data + e.key().length, e.value());
        data += e.key().length + e.value().length;
      } else {
        b.putInt(elem, data - elem).putInt(elem + 4, e.key().length)
            .putLong(elem + 8, ByteBuffer.wrap(e.value()).order(ByteOrder.LITTLE_ENDIAN).getLong());
        b.put(data, e.key());
        data += e.key().length;
      }
    }
    write(b, pgid);
    return new Child(entries.isEmpty() ? new byte[0] : entries.get(0).key(), pgid);
  }

  private void writeFreelist() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(0, FREELIST_PGID).putShort(8, (short) FREELIST_PAGE);
    write(b, FREELIST_PGID);
  }

  private void writeMeta(long pgid, long root, long txid) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(0, pgid).putShort(8, (short) META_PAGE);
    int m = PAGE_HEADER;
    b.putInt(m, MAGIC).putInt(m + 4, VERSION).putInt(m + 8, PAGE_SIZE).putInt(m + 12, 0)
        .putLong(m + 16, root).putLong(m + 24, 0).putLong(m + 32, FREELIST_PGID)
        .putLong(m + 40, nextPgid).putLong(m + 48, txid);
    b.putLong(m + BoltFile.META_CHECKSUM, BoltFile.fnv64a(b, m, BoltFile.META_CHECKSUM));
    write(b, pgid);
  }

  private void write(ByteBuffer b, long pgid) throws IOException {
    b.position(0);
    long at = pgid * PAGE_SIZE;
    while (b.hasRemaining()) {
      at += out.write(b, at);
    }
  }

  private static byte[] longBytes(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }
}
