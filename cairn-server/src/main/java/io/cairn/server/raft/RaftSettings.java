package io.cairn.server.raft;

import io.cairn.server.tls.TlsCredentials;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the engine needs to start: where its log lives, who this member is, the initial voters, the
 * group identity derived from the cluster token, etcd's timing flags and the peer listen address. {@code join} marks a member
 * added to a running cluster: it starts without a configuration and waits for the leader's.
 * {@code peerTls} secures every Raft connection, served and opened (https peer URLs); empty means
 * plaintext.
 */
public record RaftSettings(Path logDir, long memberId, List<RaftPeerAddress> peers, String clusterToken,
    long heartbeatMs, long electionTimeoutMs, boolean preVote, long snapshotCount, boolean join,
    ListenAddress listen, Optional<TlsCredentials> peerTls) {

  /** Where the peer port binds ({@code --listen-peer-urls}), apart from the advertised address. */
  public record ListenAddress(String host, int port) {}

  /** etcd's request timeout: 5 s plus twice the election timeout. */
  public long requestTimeoutMs() {
    return 5000 + 2 * electionTimeoutMs;
  }

  public UUID groupId() {
    // from the token, not the cluster ID: a member added later cannot compute the cluster ID from
    // its flags, but shares the token
    return UUID.nameUUIDFromBytes(clusterToken.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
