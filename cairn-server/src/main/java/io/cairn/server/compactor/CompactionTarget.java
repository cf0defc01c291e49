package io.cairn.server.compactor;

/** What a compaction policy acts on: the server's store, seen from its Raft role. */
public interface CompactionTarget {
  long currentRevision();

  /** Only the leader compacts, as in etcd, where followers pause their compactor. */
  boolean isLeader();

  /**
   * Compacts up to {@code revision} through the log and waits for it; a revision compacted already
   * counts as done.
   */
  void compact(long revision) throws Exception;
}
