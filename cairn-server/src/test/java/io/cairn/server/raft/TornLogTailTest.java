package io.cairn.server.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segments written in Ratis's frame format, damaged as a power loss or a bad disk would. */
class TornLogTailTest {
  private static final int PREALLOCATED = 16 * 1024;

  /** Header, then frames of the given entry sizes, then zeros; returns each frame's offset. */
  private static int[] write(Path segment, int... entrySizes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write("RaftLog1".getBytes(StandardCharsets.UTF_8));
    int[] offsets = new int[entrySizes.length];
    for (int i = 0; i < entrySizes.length; i++) {
      offsets[i] = out.size();
      byte[] entry = new byte[entrySizes[i]];
      Arrays.fill(entry, (byte) (i + 1));
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      int n = entry.length;
      while ((n & ~0x7f) != 0) {
        frame.write((n & 0x7f) | 0x80);
        n >>>= 7;
      }
      frame.write(n);
      frame.write(entry);
      CRC32C crc = new CRC32C();
      crc.update(frame.toByteArray());
      out.write(frame.toByteArray());
      out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
    byte[] file = Arrays.copyOf(out.toByteArray(), PREALLOCATED);
    Files.write(segment, file);
    return offsets;
  }

  private static void zero(Path segment, int from, int to) throws Exception {
    byte[] b = Files.readAllBytes(segment);
    Arrays.fill(b, from, to, (byte) 0);
    Files.write(segment, b);
  }

  @Test
  void anIntactSegmentIsLeftAlone(@TempDir Path tmp) throws Exception {
    Path s = tmp.resolve("log_inprogress_0");
    write(s, 40, 2000, 100);
    byte[] before = Files.readAllBytes(s);
    assertThat(TornLogTail.repairSegment(s, -1)).isEqualTo(-1);
    assertThat(Files.readAllBytes(s)).isEqualTo(before);
  }

  @Test
  void aLastEntryWhoseLastSectorNeverReachedTheDiskIsDropped(@TempDir Path tmp) throws Exception {
    Path s = tmp.resolve("log_inprogress_0");
    int[] at = write(s, 40, 100, 2000);
    int end = at[2] + 2 + 2000 + 4;
    zero(s, end / 512 * 512, end);
    byte[] before = Files.readAllBytes(s);

    assertThat(TornLogTail.repairSegment(s, -1)).isEqualTo(at[2]);
    byte[] after = Files.readAllBytes(s);
    for (int i = at[2]; i < after.length; i++) {
      assertThat(after[i]).as("byte %d", i).isZero();
    }
    assertThat(Arrays.copyOf(after, at[2])).as("the entries before it are kept")
        .isEqualTo(Arrays.copyOf(before, at[2]));
  }

  @Test
  void damageInsideAnEntryOrBeforeTheLastIsLeftForRatisToRefuse(@TempDir Path tmp) throws Exception {
    Path s = tmp.resolve("log_inprogress_0");
    int[] at = write(s, 40, 2000, 100);
    // a whole sector of the middle entry zeroed, but an entry follows: not a torn write
    zero(s, 1024, 1536);
    byte[] before = Files.readAllBytes(s);
    assertThat(TornLogTail.repairSegment(s, -1)).isEqualTo(-1);
    assertThat(Files.readAllBytes(s)).isEqualTo(before);

    // the last entry changed but no sector of it zero: bit rot, not a torn write
    Path rot = tmp.resolve("log_inprogress_1");
    int[] at2 = write(rot, 40, 100);
    byte[] b = Files.readAllBytes(rot);
    b[at2[1] + 10] ^= 0x55;
    Files.write(rot, b);
    assertThat(TornLogTail.repairSegment(rot, -1)).isEqualTo(-1);
    assertThat(at[0]).isEqualTo(8);
  }

  @Test
  void aTornEntryTheStateHasAppliedIsDamageAndLeftForRatisToRefuse(@TempDir Path tmp)
      throws Exception {
    // entries 5, 6, 7 in a segment that starts at index 5; the state applied up to 7
    Path s = tmp.resolve("log_inprogress_5");
    int[] at = write(s, 40, 100, 2000);
    int end = at[2] + 2 + 2000 + 4;
    zero(s, end / 512 * 512, end);
    byte[] before = Files.readAllBytes(s);
    assertThat(TornLogTail.repairSegment(s, 7)).isEqualTo(-1);
    assertThat(Files.readAllBytes(s)).isEqualTo(before);
    assertThat(TornLogTail.repairSegment(s, 6)).isEqualTo(at[2]);
  }
}
