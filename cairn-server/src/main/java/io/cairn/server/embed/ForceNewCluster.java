package io.cairn.server.embed;

import io.cairn.server.backend.RocksBackend;
import io.cairn.server.core.EtcdServer;
import io.cairn.server.membership.Member;
import io.cairn.server.membership.MemberStore;
import io.cairn.server.raft.ForcedConfiguration;
import io.cairn.server.raft.RaftPeerAddress;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's {@code --force-new-cluster}, for a cluster that has lost its quorum for good: the member
 * keeps its data, its revision, its cluster ID and its own ID, and becomes the only member of the
 * cluster, which can then be grown again with {@code member add}. Its Raft log is kept whole: the
 * engine starts with a configuration of this member alone, elects it and commits every entry of
 * the log, so nothing the member held is lost (entries it held that the old cluster never
 * committed take effect too; to their clients those requests had failed with an unknown outcome).
 * Entries the others committed that never reached this member are lost, as in etcd: force a new
 * cluster from the most up-to-date member. Then the other members are removed from the member
 * list through the log. Their data dirs must not be started again.
 *
 * <p>Like etcd, it is done at every start with the flag, so the flag is removed once the cluster
 * has been recovered (members added later would be dropped again).
 */
final class ForceNewCluster {
  private static final Logger LOG = LoggerFactory.getLogger(ForceNewCluster.class);

  private ForceNewCluster() {}

  /** True when {@code dataDir} holds a member to force; a new data dir starts as usual. */
  static boolean applies(Path dataDir) {
    return Files.exists(memberDir(dataDir).resolve("identity"));
  }

  /**
   * Gives the stopped member's engine a configuration of this member alone; returns the other
   * members, for the server to remove from the member list once it leads.
   */
  static List<Long> configureOnlyThisMember(Path dataDir) {
    Path member = memberDir(dataDir);
    Member self;
    List<Long> others;
    long clusterId;
    try (RocksBackend backend = new RocksBackend(member.resolve("db"))) {
      MemberStore members = new MemberStore(backend, member.resolve("identity"));
      if (members.isRemoved()) {
        throw new IllegalStateException(EtcdServer.MEMBER_REMOVED);
      }
      self = members.member(members.localId()).orElseThrow(() -> new IllegalStateException(
          String.format("--force-new-cluster: member %x never applied its own addition to the "
              + "cluster, so its data may lack committed entries; force a new cluster from "
              + "another member", members.localId())));
      if (self.isLearner()) {
        throw new IllegalStateException(String.format("--force-new-cluster: member %x is a "
            + "learner, whose data may lack committed entries; force a new cluster from a voting "
            + "member", self.id()));
      }
      others = members.members().stream().map(Member::id).filter(id -> id != self.id()).toList();
      clusterId = members.clusterId();
    }
    URI peer = URI.create(self.peerUrls().get(0));
    try {
      ForcedConfiguration.onlyMember(member.resolve("raft"),
          new RaftPeerAddress(self.id(), peer.getHost(), peer.getPort()));
    } catch (IOException e) {
      throw new IllegalStateException("--force-new-cluster: " + e.getMessage(), e);
    }
    LOG.warn("--force-new-cluster: member {} ({}) starts as the only member of cluster {}; members "
        + "{} are removed once it leads; remove the flag once the cluster has been recovered",
        Long.toHexString(self.id()), self.name(), Long.toHexString(clusterId),
        others.stream().map(Long::toHexString).toList());
    return others;
  }

  private static Path memberDir(Path dataDir) {
    return dataDir.resolve("member");
  }
}
