package io.cairn.nemesis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short system commands (ip, iptables, kill) and fails loudly when one fails. */
final class Shell {
  private Shell() {}

  static String exec(String... cmd) throws IOException {
    Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out: " + String.join(" ", cmd));
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", cmd), e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out.trim());
    }
    return out;
  }

  /** The same, for clean-up paths: a failure is printed, not thrown. */
  static void quietly(String... cmd) {
    try {
      exec(cmd);
    } catch (IOException e) {
      System.err.println("nemesis: clean-up step failed: " + e.getMessage());
    }
  }
}
