package io.cairn.tests.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.api.PutRequest;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.InProcessCluster;
import io.cairn.tests.support.MemberFlags;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member whose backend files were damaged on disk refuses to start with a message naming its
 * data dir, instead of serving what it can still read: a block that failed its checksum used to
 * end the key-index rebuild early, and the member served revision 92 of 202 without a word.
 */
class DamagedDataDirTest {

  @Test
  void aTableWithAFlippedBlockIsRefused(@TempDir Path tmp) throws Exception {
    assertRefused(tmp, table -> {
      try (RandomAccessFile f = new RandomAccessFile(table.toFile(), "rw")) {
        f.seek(f.length() / 2);
        f.write(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1});
      }
    }, "checksum mismatch");
  }

  @Test
  void aTruncatedTableIsRefused(@TempDir Path tmp) throws Exception {
    assertRefused(tmp, table -> {
      try (RandomAccessFile f = new RandomAccessFile(table.toFile(), "rw")) {
        f.setLength(f.length() / 3);
      }
    }, "size mismatch");
  }

  private interface Damage {
    void apply(Path table) throws IOException;
  }

  private static void assertRefused(Path tmp, Damage damage, String reason) throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(1, tmp)) {
      MemberFlags f = cluster.flags(0);
      try (EtcdClients c = new EtcdClients(f.host(), f.clientPort())) {
        byte[] value = new byte[400];
        java.util.Random random = new java.util.Random(14);
        for (int i = 0; i < 300; i++) {
          random.nextBytes(value); // incompressible: the table stays large enough to damage
          c.kv().put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("key" + i))
              .setValue(ByteString.copyFrom(value)).build());
        }
      }
      cluster.kill(0);
      damage.apply(largestTable(cluster.dataDir(0).resolve("member").resolve("db")));

      assertThatThrownBy(() -> cluster.restart(0))
          .hasStackTraceContaining("data dir " + cluster.dataDir(0) + " is damaged")
          .hasStackTraceContaining(reason)
          .hasStackTraceContaining("restore it from a backup");
    }
  }

  private static Path largestTable(Path db) throws IOException {
    try (Stream<Path> files = Files.list(db)) {
      Path table = files.filter(p -> p.toString().endsWith(".sst"))
          .max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
      assertThat(Files.size(table)).as("a table holding the keys").isGreaterThan(50_000);
      return table;
    }
  }
}
