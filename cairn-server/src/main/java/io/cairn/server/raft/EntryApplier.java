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

  void apply(long term, long index, byte[] entry);

  /**
   * A consistent view of the applied state as of {@link #appliedIndex()}, taken on the apply
   * thread and written out on another while entries go on being applied.
   */
  SnapshotSource captureSnapshot();

  /** What {@link #captureSnapshot} returns: closed once written, or given up. */
  interface SnapshotSource extends AutoCloseable {
    void writeTo(java.io.OutputStream out) throws java.io.IOException;

    @Override
    void close();
  }

  /** Replaces the whole state with a snapshot written by a {@link SnapshotSource}. Apply thread. */
  void restoreSnapshot(java.io.InputStream in) throws java.io.IOException;

  /**
   * True while the state holds data that no entry of the engine's log produced (a restored
   * snapshot, a member forced into a new cluster): a member catching up from the log alone would
   * miss it, so the engine takes a snapshot first.
   */
  boolean stateBeforeLog();

  /** A snapshot of the state, written by a {@link SnapshotSource}, is durable. Apply thread. */
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
