package io.cairn.server.fileutil;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.stream.Stream;

/**
 * Files that survive a machine crash once a call returns: the one place outside RocksDB and Ratis
 * that forces data and names to disk. A rename is durable only once its directory is synced, and a
 * file's content only once the file is, before the rename that publishes it.
 */
public final class DurableFiles {
  private DurableFiles() {}

  /** Forces a file's content, or a directory's entries, to disk. */
  public static void sync(Path fileOrDirectory) throws IOException {
    try (FileChannel ch = FileChannel.open(fileOrDirectory, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /**
   * Syncs a directory's files (not its subdirectories' content) and then the directory; a file
   * alone is just synced.
   */
  public static void syncTree(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      try (Stream<Path> files = Files.list(directory)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          sync(f);
        }
      }
    }
    sync(directory);
  }

  /**
   * Gives a finished, synced file or directory its name in one step, replacing what had it, and
   * syncs the parent directory so that the name survives a crash.
   */
  public static void publish(Path finished, Path as) throws IOException {
    Files.move(finished, as, StandardCopyOption.ATOMIC_MOVE);
    sync(as.toAbsolutePath().getParent());
  }

  /**
   * Replaces {@code target}'s content with {@code content} so that a crash leaves the old content
   * or the new, never a mix: written to a sibling created with {@code attributes} (a key's
   * owner-only permissions), synced, then published.
   */
  public static void write(Path target, byte[] content, FileAttribute<?>... attributes)
      throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, attributes);
    try {
      Files.write(tmp, content);
      sync(tmp);
      publish(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
