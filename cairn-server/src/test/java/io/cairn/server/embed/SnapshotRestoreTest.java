package io.cairn.server.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.server.backend.BackendDump;
import io.cairn.server.mvcc.StoreHarness;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn snapshot restore} with etcd 3.5 etcdutl's --bump-revision and --mark-compacted. */
class SnapshotRestoreTest {

  /** A dump of a store holding a (two versions, the first compacted away later) and b. */
  private static Path snapshotWithHistory(Path tmp) throws Exception {
    Path file = tmp.resolve("backup.db");
    try (StoreHarness h = new StoreHarness(tmp.resolve("source"))) {
      h.put("a", "1");
      h.put("b", "2");
      h.put("a", "3");
      assertThat(h.store().currentRevision()).isEqualTo(4);
      try (OutputStream out = Files.newOutputStream(file); var snap = h.backend().snapshot()) {
        BackendDump.write(snap, out);
      }
    }
    return file;
  }

  @Test
  void aBumpedRestoreStartsLaterAndReadsOlderRevisionsAsCompacted(@TempDir Path tmp)
      throws Exception {
    Path data = tmp.resolve("restored");
    SnapshotRestore.restore(snapshotWithHistory(tmp), data, true, 1000);

    try (StoreHarness h = new StoreHarness(data.resolve("member").resolve("db"))) {
      assertThat(h.store().currentRevision()).isEqualTo(1004);
      assertThat(h.store().compactRevision()).isEqualTo(1004);
      assertThat(h.get("a").getValue().toStringUtf8()).isEqualTo("3");
      assertThat(h.get("a").getModRevision()).as("kept as written").isEqualTo(4);
      assertThat(h.get("b", 1004).getValue().toStringUtf8()).isEqualTo("2");
      assertThatThrownBy(() -> h.get("a", 1003)).hasMessageContaining("compacted");
      assertThatThrownBy(() -> h.get("a", 2)).hasMessageContaining("compacted");
      assertThat(h.put("c", "after")).as("the next write follows the bump").isEqualTo(1005);
    }
  }

  @Test
  void withoutABumpTheHistoryIsKept(@TempDir Path tmp) throws Exception {
    Path data = tmp.resolve("restored");
    SnapshotRestore.restore(snapshotWithHistory(tmp), data, true, 0);

    try (StoreHarness h = new StoreHarness(data.resolve("member").resolve("db"))) {
      assertThat(h.store().currentRevision()).isEqualTo(4);
      assertThat(h.get("a", 2).getValue().toStringUtf8()).isEqualTo("1");
    }
  }

  @Test
  void theBumpAndTheCompactionMarkGoTogether(@TempDir Path tmp) throws Exception {
    Path file = snapshotWithHistory(tmp);
    String dir = tmp.resolve("never").toString();
    for (List<String> flags : List.of(
        List.of("--bump-revision", "10"),
        List.of("--mark-compacted"),
        List.of("--bump-revision=0", "--mark-compacted=true"))) {
      Run r = run(file, dir, flags);
      assertThat(r.exit()).as(flags.toString()).isEqualTo(128);
      assertThat(r.stderr()).isEqualTo("Error: --mark-compacted required if --revision-bump > 0\n");
    }
    Run bad = run(file, dir, List.of("--bump-revision", "x", "--mark-compacted"));
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.stderr()).isEqualTo("Error: invalid argument \"x\" for \"--bump-revision\" flag:"
        + " strconv.ParseUint: parsing \"x\": invalid syntax\n");
    assertThat(tmp.resolve("never")).doesNotExist();

    Run ok = run(file, dir, List.of("--bump-revision=7", "--mark-compacted", "--skip-hash-check"));
    assertThat(ok.exit()).as(ok.stderr()).isZero();
    try (StoreHarness h = new StoreHarness(tmp.resolve("never").resolve("member").resolve("db"))) {
      assertThat(h.store().currentRevision()).isEqualTo(11);
    }
  }

  private record Run(int exit, String stderr) {}

  private static Run run(Path file, String dataDir, List<String> flags) {
    String[] args = new String[flags.size() + 3];
    args[0] = file.toString();
    args[1] = "--data-dir";
    args[2] = dataDir;
    for (int i = 0; i < flags.size(); i++) {
      args[i + 3] = flags.get(i);
    }
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int exit = SnapshotRestore.run(args);
      return new Run(exit, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(err);
    }
  }
}
