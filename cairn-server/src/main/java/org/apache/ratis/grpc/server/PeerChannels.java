package org.apache.ratis.grpc.server;

import java.io.IOException;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * Cairn's one reach into Ratis's gRPC transport: the per-peer client, whose
 * {@code resetConnectBackoff} Ratis calls only from its log appenders, is package-private. See
 * {@code io.cairn.server.raft.PeerRedialer} for why Cairn calls it too.
 */
public final class PeerChannels {
  private PeerChannels() {}

  /** Makes the channels to {@code peer} reconnect now if they are waiting out a backoff. */
  public static void resetConnectBackoff(GrpcServicesImpl rpc, RaftPeerId peer) throws IOException {
    rpc.getProxies().getProxy(peer).resetConnectBackoff();
  }
}
