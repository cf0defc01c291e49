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

  /** Leadership changed. {@code local} is true when this member became a leader ready to serve. */
  void leaderChanged(long leaderId, long term, boolean local);
}
