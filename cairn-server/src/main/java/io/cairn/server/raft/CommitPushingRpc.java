package io.cairn.server.raft;

import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.grpc.server.GrpcLogAppender;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.rpc.RpcFactory;
import org.apache.ratis.rpc.RpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.leader.FollowerInfo;
import org.apache.ratis.server.leader.LeaderState;
import org.apache.ratis.server.leader.LogAppender;
import org.apache.ratis.server.raftlog.RaftLogIOException;
import org.apache.ratis.util.TimeDuration;
import org.apache.ratis.util.Timestamp;

/**
 * Ratis's gRPC transport with two changes to its log appender: the leader tells followers about a
 * new commit index at once, as etcd's raft does, instead of at the next heartbeat; and the wait that
 * batches entries counts from the last append that carried entries, not from any send (see
 * {@code CommitPushingAppender#getRemainingWaitTime}).
 *
 * <p>Ratis wakes a follower's appender when the commit index moves, but with no new entries to send
 * (and log-metadata entries turned off, see DESIGN.md) it builds no request until the heartbeat is
 * due, half an election timeout later. A follower then applies a lone write up to 500 ms after the
 * leader did: a put sent to a follower waits that long for its local apply, and watchers on
 * followers see events that late. Here the appender sends the commit index in an empty append
 * (a heartbeat) as soon as the follower's known commit index is behind, it has every entry and
 * none is in flight.
 *
 * <p>Ratis finds this class by name ({@code raft.rpc.type}) and instantiates it reflectively.
 */
public final class CommitPushingRpc implements RpcType {
  @Override
  public String name() {
    return CommitPushingRpc.class.getName();
  }

  @Override
  public RpcFactory newFactory(Parameters parameters) {
    return new GrpcFactory(parameters) {
      @Override
      public LogAppender newLogAppender(RaftServer.Division server, LeaderState state,
          FollowerInfo follower) {
        return new CommitPushingAppender(server, state, follower);
      }
    };
  }

  private static final class CommitPushingAppender extends GrpcLogAppender {
    // The fields are only touched by this appender's own thread: Ratis builds requests and
    // computes waits in the appender loop.
    private long pushedCommit = -1;
    private Timestamp entriesSentAt = Timestamp.currentTime();
    /** The wait before sending the request just built, handed out once; null when none is. */
    private TimeDuration waitBeforeSend;

    CommitPushingAppender(RaftServer.Division server, LeaderState state, FollowerInfo follower) {
      super(server, state, follower);
    }

    @Override
    public AppendEntriesRequestProto newAppendEntriesRequest(long callId, boolean heartbeat)
        throws RaftLogIOException {
      AppendEntriesRequestProto request = super.newAppendEntriesRequest(callId, heartbeat || pushCommit());
      if (request != null) {
        waitBeforeSend = TimeDuration.ZERO;
        if (request.getEntriesCount() > 0) {
          waitBeforeSend = batchingWait();
          entriesSentAt = Timestamp.currentTime().addTime(TimeDuration.max(waitBeforeSend, TimeDuration.ZERO));
        }
      }
      return request;
    }

    /**
     * Ratis waits {@code raft.server.log.appender.wait-time.min} after any send before the next one,
     * so that appends under load carry batches. Counted from any send, that wait also follows each
     * commit push and heartbeat: at one client the next put's append then slept in {@code
     * Thread.sleep}, which JDK 17 rounds up to a whole millisecond (measured: 1.4-1.9 ms from the
     * put's arrival to its append leaving, 0.4 ms without). Here the wait counts from the last
     * append that carried entries, and requests without entries do not wait.
     */
    @Override
    protected TimeDuration getRemainingWaitTime() {
      TimeDuration wait = waitBeforeSend != null ? waitBeforeSend : batchingWait();
      waitBeforeSend = null;
      return wait;
    }

    private TimeDuration batchingWait() {
      return getWaitTimeMin().subtract(entriesSentAt.elapsedTime());
    }

    /**
     * Whether to send the commit index now in an empty append. Only when the follower has every
     * entry and none is in flight: with an append in flight Ratis sends a heartbeat without its
     * previous entry, from which the follower cannot advance its commit index, so it would answer
     * with the old one and the push would repeat on every reply (measured: a loop of empty appends
     * every 0.1-1 ms that delayed the next put's append by a millisecond). Each commit index is
     * pushed once; heartbeats cover anything missed.
     */
    private boolean pushCommit() {
      long committed = getRaftLog().getLastCommittedIndex();
      if (hasAppendEntries() || hasPendingDataRequests() || committed <= pushedCommit
          || committed <= getFollower().getCommitIndex()) {
        return false;
      }
      pushedCommit = committed;
      return true;
    }
  }
}
