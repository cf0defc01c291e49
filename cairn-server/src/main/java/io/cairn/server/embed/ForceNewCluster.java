package io.cairn.server.embed;

import io.cairn.server.backend.BatchTx;
import io.cairn.server.backend.RocksBackend;
import io.cairn.server.core.apply.BackendApplier;
import io.cairn.server.membership.Member;
import io.cairn.server.membership.MemberStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's {@code --force-new-cluster}, for a cluster that has lost its quorum for good: the member
 * keeps its data, its revision, its cluster ID and its own ID, and becomes the only member of the
 * cluster, which can then be grown again with {@code member add}. As etcd keeps the entries it
 * knows to be committed and discards the rest of its log, the member keeps what it has applied
 * and discards its Raft log: Cairn applies an entry as soon as it learns it is committed, and its
 * log records no commit index of its own (log metadata entries are off, DESIGN.md), so nothing
 * in the log is known committed beyond what was applied. Entries committed by the others that this
 * member had not learned of are lost, as in etcd: force a new cluster from the most up-to-date
 * member. The other members' data dirs must not be started again: they are no longer part of it.
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
   * Makes this member the only one: the others leave the member list, the Raft log is deleted
   * and the applied position forgotten, so the engine starts a new log with a configuration of
   * this member alone (and snapshots the state first, for the members added later).
   */
  static void keepOnlyThisMember(Path dataDir) {
    Path member = memberDir(dataDir);
    try (RocksBackend backend = new RocksBackend(member.resolve("db"))) {
      MemberStore members = new MemberStore(backend, member.resolve("identity"));
      if (members.isRemoved()) {
        throw new IllegalStateException("the member has been permanently removed from the cluster");
      }
      Member self = members.member(members.localId()).orElseThrow(() -> new IllegalStateException(
          String.format("--force-new-cluster: member %x never applied its own addition to the "
              + "cluster, so its data may lack committed entries; force a new cluster from "
              + "another member", members.localId())));
      if (self.isLearner()) {
        throw new IllegalStateException(String.format("--force-new-cluster: member %x is a "
            + "learner, whose data may lack committed entries; force a new cluster from a voting "
            + "member", self.id()));
      }
      List<Member> others = members.members().stream().filter(m -> m.id() != self.id()).toList();
      try (BatchTx batch = backend.newBatch()) {
        others.forEach(m -> members.remove(m.id(), batch));
        BackendApplier.forgetRaftPosition(batch);
        batch.commit();
      }
      deleteRecursively(member.resolve("raft"));
      LOG.warn("--force-new-cluster: member {} ({}) is now the only member of cluster {}; removed "
          + "members {}; remove the flag once the cluster has been recovered", Long.toHexString(
          self.id()), self.name(), Long.toHexString(members.clusterId()), others.stream()
          .map(m -> Long.toHexString(m.id())).toList());
    }
  }

  private static Path memberDir(Path dataDir) {
    return dataDir.resolve("member");
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
