package org.apache.ratis.server.impl;

import java.util.concurrent.TimeUnit;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.util.TimeDuration;

/**
 * Cairn's reach into Ratis's follower for etcd's tick-based election timeout ({@code
 * io.cairn.server.raft.TickElection} says why): what the follower knows of its leader, and the
 * step to candidate, are package-private. Written against Ratis 3.3.0's {@code FollowerState} and
 * {@code RaftServerImpl}; {@code TickElectionTest} fails when another Ratis version is on the
 * class path, so that this is checked again.
 */
public final class FollowerTimeouts {
  private FollowerTimeouts() {}

  /**
   * The division's current follower state, or null when it is not a follower (a leader, a
   * candidate, a listener). Each term as a follower has a state of its own.
   */
  public static Object followerState(RaftServer.Division division) {
    RaftServerImpl server = (RaftServerImpl) division;
    if (!server.getInfo().isFollower()) {
      return null;
    }
    return server.getRole().getFollowerState().orElse(null);
  }

  /** Ratis's own draw of an election timeout in [min, max] (its first-election range at start). */
  public static long randomTimeoutMs(RaftServer.Division division) {
    return ((RaftServerImpl) division).getRandomElectionTimeout().toLong(TimeUnit.MILLISECONDS);
  }

  /** What {@link #campaignIfTimedOut} did. */
  public enum Outcome {
    /** The leader was heard from within the timeout, or an append is in progress. */
    NOT_YET,
    CAMPAIGNED,
    /**
     * The follower stepped down as leader for lost heartbeats a moment ago: Ratis's own check
     * waits out its step-down wait time (and logs why on each call), so it is left to Ratis.
     */
    LEFT_TO_RATIS
  }

  /**
   * Makes the follower a candidate if, under the server's lock, {@code followerState} is still its
   * state and has heard nothing from a leader for {@code timeoutMs}, with the conditions of Ratis's
   * own check: no append or snapshot in progress, no step-down for lost heartbeats just before.
   */
  public static Outcome campaignIfTimedOut(RaftServer.Division division, Object followerState,
      long timeoutMs) {
    RaftServerImpl server = (RaftServerImpl) division;
    FollowerState state = (FollowerState) followerState;
    TimeDuration timeout = TimeDuration.valueOf(timeoutMs, TimeUnit.MILLISECONDS);
    if (state.getLastRpcTime().elapsedTime().compareTo(timeout) < 0) {
      return Outcome.NOT_YET; // the common case, without the lock
    }
    synchronized (server) {
      if (followerState(division) != state || !server.isRunning()
          || state.getOutstandingOp() != 0
          || state.getLastRpcTime().elapsedTime().compareTo(timeout) < 0) {
        return Outcome.NOT_YET;
      }
      if (state.lostMajorityHeartbeatsRecently()) {
        return Outcome.LEFT_TO_RATIS;
      }
      server.getLeaderElectionMetrics().onLeaderElectionTimeout();
      server.changeToCandidate(false);
      return Outcome.CAMPAIGNED;
    }
  }
}
