package io.cairn.bolt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoltWriterTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** What a reader sees: "bucket" lines and "key=valueLength:firstByte" lines, in order. */
  private static List<String> read(Path file) throws Exception {
    List<String> seen = new ArrayList<>();
    BoltFile.open(file).visit(new BoltFile.Visitor() {
      @Override
      public void bucket(byte[] name) {
        seen.add("bucket " + new String(name, StandardCharsets.UTF_8));
      }

      @Override
      public void entry(byte[] key, byte[] value) {
        seen.add(new String(key, StandardCharsets.UTF_8) + "=" + value.length + ":"
            + (value.length == 0 ? "" : value[0]));
      }
    });
    return seen;
  }

  @Test
  void whatIsWrittenReadsBackInOrderAcrossLeafBranchAndOverflowPages(@TempDir Path tmp)
      throws Exception {
    Path file = tmp.resolve("db");
    List<String> expected = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      BoltWriter w = new BoltWriter(ch);
      w.bucket(b("alarm"));
      expected.add("bucket alarm");
      w.bucket(b("key"));
      expected.add("bucket key");
      // 60,000 small entries: hundreds of leaves under two branch levels
      for (int i = 0; i < 60_000; i++) {
        String k = String.format("k%07d", i);
        w.put(b(k), new byte[] {(byte) i, 1, 2});
        expected.add(k + "=3:" + (byte) i);
        if (i % 10_000 == 5) {
          // an entry larger than a page, alone on a page with overflow pages
          String big = String.format("k%07d+", i);
          byte[] value = new byte[3 * 4096 + 100];
          Arrays.fill(value, (byte) 7);
          w.put(b(big), value);
          expected.add(big + "=" + value.length + ":7");
        }
      }
      w.bucket(b("meta"));
      expected.add("bucket meta");
      w.put(b("finishedCompactRev"), new byte[17]);
      expected.add("finishedCompactRev=17:0");
      w.finish();
    }
    assertThat(read(file)).containsExactlyElementsOf(expected);
  }

  @Test
  void keysAndBucketsMustComeInOrder(@TempDir Path tmp) throws Exception {
    try (FileChannel ch = FileChannel.open(tmp.resolve("db"), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      BoltWriter w = new BoltWriter(ch);
      w.bucket(b("key"));
      w.put(b("b"), new byte[0]);
      assertThatThrownBy(() -> w.put(b("a"), new byte[0])).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> w.bucket(b("alarm"))).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
