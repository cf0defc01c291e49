package io.cairn.server.raft;

import java.util.concurrent.CompletableFuture;

/**
 * The consensus engine as the server core sees it: an ordered, replicated, durable log of opaque
 * entries, applied on every member by an {@link EntryApplier}. Only this package knows the engine.
 */
public interface RaftNode extends AutoCloseable {

  void start();

  /**
   * Appends an entry. Completes after the entry is committed and applied on this member (the
   * applier has already run for it), or fails with {@link NotLeaderException} when the engine
   * refused it before any append (safe to propose again), or with {@link OutcomeUnknownException}
   * when it may have been appended (never propose it again).
   */
  CompletableFuture<Void> propose(byte[] entry);

  /**
   * Asks the leader's {@link EntryApplier#answerAsLeader} (over the peer transport when the leader
   * is another member), following leadership changes until the engine's request timeout.
   */
  CompletableFuture<byte[]> askLeader(byte[] question);

  /**
   * Asks member {@code memberId}'s {@link EntryApplier#answerAsMember} over the peer transport; it
   * answers from its own state, whatever it has applied.
   */
  CompletableFuture<byte[]> askMember(long memberId, byte[] question);

  /**
   * A linearizable read barrier: completes once this member has applied everything committed when
   * the call was made, as confirmed by a quorum.
   */
  CompletableFuture<Void> readBarrier();

  RaftStatus status();

  /** Hands leadership to the member {@code memberId}; completes when it has taken over. */
  CompletableFuture<Void> transferLeadership(long memberId, long timeoutMs);

  /** The configuration the engine currently runs with. */
  RaftMembers members();

  /**
   * Leader only: makes the configuration exactly {@code target}. New members must be running; the
   * engine lets them catch up before they count. Fails if this member is not the leader.
   */
  CompletableFuture<Void> reconfigure(RaftMembers target);

  /** Leader only: the highest log index known replicated on member {@code memberId}, or -1. */
  long matchIndex(long memberId);

  /**
   * Leader only: milliseconds since member {@code memberId} last answered this leader (a member
   * being added included), or -1 when this member is not the leader or does not send to it.
   */
  long millisSinceHeardFrom(long memberId);

  /** Leader only: gives up leadership without choosing a successor; the members elect one. */
  CompletableFuture<Void> stepDown();

  /** The commit index member {@code memberId} last reported (it knows entries up to it are committed), or -1. */
  long commitIndexOf(long memberId);

  @Override
  void close();
}
