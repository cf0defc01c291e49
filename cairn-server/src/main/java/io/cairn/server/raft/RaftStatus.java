package io.cairn.server.raft;

/** A member's view of consensus. {@code leaderId} is 0 when no leader is known. */
public record RaftStatus(long leaderId, long term, long commitIndex, long appliedIndex,
    boolean isLeader) {}
