package io.cairn.server.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.util.MD5FileUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStorageTest {
  @TempDir Path root;
  private Path dir;
  private Path ratisTmp;
  private final CheckpointStorage storage = new CheckpointStorage();

  @BeforeEach
  void init() throws Exception {
    dir = Files.createDirectory(root.resolve("sm"));
    ratisTmp = Files.createDirectory(root.resolve("tmp"));
    storage.init(dir.toFile(), ratisTmp.toFile());
  }

  private Path copy(String name, String... files) throws Exception {
    Path d = Files.createDirectory(dir.resolve(name));
    for (String f : files) {
      Files.write(d.resolve(f), f.getBytes());
    }
    return d;
  }

  @Test
  void theLatestIsTheHighestIndexAndListsTheCopysDataFilesOnly() throws Exception {
    copy("snapshot.2_90", "000007.sst");
    copy("snapshot.3_120", "000009.sst", "CURRENT", "MANIFEST-000011", "LOG", "LOG.old.1",
        "000009.sst.md5");
    copy("snapshot.3_500.tmp", "000012.sst");
    Files.writeString(dir.resolve("snapshot.1_100"), "an older release's dump");
    SnapshotInfo latest = storage.loadLatest();
    assertThat(latest.getTermIndex()).isEqualTo(TermIndex.valueOf(3, 120));
    assertThat(latest.getFiles()).extracting(f -> f.getPath().getFileName().toString())
        .containsExactly("000009.sst", "CURRENT", "MANIFEST-000011");
    assertThat(latest.getFiles()).allSatisfy(f ->
        assertThat(f.getFileDigest()).as("Ratis checksums as it sends").isNull());
    assertThat(storage.getLatestSnapshot()).isSameAs(latest);
  }

  @Test
  void anOlderReleasesDumpIsASnapshotWithItsChecksum() throws Exception {
    Path dump = dir.resolve("snapshot.4_77");
    Files.writeString(dump, "dump");
    MD5FileUtil.computeAndSaveMd5ForFile(dump.toFile());
    SnapshotInfo latest = storage.loadLatest();
    assertThat(latest.getTermIndex()).isEqualTo(TermIndex.valueOf(4, 77));
    FileInfo only = latest.getFiles().get(0);
    assertThat(latest.getFiles()).hasSize(1);
    assertThat(only.getFileDigest()).isEqualTo(MD5FileUtil.computeMd5ForFile(dump.toFile()));
    assertThat(storage.pathOf(latest.getTermIndex())).isEqualTo(dump);
  }

  @Test
  void cleanupKeepsTheNewestTwoAndStartRemovesUnfinishedCopies() throws Exception {
    copy("snapshot.1_50", "000005.sst");
    copy("snapshot.2_90", "000007.sst");
    copy("snapshot.3_120", "000009.sst");
    Files.writeString(dir.resolve("snapshot.1_10"), "dump");
    MD5FileUtil.computeAndSaveMd5ForFile(dir.resolve("snapshot.1_10").toFile());
    copy("snapshot.3_130.tmp", "000010.sst");
    copy("snapshot.3_140.tmp.tmp", "000011.sst"); // RocksDB's own, a crash mid-checkpoint
    storage.cleanupOldSnapshots(CheckpointStorage.KEEP_TWO);
    storage.removeUnfinished();
    try (var left = Files.list(dir)) {
      assertThat(left).extracting(p -> p.getFileName().toString())
          .containsExactlyInAnyOrder("snapshot.2_90", "snapshot.3_120");
    }
    assertThat(storage.loadLatest().getTermIndex()).isEqualTo(TermIndex.valueOf(3, 120));
  }

  @Test
  void ratisDefaultPolicyKeepsAll() throws Exception {
    copy("snapshot.2_90", "000007.sst");
    copy("snapshot.3_120", "000009.sst");
    storage.cleanupOldSnapshots(new org.apache.ratis.statemachine.SnapshotRetentionPolicy() {});
    try (var left = Files.list(dir)) {
      assertThat(left).hasSize(2);
    }
  }

  @Test
  void transfersRatisGaveUpOnAreRemoved() throws Exception {
    Files.createDirectories(ratisTmp.resolve("snapshot-1f2e").resolve("snapshot.3_900"));
    Files.write(ratisTmp.resolve("snapshot-1f2e").resolve("snapshot.3_900").resolve("000001.sst"),
        new byte[100]);
    Files.createDirectory(ratisTmp.resolve("other"));
    storage.removeReceivedLeftovers();
    try (var left = Files.list(ratisTmp)) {
      assertThat(left).extracting(p -> p.getFileName().toString()).containsExactly("other");
    }
  }

  @Test
  void theLatestSyncsWhateverItIs() throws Exception {
    storage.syncLatest(); // none
    copy("snapshot.3_120", "000009.sst", "CURRENT");
    storage.syncLatest();
    Files.writeString(dir.resolve("snapshot.4_130"), "dump");
    storage.syncLatest();
    assertThat(storage.loadLatest().getTermIndex()).isEqualTo(TermIndex.valueOf(4, 130));
  }

  @Test
  void noSnapshotIsNull() throws Exception {
    assertThat(storage.loadLatest()).isNull();
    assertThat(storage.getLatestSnapshot()).isNull();
  }
}
