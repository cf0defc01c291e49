package io.cairn.server.raft;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs a Raft log whose last entry was torn by a power loss, as etcd repairs its WAL.
 *
 * <p>Ratis preallocates its open segment with zeros, so a write cut short leaves an entry whose
 * end reads as zeros and fails its checksum; Ratis then refuses to open the log, and the member
 * never starts again, although that entry was never acknowledged (its write had not completed, so
 * it was not fsynced). The rule is etcd's: the damaged entry is the last data in the file (zeros
 * follow it) and one of its 512-byte sectors is all zeros; and, beyond etcd, the state has not
 * applied it (an applied entry was committed and durable: its damage is not a tear). Such an
 * entry is zeroed, and Ratis opens the log without it; the leader sends it again if it was
 * committed. Any other damage is left for Ratis to refuse: an acknowledged entry a member forgets
 * could undo a commit.
 *
 * <p>The segment format read here is Ratis's: the header {@code RaftLog1}, then per entry a varint
 * length, the entry, and a big-endian CRC-32C of the varint and entry.
 */
public final class TornLogTail {
  private static final Logger LOG = LoggerFactory.getLogger(TornLogTail.class);
  private static final int HEADER_LENGTH = 8;
  private static final int SECTOR = 512;
  private static final int CHECKSUM_LENGTH = 4;
  /** Larger than any entry Cairn writes (requests are at most a few MB). */
  private static final int MAX_ENTRY_BYTES = 64 << 20;
  private static final Pattern OPEN_SEGMENT = Pattern.compile("log_inprogress_(\\d+)");

  private TornLogTail() {}

  /**
   * Repairs the open segment under {@code storageDir} (every group's), if torn, unless the torn
   * entry is one the state has applied (so it was committed and durable: damage, not a tear).
   */
  static void repair(Path storageDir, long appliedIndex) throws IOException {
    if (!Files.isDirectory(storageDir)) {
      return;
    }
    try (Stream<Path> groups = Files.list(storageDir)) {
      for (Path group : groups.toList()) {
        Optional<Path> open = openSegment(group.resolve("current"));
        if (open.isPresent()) {
          repairSegment(open.get(), appliedIndex);
        }
      }
    }
  }

  private static Optional<Path> openSegment(Path current) throws IOException {
    if (!Files.isDirectory(current)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(current)) {
      return files.filter(f -> OPEN_SEGMENT.matcher(f.getFileName().toString()).matches())
          .max(Comparator.comparingLong(TornLogTail::startIndex));
    }
  }

  /** The index of a segment's first entry, from its name. */
  private static long startIndex(Path segment) {
    Matcher m = OPEN_SEGMENT.matcher(segment.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  /**
   * Where the walk over a segment's entries stopped: after {@code intact} entries, at
   * {@code offset}; {@code badEnd} is the end of the entry there when its checksum failed, else -1
   * (the zeros that end the entries, the end of the file, or a partial last entry, all of which
   * Ratis reads without help).
   */
  private record Stop(int offset, int intact, long badEnd) {}

  private static Stop walk(byte[] data) {
    int pos = HEADER_LENGTH;
    int intact = 0;
    while (pos < data.length && data[pos] != 0) {
      int[] varint = readVarint(data, pos);
      if (varint == null || varint[0] <= 0 || varint[0] > MAX_ENTRY_BYTES) {
        break; // cut inside the length (a partial last entry to Ratis), or no length at all
      }
      long end = (long) pos + varint[1] + varint[0] + CHECKSUM_LENGTH;
      if (end > data.length) {
        break; // runs past the file: Ratis reads it as a partial last entry
      }
      CRC32C crc = new CRC32C();
      crc.update(data, pos, varint[1] + varint[0]);
      if ((int) crc.getValue() != readInt(data, (int) end - CHECKSUM_LENGTH)) {
        return new Stop(pos, intact, end);
      }
      pos = (int) end;
      intact++;
    }
    return new Stop(pos, intact, -1);
  }

  /**
   * Where the next entry of an open segment would be written: the end of its intact entries (for
   * tests that tear a write there).
   */
  public static long entriesEnd(Path segment) throws IOException {
    return walk(Files.readAllBytes(segment)).offset();
  }

  /** Returns the offset of the torn entry it zeroed, or -1 when the segment needed nothing. */
  static long repairSegment(Path segment, long appliedIndex) throws IOException {
    byte[] data = Files.readAllBytes(segment);
    Stop stop = walk(data);
    if (stop.badEnd() < 0) {
      return -1;
    }
    long index = startIndex(segment) + stop.intact();
    int pos = stop.offset();
    long end = stop.badEnd();
    if (index <= appliedIndex || !isTorn(data, pos, (int) end)) {
      return -1; // damage Ratis must refuse
    }
    LOG.warn("repairing the Raft log {}: the entry at offset {} ({} bytes) was torn by a crash "
        + "while being written (never acknowledged); dropping it", segment, pos, end - pos);
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.seek(pos);
      f.write(new byte[(int) (end - pos)]);
      f.getFD().sync();
    }
    return pos;
  }

  /** etcd's torn-entry rule, plus: nothing but zeros follows the entry. */
  private static boolean isTorn(byte[] data, int start, int end) {
    for (int i = end; i < data.length; i++) {
      if (data[i] != 0) {
        return false;
      }
    }
    // the entry's sector-aligned chunks: one that is all zeros was never written
    int chunkStart = start;
    while (chunkStart < end) {
      int chunkEnd = Math.min(end, (chunkStart / SECTOR + 1) * SECTOR);
      boolean zeros = true;
      for (int i = chunkStart; i < chunkEnd && zeros; i++) {
        zeros = data[i] == 0;
      }
      if (zeros) {
        return true;
      }
      chunkStart = chunkEnd;
    }
    return false;
  }

  /** {value, length in bytes}, or null when the file ends inside it. */
  private static int[] readVarint(byte[] data, int pos) {
    int value = 0;
    for (int i = 0; i < 5; i++) {
      if (pos + i >= data.length) {
        return null;
      }
      int b = data[pos + i] & 0xff;
      value |= (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        return new int[] {value, i + 1};
      }
    }
    return null;
  }

  private static int readInt(byte[] data, int pos) {
    return ((data[pos] & 0xff) << 24) | ((data[pos + 1] & 0xff) << 16) | ((data[pos + 2] & 0xff) << 8)
        | (data[pos + 3] & 0xff);
  }
}
