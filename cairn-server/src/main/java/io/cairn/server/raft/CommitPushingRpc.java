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

/**
 * Ratis's gRPC transport with one change: the leader tells followers about a new commit index at
 * once, as etcd's raft does, instead of at the next heartbeat.
 *
 * <p>Ratis wakes a follower's appender when the commit index moves, but with no new entries to send
 * (and log-metadata entries turned off, see DESIGN.md) it builds no request until the heartbeat is
 * due, half an election timeout later. A follower then applies a lone write up to 500 ms after the
 * leader did: a put sent to a follower waits that long for its local apply, and watchers on
 * followers see events that late. Here the appender sends the commit index in an empty append
 * (a heartbeat) as soon as the follower's known commit index is behind and it has every entry.
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
    CommitPushingAppender(RaftServer.Division server, LeaderState state, FollowerInfo follower) {
      super(server, state, follower);
    }

    @Override
    public AppendEntriesRequestProto newAppendEntriesRequest(long callId, boolean heartbeat)
        throws RaftLogIOException {
      // a heartbeat carries no entries, so only when the follower has them all already
      boolean commitOnly = !hasAppendEntries()
          && getRaftLog().getLastCommittedIndex() > getFollower().getCommitIndex();
      return super.newAppendEntriesRequest(callId, heartbeat || commitOnly);
    }
  }
}
