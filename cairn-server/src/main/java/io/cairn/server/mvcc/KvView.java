package io.cairn.server.mvcc;

import com.google.protobuf.ByteString;

/** Something that answers range reads: the store itself, or a write transaction in progress. */
public interface KvView {
  /**
   * Reads [key, end) as of {@code rev} (≤ 0: current). Empty end: the single key; end "\0": every
   * key ≥ key. A limit ≤ 0 means no limit; countOnly returns only the count.
   */
  RangeResult range(ByteString key, ByteString end, long rev, long limit, boolean countOnly);

  /** The revision of the last compaction, -1 if there was none (etcd's {@code FirstRev}). */
  long compactRevision();
}
