package io.cairn.server.raft;

import io.cairn.server.fileutil.DurableFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;
import org.apache.ratis.util.FileUtils;
import org.apache.ratis.util.MD5FileUtil;

/**
 * The snapshots in Ratis's state machine directory, each named {@code snapshot.TERM_INDEX}: a
 * directory holding a copy of the store ({@link EntryApplier#checkpoint}), or, written by older
 * releases, a single file. Ratis sends a snapshot's files to a member whose log it has purged, and
 * on that member replaces the whole directory with what it received, then calls
 * {@link RatisStateMachine#reinitialize}.
 */
final class CheckpointStorage implements StateMachineStorage {
  private static final Pattern NAME = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");
  private static final String UNFINISHED = ".tmp";

  /**
   * The latest and the one before: Ratis never falls back to an older snapshot, but a transfer to
   * a lagging member opens each file only when it gets to it, and would start over from the
   * beginning if the snapshot it sends were removed the moment a newer one is taken. Both are
   * mostly links to the same table files.
   */
  static final SnapshotRetentionPolicy KEEP_TWO = new SnapshotRetentionPolicy() {
    @Override
    public int getNumSnapshotsRetained() {
      return 2;
    }
  };
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(CheckpointStorage.class);

  private volatile File dir;
  /** Where Ratis writes a snapshot it receives before it replaces {@link #dir} with it. */
  private volatile File receiving;
  private volatile SnapshotInfo latest;

  @Override
  public void init(RaftStorage storage) {
    init(storage.getStorageDir().getStateMachineDir(), storage.getStorageDir().getTmpDir());
  }

  void init(File stateMachineDir, File ratisTmpDir) {
    dir = stateMachineDir;
    receiving = ratisTmpDir;
  }

  /**
   * Removes what transfers from the leader left behind: Ratis receives each into a directory of
   * its own and leaves those it gave up on (a newer snapshot, a leader change).
   */
  void removeReceivedLeftovers() throws IOException {
    File[] left = receiving.listFiles((d, name) -> name.startsWith("snapshot-"));
    for (File f : left == null ? new File[0] : left) {
      FileUtils.deleteFully(f);
    }
  }

  /**
   * Syncs the latest snapshot's files and its directories: Ratis writes a snapshot received from
   * the leader, and renames it into place, without syncing either.
   */
  void syncLatest() throws IOException {
    TermIndex newest = newest();
    if (newest == null) {
      return;
    }
    DurableFiles.syncTree(pathOf(newest));
    DurableFiles.sync(dir.toPath());
    DurableFiles.sync(dir.toPath().getParent());
  }

  /** Where the snapshot at {@code at} is (or will be) named. */
  Path pathOf(TermIndex at) {
    return dir.toPath().resolve("snapshot." + at.getTerm() + "_" + at.getIndex());
  }

  /** Where a snapshot started at {@code at} is written until it is finished and named. */
  Path unfinishedPathOf(TermIndex at) {
    return Path.of(pathOf(at) + UNFINISHED);
  }

  /** Removes what a crash left of snapshots being written: never a snapshot. */
  void removeUnfinished() throws IOException {
    File[] torn = dir.listFiles(
        (d, name) -> name.startsWith("snapshot.") && name.contains(UNFINISHED));
    for (File f : torn == null ? new File[0] : torn) {
      FileUtils.deleteFully(f);
    }
  }

  @Override
  public SnapshotInfo getLatestSnapshot() {
    return latest;
  }

  /** Finds the latest snapshot in the directory (null when none) and makes it the latest. */
  SnapshotInfo loadLatest() throws IOException {
    TermIndex newest = newest();
    latest = newest == null ? null : describe(newest);
    return latest;
  }

  private TermIndex newest() {
    TermIndex newest = null;
    for (TermIndex at : all()) {
      if (newest == null || at.getIndex() > newest.getIndex()) {
        newest = at;
      }
    }
    return newest;
  }

  /** Makes the snapshot named for {@code at}, durable in the directory, the latest. */
  void setLatest(TermIndex at) throws IOException {
    latest = describe(at);
  }

  /**
   * The files Ratis sends of the snapshot at {@code at}: a copy's files but RocksDB's info logs,
   * which opening it writes, and the checksums Ratis saved beside each file it received (it
   * checksums what it sends as it reads).
   */
  private SnapshotInfo describe(TermIndex at) throws IOException {
    Path p = pathOf(at);
    List<FileInfo> files = new ArrayList<>();
    if (Files.isDirectory(p)) {
      try (Stream<Path> s = Files.list(p)) {
        for (Path f : (Iterable<Path>) s.sorted()::iterator) {
          String name = f.getFileName().toString();
          if (Files.isRegularFile(f) && !name.startsWith("LOG") && !name.endsWith(".md5")) {
            files.add(new FileInfo(f, null));
          }
        }
      }
    } else if (Files.isRegularFile(p)) {
      files.add(new FileInfo(p, MD5FileUtil.readStoredMd5ForFile(p.toFile())));
    } else {
      throw new java.io.FileNotFoundException("snapshot " + p + " is missing");
    }
    return new FileListSnapshotInfo(files, at);
  }

  private List<TermIndex> all() {
    List<TermIndex> found = new ArrayList<>();
    String[] names = dir.list();
    for (String name : names == null ? new String[0] : names) {
      Matcher m = NAME.matcher(name);
      if (m.matches()) {
        found.add(TermIndex.valueOf(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
      }
    }
    return found;
  }

  @Override
  public void format() {
    // Ratis formats the directory it creates; nothing of ours is in it yet
  }

  /**
   * Keeps the newest snapshots the policy asks for. A transfer of one deleted here keeps reading
   * the files it has open (or, not yet opened, fails and starts over with the latest).
   */
  @Override
  public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
    if (policy.getNumSnapshotsRetained() <= 0) {
      return; // Ratis's own call after each snapshot, with its default: keep all
    }
    List<TermIndex> all = all();
    all.sort(Comparator.comparingLong(TermIndex::getIndex).reversed());
    IOException failed = null;
    for (TermIndex old : all.subList(Math.min(all.size(), policy.getNumSnapshotsRetained()),
        all.size())) {
      File f = pathOf(old).toFile();
      try {
        FileUtils.deleteFully(f);
        FileUtils.deleteFileQuietly(MD5FileUtil.getDigestFileForFile(f));
      } catch (IOException e) {
        failed = e; // the others still go
        LOG.warn("snapshot {} not removed: {}", f, e.toString());
      }
    }
    if (failed != null) {
      throw failed;
    }
  }
}
