package io.cairn.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment in the order the process received it, as Go's os.Environ() gives it: etcdctl
 * reports unrecognized ETCDCTL_ variables in that order, and System.getenv() has none.
 */
final class ProcessEnvironment {
  private ProcessEnvironment() {}

  static Map<String, String> inOrder() {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc/self/environ"));
      Map<String, String> env = new LinkedHashMap<>();
      for (String entry : new String(raw, StandardCharsets.UTF_8).split("\0")) {
        int eq = entry.indexOf('=');
        if (eq > 0) {
          env.putIfAbsent(entry.substring(0, eq), entry.substring(eq + 1));
        }
      }
      return env;
    } catch (IOException | UnsupportedOperationException e) {
      // not Linux: the order is lost, the variables are not
      return System.getenv();
    }
  }
}
