package io.cairn.tests.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.tests.support.CairnMember;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.OwnThreads;
import io.cairn.tests.support.Ports;
import io.cairn.tests.support.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check perf}: its figures vary from run to run, so etcdctl's and cairnctl's outputs are
 * compared by shape. Both run at once (each a minute of the smallest load, under its own prefix)
 * against one Cairn member; each output must be etcdctl's progress bar without a terminal, then
 * etcdctl's lines in etcdctl's order, and both must have the same lines once numbers are blanked and
 * each finding is reduced to what it checked (a slow shared machine may fail one and not the other).
 */
class CheckPerfDifferentialTest {
  /** A redraw of pb.v1's bar without a terminal: counters, percent, time left once known. */
  private static final Pattern FRAME = Pattern.compile("\\r \\d+ / 60 +\\d+\\.\\d\\d%( \\d\\dm\\d\\ds)?");
  /** The frame drawn when the bar finishes: the elapsed time. */
  private static final Pattern LAST_FRAME = Pattern.compile(" 60 / 60  100\\.00% 1m\\d+s");
  private static final Pattern FRAME_IN_OUTPUT =
      Pattern.compile("\\r" + LAST_FRAME.pattern() + "|" + FRAME.pattern());
  /** etcdctl's result lines, and what each one reports. */
  private static final String[][] FINDINGS = {
      {"Compacting with revision \\d+", "compacting"},
      {"Compacted with revision \\d+", "compacted"},
      {"Defragmenting \"[^\"]+\"", "defragmenting"},
      {"Defragmented \"[^\"]+\"", "defragmented"},
      {"FAIL: too many errors", "errors"},
      {"FAIL: ERROR\\(.*\\) -> \\d+", "error"},
      {"(PASS: Throughput is|FAIL: Throughput too low:) \\d+ writes/s", "throughput"},
      {"(PASS: Slowest request took|Slowest request took too long:) \\d+\\.\\d{6}s", "slowest"},
      {"(PASS: Stddev is|Stddev too high:) \\d+\\.\\d{6}s", "stddev"},
      {"PASS|FAIL", "verdict"},
  };

  private record Run(String stdout, String stderr, int exitCode) {}

  @Test
  void cairnctlChecksPerformanceAsEtcdctlDoes(@TempDir Path tmp) throws Exception {
    Path jar = Path.of(System.getProperty("cairn.cliJar", "../cairn-cli/target/cairnctl.jar")).toAbsolutePath();
    MemberFlags flags = new MemberFlags("default", tmp.resolve("data"), Ports.free(), Ports.free());
    try (CairnMember m = CairnMember.start(flags)) {
      String ep = flags.clientUrl();
      List<String> args = List.of("--endpoints=" + ep, "check", "perf", "--load=s",
          "--auto-compact", "--auto-defrag");
      CompletableFuture<Run> etcdctl = OwnThreads.supply("etcdctl", () -> run(
          concat(List.of(Tools.etcdctl().toString()), args, "--prefix=/etcdctl-check/")));
      CompletableFuture<Run> cairnctl = OwnThreads.supply("cairnctl", () -> run(
          concat(List.of("java", "-jar", jar.toString()), args, "--prefix=/cairnctl-check/")));
      List<String> expected = findings(etcdctl.get(150, TimeUnit.SECONDS), false);
      List<String> actual = findings(cairnctl.get(150, TimeUnit.SECONDS), true);
      assertThat(actual).isEqualTo(expected);
      assertThat(run(List.of(Tools.etcdctl().toString(), "--endpoints=" + ep, "get", "",
          "--from-key", "--keys-only")).stdout()).as("keys left by the checks").isEmpty();
    }
  }

  /**
   * {@code check datascale} reads the member's resident memory from /metrics on its client URL,
   * where Cairn serves HTTP beside gRPC as etcd does: etcdctl's and cairnctl's checks both pass
   * against Cairn and leave no key behind.
   */
  @Test
  void datascalePassesAgainstCairnWithEtcdctlAndCairnctl(@TempDir Path tmp) throws Exception {
    Path jar = Path.of(System.getProperty("cairn.cliJar", "../cairn-cli/target/cairnctl.jar")).toAbsolutePath();
    MemberFlags flags = new MemberFlags("default", tmp.resolve("data"), Ports.free(), Ports.free());
    try (CairnMember m = CairnMember.start(flags)) {
      List<String> args = List.of("--endpoints=" + flags.clientUrl(), "check", "datascale");
      for (List<String> program : List.of(List.of(Tools.etcdctl().toString()),
          List.of("java", "-jar", jar.toString()))) {
        Run r = run(concat(program, args, "--auto-compact"));
        assertThat(r.stdout()).as(program.get(0)).containsPattern(
            "PASS: Approximate system memory used : \\d+\\.\\d\\d MB\\.\\n$");
        assertThat(r.exitCode()).as(program.get(0)).isZero();
      }
      assertThat(run(List.of(Tools.etcdctl().toString(), "--endpoints=" + flags.clientUrl(), "get",
          "", "--from-key", "--keys-only")).stdout()).as("keys left by the checks").isEmpty();
    }
  }

  /**
   * Checks the output's shape and returns its findings, in order. etcdctl does not wait for its bar,
   * whose last frames may come between (or after) the result lines; cairnctl ends the bar first.
   */
  private static List<String> findings(Run r, boolean barFirst) {
    assertThat(r.stderr()).as("stderr").isEmpty();
    assertThat(r.stdout()).as("output starts with the bar").startsWith("\r");
    if (barFirst) {
      assertThat(r.stdout()).as("bar ends before the results")
          .matches("(?s)(" + FRAME.pattern() + ")*\r" + LAST_FRAME.pattern() + "\n[^\r]*");
    }
    String results = FRAME_IN_OUTPUT.matcher(r.stdout()).replaceAll("");
    assertThat(results).as("output without the bar's frames").doesNotContain("\r").endsWith("\n");
    List<String> found = new ArrayList<>();
    String verdict = "";
    for (String line : results.split("\n")) {
      if (line.isEmpty()) {
        continue; // the line the bar's last frame ended
      }
      verdict = line;
      found.add(Arrays.stream(FINDINGS).filter(f -> line.matches(f[0])).map(f -> f[1])
          .findFirst().orElse("unexpected line: " + line));
    }
    assertThat(r.exitCode()).as("exit code after %s", verdict).isEqualTo(verdict.equals("PASS") ? 0 : 1);
    return found;
  }

  private static List<String> concat(List<String> command, List<String> args, String prefixFlag) {
    List<String> all = new ArrayList<>(command);
    all.addAll(args);
    all.add(prefixFlag);
    return all;
  }

  private static Run run(List<String> command) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.environment().keySet().removeIf(k -> k.startsWith("ETCD"));
      pb.environment().put("ETCDCTL_API", "3");
      Path err = java.nio.file.Files.createTempFile("check-perf", ".err");
      Process p = pb.redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
          new java.io.File("/dev/null"))).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command + " did not finish");
      }
      String stderr = java.nio.file.Files.readString(err);
      java.nio.file.Files.delete(err);
      return new Run(out, stderr, p.exitValue());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
