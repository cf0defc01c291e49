package io.cairn.tests.diff;

import io.cairn.tests.support.Tools;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a scripted etcdctl session (a bash script using {@code run CMD...}) against one endpoint and
 * returns its transcript: each command, its stdout, its stderr and its exit code.
 */
final class SessionRunner {
  private static final String PRELUDE = """
      set -u
      export ETCDCTL_API=3
      run() {
        printf '$ %s\\n' "$*"
        "$@" >"$WORK/out" 2>"$WORK/err"
        local rc=$?
        cat "$WORK/out"
        if [ -s "$WORK/err" ]; then echo "[stderr]"; cat "$WORK/err"; fi
        echo "[exit $rc]"
      }
      cd "$WORK"
      """;

  private SessionRunner() {}

  /** The scripts ({@code *.sh}) of a test-resource folder whose file names match {@code regex}, in order. */
  static List<Path> list(String resourceDir, String regex) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(SessionRunner.class.getResource(resourceDir).toURI()))) {
      return files.filter(p -> p.toString().endsWith(".sh"))
          .filter(p -> p.getFileName().toString().matches(regex)).sorted().toList();
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
  }

  static String run(Path script, String endpoint, Path work) throws IOException, InterruptedException {
    return run(script, endpoint, work, Tools.etcdctl().getParent());
  }

  /**
   * Runs the session with {@code binDir} first on PATH, so an {@code etcdctl} there (for example a
   * wrapper around cairnctl) replaces the real one.
   */
  static String run(Path script, String endpoint, Path work, Path binDir)
      throws IOException, InterruptedException {
    return run(script, Map.of("ETCDCTL_ENDPOINTS", endpoint), work, binDir, List.of());
  }

  /**
   * Runs the session with these variables set (ETCDCTL_ENDPOINTS among them, usually) and
   * {@code binDir} first on PATH, under {@code launcher} (for example {@code ip netns exec NS}).
   */
  static String run(Path script, Map<String, String> env, Path work, Path binDir,
      List<String> launcher) throws IOException, InterruptedException {
    Files.createDirectories(work);
    Path full = work.resolve("session.sh");
    Files.writeString(full, PRELUDE + Files.readString(script));
    List<String> cmd = new ArrayList<>(launcher);
    cmd.addAll(List.of("bash", full.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("ETCD"));
    pb.environment().putAll(env);
    pb.environment().put("WORK", work.toString());
    pb.environment().put("PATH", binDir + ":" + System.getenv("PATH"));
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("session " + script + " did not finish");
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
