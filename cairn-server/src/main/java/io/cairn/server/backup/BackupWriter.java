package io.cairn.server.backup;

import io.cairn.bolt.BoltFile;
import io.cairn.server.backend.Backend;
import io.cairn.server.backend.SnapshotHash;
import io.cairn.server.fileutil.DurableFiles;
import io.cairn.server.migrate.EtcdSnapshotExport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes one backup file as {@code etcdctl snapshot save} would receive it (etcd's bbolt layout
 * followed by the SHA-256 of what precedes it), so that {@code cairn snapshot restore}, etcd's
 * {@code etcdctl snapshot status/restore} and etcd itself take it. The file appears under its final
 * name only complete and durable (temporary file, fsync, rename, fsync of the directory), and is
 * read back before it counts: its hash checked and the database opened and walked.
 */
public final class BackupWriter {
  private static final String PREFIX = "cairn-backup-";
  private static final String SUFFIX = ".db";
  private static final Pattern NAME = Pattern.compile(
      Pattern.quote(PREFIX) + "\\d{8}T\\d{6}\\.\\d{3}Z-rev\\d+" + Pattern.quote(SUFFIX));
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Path dir;
  private final int retention;

  public BackupWriter(Path dir, int retention) {
    if (retention < 1) {
      throw new IllegalArgumentException("--backup-retention must be at least 1, got " + retention);
    }
    this.dir = dir;
    this.retention = retention;
  }

  /**
   * Writes, verifies and keeps a backup of {@code snap}, which holds revision {@code revision};
   * then deletes the oldest backups beyond the retention. Returns the new file.
   */
  public Path write(Backend.ReadSnapshot snap, long revision, Instant now) throws IOException {
    Files.createDirectories(dir);
    Path name = dir.resolve(PREFIX + TIME.format(now) + "-rev" + revision + SUFFIX);
    Path tmp = Files.createTempFile(dir, ".backup-", ".tmp");
    try {
      try (FileChannel file = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        EtcdSnapshotExport.write(snap, file);
        file.write(ByteBuffer.wrap(SnapshotHash.of(tmp, file.size())), file.size());
        file.force(true);
      }
      DurableFiles.publish(tmp, name);
    } finally {
      Files.deleteIfExists(tmp);
    }
    verify(name);
    pruneBeyondRetention();
    return name;
  }

  /** Reads a backup back: its trailing hash must match, and the database must open and walk. */
  public static void verify(Path backup) throws IOException {
    long size = Files.size(backup);
    if (size <= SnapshotHash.BYTES) {
      throw new IOException("backup " + backup + " is too short: " + size + " bytes");
    }
    byte[] expected;
    try (FileChannel ch = FileChannel.open(backup, StandardOpenOption.READ)) {
      ByteBuffer tail = ByteBuffer.allocate(SnapshotHash.BYTES);
      ch.read(tail, size - SnapshotHash.BYTES);
      expected = tail.array();
    }
    if (!Arrays.equals(expected, SnapshotHash.of(backup, size - SnapshotHash.BYTES))) {
      throw new IOException("backup " + backup + " does not match its own hash");
    }
    BoltFile.open(backup).visit(new BoltFile.Visitor() {
      @Override
      public void bucket(byte[] name) {}

      @Override
      public void entry(byte[] key, byte[] value) {}
    });
  }

  /** This writer's backups, oldest first (the names sort by time). */
  public List<Path> backups() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
    }
  }

  private void pruneBeyondRetention() throws IOException {
    List<Path> all = new ArrayList<>(backups());
    while (all.size() > retention) {
      Files.deleteIfExists(all.remove(0));
    }
  }
}
