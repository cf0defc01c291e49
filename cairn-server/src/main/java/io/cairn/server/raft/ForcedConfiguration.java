package io.cairn.server.raft;

import io.cairn.server.fileutil.DurableFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.protocol.RaftPeer;

/**
 * Replaces the Raft configuration a member's engine starts with, in its stopped storage, for
 * {@code --force-new-cluster}: the log stays, so every entry in it is kept, and the member alone
 * then elects itself and commits them. Ratis starts with the configuration of {@code
 * raft-meta.conf} (the last one applied) unless its log holds a later one; the new configuration
 * takes the next index, as Ratis's own recovery tool ({@code ratis-shell local raftMetaConf}) does.
 */
public final class ForcedConfiguration {
  private static final String META_CONF = "raft-meta.conf";

  private ForcedConfiguration() {}

  /**
   * Writes a configuration of {@code self} alone into the engine storage under {@code raftDir}.
   * Fails when the storage holds no applied configuration to start from.
   */
  public static void onlyMember(Path raftDir, RaftPeerAddress self) throws IOException {
    Path metaConf = metaConf(raftDir);
    LogEntryProto applied;
    try (InputStream in = Files.newInputStream(metaConf)) {
      applied = LogEntryProto.parseFrom(in);
    }
    RaftPeer peer = RaftPeer.newBuilder().setId(RatisRaftNode.peerId(self.memberId()))
        .setAddress(self.address()).build();
    LogEntryProto forced = LogEntryProto.newBuilder()
        .setTerm(applied.getTerm())
        .setIndex(applied.getIndex() + 1)
        .setConfigurationEntry(RaftConfigurationProto.newBuilder()
            .addPeers(peer.getRaftPeerProto()))
        .build();
    DurableFiles.write(metaConf, forced.toByteArray());
  }

  private static Path metaConf(Path raftDir) throws IOException {
    if (!Files.isDirectory(raftDir)) {
      throw new IOException("no Raft storage at " + raftDir);
    }
    List<Path> found;
    try (Stream<Path> files = Files.walk(raftDir, 3)) {
      found = files.filter(p -> p.getFileName().toString().equals(META_CONF)).toList();
    }
    if (found.size() != 1) {
      throw new IOException("expected one applied Raft configuration (" + META_CONF + ") under "
          + raftDir + ", found " + found.size());
    }
    return found.get(0);
  }
}
