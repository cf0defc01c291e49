package io.cairn.server.raft;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * What the engine needs to start: where its log lives, who this member is, the initial voters, the
 * group identity derived from the cluster ID, and etcd's timing flags.
 */
public record RaftSettings(Path logDir, long memberId, List<RaftPeerAddress> peers, long clusterId,
    long heartbeatMs, long electionTimeoutMs, long snapshotCount) {

  /** etcd's request timeout: 5 s plus twice the election timeout. */
  public long requestTimeoutMs() {
    return 5000 + 2 * electionTimeoutMs;
  }

  public UUID groupId() {
    return UUID.nameUUIDFromBytes(java.nio.ByteBuffer.allocate(8).putLong(clusterId).array());
  }
}
