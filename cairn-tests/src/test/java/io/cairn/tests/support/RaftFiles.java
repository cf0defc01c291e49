package io.cairn.tests.support;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The names in a member's Raft directories (its log segments, its snapshots), read while the
 * member runs. Names only: a walk reads each entry's attributes after listing it, and fails when a
 * snapshot is renamed or removed in between, which a running member does all the time.
 */
public final class RaftFiles {
  private RaftFiles() {}

  /** The names in every {@code member/raft/GROUP/*} directory of the data dir. */
  public static List<String> names(Path dataDir) {
    List<String> names = new ArrayList<>();
    File[] groups = dataDir.resolve("member").resolve("raft").toFile().listFiles();
    for (File group : groups == null ? new File[0] : groups) {
      File[] dirs = group.listFiles();
      for (File dir : dirs == null ? new File[0] : dirs) {
        String[] in = dir.list();
        if (in != null) {
          names.addAll(List.of(in));
        }
      }
    }
    return names;
  }
}
