package io.cairn.server.raft;

/**
 * What the engine's own clocks tell the member, for etcd's disk and network metrics. Called on the
 * engine's threads: implementations only record.
 */
public interface RaftTimings {
  /** The log was written out and fsynced (etcd's WAL fdatasync) in this many nanoseconds. */
  void logSynced(long nanos);

  /** Leader only: a heartbeat to {@code memberId} was answered after this many nanoseconds. */
  void heartbeatAnswered(long memberId, long nanos);
}
