package io.cairn.server.raft;

/** A voting member and the host:port its Raft transport listens on. */
public record RaftPeerAddress(long memberId, String host, int port) {
  public String address() {
    return host + ":" + port;
  }
}
