package io.cairn.server.mvcc;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The revision history of one key, oldest first: every put and every tombstone still in the backend.
 * A tombstone ends a generation; the next put starts a new one with version 1. Also caches the live
 * generation's create revision, version and lease so that a put needs no backend read.
 *
 * <p>Not thread-safe: guarded by the {@link KeyIndexTree}'s lock.
 */
final class KeyIndex {
  private long[] mains = new long[2];
  private int[] subs = new int[2];
  private boolean[] tombstones = new boolean[2];
  private int size;

  private long createRevision;
  private long version;
  private long lease;

  boolean isLive() {
    return size > 0 && !tombstones[size - 1];
  }

  long createRevision() {
    return createRevision;
  }

  long version() {
    return version;
  }

  long lease() {
    return lease;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void put(long main, int sub, long leaseId) {
    if (!isLive()) {
      createRevision = main;
      version = 0;
    }
    version++;
    lease = leaseId;
    append(main, sub, false);
  }

  /** Restores a put read from the backend at start-up. */
  void restorePut(long main, int sub, long create, long ver, long leaseId) {
    createRevision = create;
    version = ver;
    lease = leaseId;
    append(main, sub, false);
  }

  void tombstone(long main, int sub) {
    version = 0;
    lease = 0;
    append(main, sub, true);
  }

  private void append(long main, int sub, boolean tomb) {
    if (size == mains.length) {
      int n = size * 2;
      mains = Arrays.copyOf(mains, n);
      subs = Arrays.copyOf(subs, n);
      tombstones = Arrays.copyOf(tombstones, n);
    }
    mains[size] = main;
    subs[size] = sub;
    tombstones[size] = tomb;
    size++;
  }

  /** Index of the newest entry with main revision ≤ rev, or -1. */
  private int floor(long rev) {
    int lo = 0;
    int hi = size - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (mains[mid] <= rev) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** The revision holding the key's value as of {@code rev}, or null if the key did not exist then. */
  Revision at(long rev) {
    int i = floor(rev);
    if (i < 0 || tombstones[i]) {
      return null;
    }
    return new Revision(mains[i], subs[i]);
  }

  /** The live revision just before (main, sub), or null if the key did not exist then. */
  Revision before(long main, long sub) {
    for (int i = size - 1; i >= 0; i--) {
      if (mains[i] < main || (mains[i] == main && subs[i] < sub)) {
        return tombstones[i] ? null : new Revision(mains[i], subs[i]);
      }
    }
    return null;
  }

  /**
   * Drops history that no reader at a revision ≥ {@code rev} can need: everything older than the
   * newest entry ≤ rev, and that entry too if it is a tombstone. Reports each dropped backend key.
   */
  void compact(long rev, Consumer<byte[]> dropped) {
    int i = floor(rev);
    if (i < 0) {
      return;
    }
    int keepFrom = tombstones[i] ? i + 1 : i;
    for (int j = 0; j < keepFrom; j++) {
      dropped.accept(Revision.toKey(mains[j], subs[j], tombstones[j]));
    }
    if (keepFrom > 0) {
      int rest = size - keepFrom;
      System.arraycopy(mains, keepFrom, mains, 0, rest);
      System.arraycopy(subs, keepFrom, subs, 0, rest);
      System.arraycopy(tombstones, keepFrom, tombstones, 0, rest);
      size = rest;
    }
  }
}
