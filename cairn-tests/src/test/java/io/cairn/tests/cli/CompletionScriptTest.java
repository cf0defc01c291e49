package io.cairn.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.cli.Main;
import io.cairn.cli.print.Out;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairnctl completion bash|zsh} (not an etcdctl 3.4 command, so no differential session):
 * the script is produced, bash accepts it, and completing real command lines in bash offers
 * cairnctl's commands, subcommands and flags.
 */
class CompletionScriptTest {
  @TempDir
  Path tmp;

  private record Result(int exitCode, String stdout, String stderr) {}

  private static Result cairnctl(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = Main.run(args, Map.of(), new Out(out, err));
    return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void bashScriptNamesTheCommandsAndRegistersTheCompletion() {
    Result r = cairnctl("completion", "bash");

    assertThat(r.exitCode()).isZero();
    assertThat(r.stderr()).isEmpty();
    assertThat(r.stdout()).startsWith("#!/usr/bin/env bash")
        .contains("complete -F _complete_cairnctl")
        .contains("get", "put", "del", "txn", "watch", "lease", "member", "make-mirror", "snapshot");
  }

  @Test
  void zshScriptLoadsThroughBashcompinit() {
    Result r = cairnctl("completion", "zsh");

    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).contains("ZSH_VERSION").contains("bashcompinit")
        .contains("complete -F _complete_cairnctl");
  }

  @Test
  void completionWithoutAShellPrintsItsHelpAsEtcdctlDoes() {
    Result r = cairnctl("completion");

    assertThat(r.exitCode()).isZero();
    assertThat(r.stderr()).isEmpty();
    assertThat(r.stdout()).startsWith("NAME:\n\tcompletion - Generate the autocompletion script for the specified shell\n")
        .contains("\tbash\tGenerate the autocompletion script for bash\n");
  }

  @Test
  void bashCompletesCommandsSubcommandsAndFlags() throws Exception {
    Path script = tmp.resolve("cairnctl.bash");
    Files.writeString(script, cairnctl("completion", "bash").stdout());

    assertThat(complete(script, "cairnctl ge")).isEqualTo("get");
    assertThat(complete(script, "cairnctl make")).isEqualTo("make-mirror");
    assertThat(complete(script, "cairnctl member ").split(" "))
        .containsExactlyInAnyOrder("add", "remove", "update", "list", "promote");
    assertThat(complete(script, "cairnctl watch --pr").split(" "))
        .containsExactlyInAnyOrder("--prefix", "--prev-kv");
  }

  /** What bash offers for the line's last word, as it would on TAB. */
  private static String complete(Path script, String line) throws Exception {
    String words = line.endsWith(" ") ? line + "''" : line;
    String probe = "source '" + script + "' 2>/dev/null\n"
        + "COMP_WORDS=(" + words + ")\n"
        + "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
        + "COMP_LINE='" + line + "'\n"
        + "COMP_POINT=${#COMP_LINE}\n"
        + "_complete_cairnctl 2>/dev/null\n"
        + "echo \"${COMPREPLY[*]}\"\n";
    Process p = new ProcessBuilder("bash", "-c", probe).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("bash finished").isTrue();
    assertThat(p.exitValue()).as("bash exit code; output: %s", out).isZero();
    return out.strip();
  }
}
