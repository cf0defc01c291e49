package io.cairn.cli.snapshot;

import io.cairn.bolt.BoltFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The status of a saved snapshot file, etcd's or Cairn's. */
public final class SnapshotFiles {
  private SnapshotFiles() {}

  /**
   * etcd's snapshot status for a bbolt file, the same fields computed from a Cairn dump.
   *
   * @throws SnapshotFormatException with the message etcdctl prints for the same file
   */
  public static SnapshotStatus status(Path path) throws IOException {
    if (!Files.exists(path)) {
      throw new SnapshotFormatException("stat " + path + ": no such file or directory");
    }
    try {
      if (Files.size(path) > 0 && CairnDump.matches(path)) {
        return CairnDump.status(path);
      }
      BoltFile db = BoltFile.open(path);
      StatusHasher hasher = new StatusHasher();
      db.visit(hasher);
      return hasher.status(db.size());
    } catch (NoSuchFileException e) {
      throw new SnapshotFormatException("stat " + path + ": no such file or directory");
    }
  }
}
