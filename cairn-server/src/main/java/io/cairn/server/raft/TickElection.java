package io.cairn.server.raft;

import java.io.IOException;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.impl.FollowerTimeouts;
import org.apache.ratis.server.impl.FollowerTimeouts.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's election timeout for Ratis's follower: checked every heartbeat interval (etcd's tick)
 * against one timeout drawn per term as a follower in [election, 2 x election).
 *
 * <p>Ratis's own follower thread sleeps a whole random timeout and only then checks whether the
 * leader was heard from within that timeout; if it was, it sleeps another whole one. A dead
 * leader is therefore noticed 1 to 4 s after its last heartbeat with a 1 s election timeout, where
 * etcd notices it 1 to 2 s after (docs/cluster-timings.md). Ratis's thread keeps running beside
 * this one, so neither campaigns before the leader has been silent for at least the election
 * timeout; this one only makes the check as often as etcd does. Run on every Raft tick ({@link
 * RatisRaftNode}), from one thread only.
 */
final class TickElection implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(TickElection.class);

  private final RaftServer server;
  private final RaftGroupId groupId;
  /** The follower state (one per term as a follower) the timeout was drawn for. */
  private Object watched;
  private long timeoutMs;
  private boolean leftToRatis;

  TickElection(RaftServer server, RaftGroupId groupId) {
    this.server = server;
    this.groupId = groupId;
  }

  @Override
  public void run() {
    try {
      RaftServer.Division division = server.getDivision(groupId);
      Object state = FollowerTimeouts.followerState(division);
      if (state != watched) {
        watched = state;
        leftToRatis = false;
        if (state != null) {
          timeoutMs = FollowerTimeouts.randomTimeoutMs(division);
        }
        return;
      }
      if (state == null || leftToRatis) {
        return;
      }
      Outcome o = FollowerTimeouts.campaignIfTimedOut(division, state, timeoutMs);
      if (o == Outcome.CAMPAIGNED) {
        LOG.info("{}: no leader heard for {} ms (election timeout drawn for this term): campaigning",
            division.getMemberId(), timeoutMs);
      }
      leftToRatis = o == Outcome.LEFT_TO_RATIS;
    } catch (IOException | RuntimeException e) {
      // the group is closing or not there yet: the next tick looks again
      LOG.debug("election tick skipped", e);
    }
  }
}
