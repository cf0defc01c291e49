package io.cairn.tests.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.tests.support.CairnProcess;
import io.cairn.tests.support.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code cairn --help} against the real {@code etcd --help} (3.4.23): every flag etcd lists, in the
 * same group with the same default, in the same order; and a flag Cairn refuses stops the real
 * process with a message naming it.
 */
class ServerFlagsDifferentialTest {

  @Test
  void cairnListsEveryEtcdFlagInEtcdsGroupsAndOrder() throws Exception {
    List<String> etcd = flagLines(run(List.of(Tools.etcd().toString(), "--help")).out);
    List<String> cairn = flagLines(run(cairn("--help")).out);

    assertThat(etcd).hasSizeGreaterThan(70);
    // the one default Cairn changes, to etcd 3.5's (docs/configuration.md)
    List<String> expected = etcd.stream()
        .map(l -> l.equals("Clustering: --pre-vote 'false'") ? "Clustering: --pre-vote 'true'" : l).toList();
    String own = "Cairn (beyond etcd):";
    assertThat(cairn.stream().filter(l -> !l.startsWith(own)).toList())
        .containsExactlyElementsOf(expected);
    // Cairn's own flags come last, in a group of their own
    assertThat(cairn.subList(expected.size(), cairn.size())).containsExactly(
        own + " --backup-dir ''", own + " --backup-interval '1h'", own + " --backup-retention '24'");
  }

  @Test
  void aRefusedFlagOrABadValueStopsTheServerWithItsName() throws Exception {
    Output refused = run(cairn("--enable-v2=true"));
    assertThat(refused.exit).isEqualTo(2);
    assertThat(refused.out).contains("cairn: --enable-v2=true is not supported by Cairn: Cairn serves "
        + "etcd's v3 API only (only \"false\" is accepted)");

    Output bad = run(cairn("--snapshot-count", "lots"));
    assertThat(bad.exit).isEqualTo(2);
    assertThat(bad.out).contains("cairn: invalid value \"lots\" for flag -snapshot-count");

    Output unknown = run(cairn("--no-such-flag"));
    assertThat(unknown.exit).isEqualTo(2);
    assertThat(unknown.out).contains("flag provided but not defined: -no-such-flag");
  }

  /** "Group: --flag default" for every flag line, groups from the unindented "Title:" lines. */
  private static List<String> flagLines(String help) {
    List<String> out = new ArrayList<>();
    String group = "";
    for (String line : help.split("\n")) {
      if (!line.startsWith(" ") && line.endsWith(":")) {
        group = line;
      } else if (line.startsWith("  --")) {
        out.add(group + " " + line.strip());
      }
    }
    return out;
  }

  private static List<String> cairn(String... args) {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(CairnProcess.startupArchive());
    cmd.addAll(List.of("-jar", CairnProcess.jar().toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private record Output(String out, int exit) {}

  private static Output run(List<String> cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("ETCD"));
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("did not finish: " + cmd);
    }
    return new Output(out, p.exitValue());
  }
}
