package io.cairn.server.raft;

import java.io.IOException;
import org.apache.ratis.grpc.server.GrpcServicesImpl;
import org.apache.ratis.grpc.server.PeerChannels;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.server.RaftServer;

/**
 * Keeps the engine's channels to its peers from waiting out gRPC's reconnect backoff, as etcd's
 * peer transport redials a lost peer every 100 ms.
 *
 * <p>While a peer is down, every RPC to it fails and gRPC backs off further before each new
 * connection attempt, up to two minutes. Ratis resets a channel only when a log appender fails on
 * it; vote requests and read-index requests do not. So a member that campaigned alone for a
 * minute kept failing its vote requests to a peer that had long come back: a quorum of two whose
 * log-ahead member could not be elected, and whose other member could not win with the shorter
 * log, had no leader for over a minute (nemesis seed 1019, {@code LongOutageReelectionTest}).
 * Resetting the backoff is harmless for a connected channel; for a disconnected one it starts a
 * connection attempt now. Run on every Raft tick ({@link RatisRaftNode}).
 */
final class PeerRedialer implements Runnable {
  private final RaftServer server;
  private final RaftGroupId groupId;

  PeerRedialer(RaftServer server, RaftGroupId groupId) {
    this.server = server;
    this.groupId = groupId;
  }

  @Override
  public void run() {
    try {
      if (!(server.getServerRpc() instanceof GrpcServicesImpl rpc)) {
        return;
      }
      RaftServer.Division division = server.getDivision(groupId);
      for (RaftPeer peer : division.getRaftConf().getAllPeers()) {
        if (!peer.getId().equals(server.getId())) {
          PeerChannels.resetConnectBackoff(rpc, peer.getId());
        }
      }
    } catch (IOException | RuntimeException e) {
      // the engine is starting, stopping or changing its peers: the next round redials
    }
  }
}
