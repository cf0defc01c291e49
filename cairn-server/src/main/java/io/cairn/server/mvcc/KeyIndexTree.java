package io.cairn.server.mvcc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * All keys in order with their revision histories (etcd's treeIndex). Readers run concurrently with
 * the single writer: entries newer than a reader's revision are simply ignored by it.
 *
 * <p>Keys are held as byte arrays compared with {@link Arrays#compareUnsigned}, a vectorised
 * intrinsic: protobuf's ByteString comparator walks byte by byte through an iterator, and the JFR
 * profile of puts showed it as most of Cairn's own CPU; per lookup it took about twice the thread CPU
 * time of this one. A bare array is also smaller per key than a ByteString around one. The arrays are never modified, so hits wrap them without copying.
 */
final class KeyIndexTree {
  private static final byte[] FROM_KEY = {0};
  /** Keys compacted per hold of the write lock. */
  private static final int COMPACT_CHUNK = 256;

  private final TreeMap<byte[], KeyIndex> tree = new TreeMap<>(Arrays::compareUnsigned);
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  /** One key found by a range: its name and the revision holding its value. */
  record Hit(ByteString key, Revision revision) {}

  /** Result of scanning a range: the first {@code limit} hits and the total number of live keys. */
  record Scan(List<Hit> hits, long count) {}

  /**
   * Scans [key, end) as of {@code rev}. An empty end means the single key; end "\0" means every key
   * ≥ key. A limit ≤ 0 collects all hits; countOnly collects none.
   */
  Scan range(ByteString key, ByteString end, long rev, long limit, boolean countOnly) {
    List<Hit> hits = new ArrayList<>();
    long count = 0;
    lock.readLock().lock();
    try {
      for (Map.Entry<byte[], KeyIndex> e : view(key.toByteArray(), end.toByteArray()).entrySet()) {
        Revision r = e.getValue().at(rev);
        if (r == null) {
          continue;
        }
        count++;
        if (!countOnly && (limit <= 0 || hits.size() < limit)) {
          hits.add(new Hit(UnsafeByteOperations.unsafeWrap(e.getKey()), r));
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    return new Scan(hits, count);
  }

  private NavigableMap<byte[], KeyIndex> view(byte[] key, byte[] end) {
    if (end.length == 0) {
      return tree.subMap(key, true, key, true);
    }
    if (Arrays.equals(end, FROM_KEY)) {
      return tree.tailMap(key, true);
    }
    if (Arrays.compareUnsigned(key, end) >= 0) {
      return new TreeMap<>(tree.comparator());
    }
    return tree.subMap(key, true, end, false);
  }

  /** Live state of one key at the newest revision, for the writer. */
  KeyIndex liveForWrite(ByteString key) {
    KeyIndex ki = tree.get(key.toByteArray()); // only the writer mutates: no lock needed to read here
    return ki != null && ki.isLive() ? ki : null;
  }

  void put(ByteString key, long main, int sub, long lease) {
    lock.writeLock().lock();
    try {
      tree.computeIfAbsent(key.toByteArray(), k -> new KeyIndex()).put(main, sub, lease);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Start-up only, before any reader: {@code key} becomes the tree's own and must not change. */
  void restorePut(byte[] key, long main, int sub, long create, long version, long lease) {
    tree.computeIfAbsent(key, k -> new KeyIndex()).restorePut(main, sub, create, version, lease);
  }

  /** Start-up only, as {@link #restorePut}. */
  void restoreTombstone(byte[] key, long main, int sub) {
    tree.computeIfAbsent(key, k -> new KeyIndex()).tombstone(main, sub);
  }

  void tombstone(ByteString key, long main, int sub) {
    lock.writeLock().lock();
    try {
      KeyIndex ki = tree.get(key.toByteArray());
      if (ki != null) {
        ki.tombstone(main, sub);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The live revision of key just before (main, sub), or null. */
  Revision before(ByteString key, long main, long sub) {
    lock.readLock().lock();
    try {
      KeyIndex ki = tree.get(key.toByteArray());
      return ki == null ? null : ki.before(main, sub);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Drops history below {@code rev} key by key, as etcd does, holding the write lock for
   * {@value #COMPACT_CHUNK} keys at a time: a read waits for one chunk, not for the whole index.
   * Only the writer mutates the tree, so it may walk it between chunks without the lock, and a reader
   * at a revision ≥ rev gets the same answer before and after a key is compacted. The dropped backend
   * keys are reported outside the lock.
   */
  void compact(long rev, Consumer<byte[]> dropped) {
    List<byte[]> droppedInChunk = new ArrayList<>();
    Iterator<KeyIndex> it = tree.values().iterator();
    while (it.hasNext()) {
      lock.writeLock().lock();
      try {
        for (int n = 0; n < COMPACT_CHUNK && it.hasNext(); n++) {
          KeyIndex ki = it.next();
          ki.compact(rev, droppedInChunk::add);
          if (ki.isEmpty()) {
            it.remove();
          }
        }
      } finally {
        lock.writeLock().unlock();
      }
      droppedInChunk.forEach(dropped);
      droppedInChunk.clear();
    }
  }

  /** Visits every live key with a lease: (key, lease). For rebuilding lease attachments. */
  void forEachLeased(java.util.function.BiConsumer<ByteString, Long> visitor) {
    lock.readLock().lock();
    try {
      for (Map.Entry<byte[], KeyIndex> e : tree.entrySet()) {
        KeyIndex ki = e.getValue();
        if (ki.isLive() && ki.lease() != 0) {
          visitor.accept(UnsafeByteOperations.unsafeWrap(e.getKey()), ki.lease());
        }
      }
    } finally {
      lock.readLock().unlock();
    }
  }
}
