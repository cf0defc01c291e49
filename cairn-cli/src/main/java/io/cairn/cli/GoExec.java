package io.cairn.cli;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Runs a command as Go's {@code exec.Command(...).Run()} with stdin from /dev/null and this
 * process's stdout and stderr, and reports its failure in Go's words.
 */
final class GoExec {
  private GoExec() {}

  /** Runs the command with exactly this environment; returns Go's error text, or null on exit 0. */
  static String run(List<String> command, Map<String, String> env) {
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.INHERIT)
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return startError(command.get(0), e);
    }
    try {
      int rc = p.waitFor();
      if (rc == 0) {
        return null;
      }
      // the JVM reports death by signal N as exit code 128+N, Go as the signal's name
      return rc > 128 && SIGNALS.containsKey(rc - 128) ? "signal: " + SIGNALS.get(rc - 128)
          : "exit status " + rc;
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return "signal: killed";
    }
  }

  /** Go's exec errors: a bare name is looked up in PATH first, a path is exec'd directly. */
  private static String startError(String name, IOException e) {
    if (!name.contains("/")) {
      return "exec: " + io.cairn.cli.print.GoFormat.quote(name) + ": executable file not found in $PATH";
    }
    String msg = String.valueOf(e.getMessage());
    String reason = msg.contains("error=13") ? "permission denied" : "no such file or directory";
    return "fork/exec " + name + ": " + reason;
  }

  /** Go's syscall.Signal strings for the signals a command commonly dies of. */
  private static final Map<Integer, String> SIGNALS = Map.of(
      1, "hangup", 2, "interrupt", 3, "quit", 6, "aborted", 9, "killed",
      11, "segmentation fault", 13, "broken pipe", 15, "terminated");
}
