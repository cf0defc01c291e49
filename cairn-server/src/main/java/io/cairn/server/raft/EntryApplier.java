package io.cairn.server.raft;

/**
 * Applies committed log entries to the member's state, one at a time, in log order, on one thread.
 * It persists the index of the last applied entry atomically with the state it produced, so a
 * restart replays only the entries after it.
 */
public interface EntryApplier {

  /** Term and index of the last entry whose effects are durable in the state; index -1 when none. */
  long appliedTerm();

  long appliedIndex();

  /**
   * Applies one entry; returns how many client requests it carried: {@code --snapshot-count}
   * counts those, as etcd's entries carry one request each and ours a batch.
   */
  int apply(long term, long index, byte[] entry);

  /** A position in the log: an entry's term and index. */
  record Position(long term, long index) {}

  /**
   * Writes a consistent copy of the applied state into the new directory {@code dir}, on a thread
   * of the caller's while entries go on being applied, and returns the position of the last entry
   * the copy holds (at least the one applied when called).
   */
  Position checkpoint(java.nio.file.Path dir) throws java.io.IOException;

  /**
   * Replaces the whole state with a snapshot of the state at log index {@code index}: a directory
   * {@link #checkpoint} wrote, or the single file an older release dumped the store into. Apply
   * thread. Refuses a snapshot holding another index: a copy cut short (a crash before its files
   * were synced) opens as an earlier state, and the engine, which has purged its log behind the
   * snapshot, would never replay the entries missing from it.
   */
  void restoreSnapshot(java.nio.file.Path snapshot, long index) throws java.io.IOException;

  /**
   * True while the state holds data that no entry of the engine's log produced (a restored
   * snapshot, a member forced into a new cluster): a member catching up from the log alone would
   * miss it, so the engine takes a snapshot first.
   */
  boolean stateBeforeLog();

  /** A snapshot of the state, written by {@link #checkpoint}, is durable. Apply thread. */
  void snapshotTaken();

  /** True if a snapshot restore was cut short (a crash): the state must be restored again. */
  boolean restoreInterrupted();

  /**
   * Leader only: answers a question another member asked with {@link RaftNode#askLeader}, from
   * state only the leader holds (lease expiry). Runs off the apply thread.
   */
  byte[] answerAsLeader(byte[] question);

  /**
   * Any member: answers a question another member asked it by name with {@link
   * RaftNode#askMember}, from its own state. Runs off the apply thread.
   */
  byte[] answerAsMember(byte[] question);

  /** Leadership changed. {@code local} is true when this member became a leader ready to serve. */
  void leaderChanged(long leaderId, long term, boolean local);

  /**
   * The engine stopped itself for good while the member runs: it found this member outside the
   * cluster's configuration when it tried to campaign (Ratis's NOT_IN_CONF shutdown).
   */
  void engineStopped();
}
