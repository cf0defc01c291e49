package io.cairn.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.InProcessCluster;
import io.cairn.tests.support.RaftFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot that opens as an earlier state than its name says (a copy cut short by a crash
 * before it was synced) is refused when it is loaded: Ratis has purged its log behind the
 * snapshot, so the entries missing from it would never be applied, and the member would serve a
 * state without them. (A copy named for a later index than it holds stands in for a torn one.)
 */
class ShortSnapshotTest {
  private static final Pattern SNAPSHOT = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");

  @Test
  void aSnapshotHoldingLessThanItsNameSaysIsRefused(@TempDir Path tmp) throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(1, tmp, "--snapshot-count=50")) {
      try (EtcdClients c = EtcdClients.of(cluster.flags(0))) {
        for (int i = 0; i < 120; i++) {
          c.put("k" + i, "v" + i);
        }
      }
      Path member = cluster.dataDir(0);
      await().atMost(Duration.ofSeconds(10)).until(() -> RaftFiles.names(member).stream()
          .anyMatch(n -> SNAPSHOT.matcher(n).matches()));
      cluster.kill(0);
      Path snapshot = newest(member); // the member is stopped: its files stay put
      Matcher m = SNAPSHOT.matcher(snapshot.getFileName().toString());
      assertThat(m.matches()).isTrue();
      // named for an index its store has not reached, and which the member's store is behind
      Files.move(snapshot, snapshot.resolveSibling(
          "snapshot." + m.group(1) + "_" + (Long.parseLong(m.group(2)) + 1000)));
      assertThatThrownBy(() -> cluster.restart(0))
          .hasStackTraceContaining("holds the state at index " + m.group(2));
    }
  }

  private static Path newest(Path dataDir) throws Exception {
    try (Stream<Path> files = Files.walk(dataDir.resolve("member").resolve("raft"), 3)) {
      return files.filter(p -> SNAPSHOT.matcher(p.getFileName().toString()).matches())
          .max((a, b) -> Long.compare(index(a), index(b))).orElse(null);
    }
  }

  private static long index(Path p) {
    Matcher m = SNAPSHOT.matcher(p.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(2)) : -1;
  }
}
