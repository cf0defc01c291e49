package io.cairn.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.cli.Main;
import io.cairn.cli.print.Out;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * cairnctl's hints after common errors: printed when stderr is a terminal, never otherwise, so that
 * anything reading cairnctl's output sees etcdctl's.
 */
class ErrorHintsTest {
  @Test
  void noHintWhenStderrIsNoTerminal() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int rc = Main.run(new String[] {"-w", "bogus", "get", "k"}, Map.of(), new Out(out, err));

    assertThat(rc).isEqualTo(4);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("Error: unsupported output format\n");
  }

  @Test
  void hintFollowsTheErrorOnATerminal() throws Exception {
    Path jar = Path.of(System.getProperty("cairn.cliJar", "../cairn-cli/target/cairnctl.jar")).toAbsolutePath();
    assertThat(jar).as("cairnctl.jar (build it with -pl cairn-cli install)").exists();
    // script(1) gives the command a pseudo-terminal for its stdout and stderr
    Process p = new ProcessBuilder("script", "-qec",
        "java -jar '" + jar + "' -w bogus get k", "/dev/null")
        .redirectErrorStream(true).start();
    String tty = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(tty.replace("\r\n", "\n")).contains("Error: unsupported output format\n"
        + "hint: -w/--write-out takes simple, json, fields, protobuf or table\n");
  }
}
