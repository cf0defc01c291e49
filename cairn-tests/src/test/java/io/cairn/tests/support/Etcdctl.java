package io.cairn.tests.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real etcdctl (v3 API) and captures what it printed and its exit code. */
public final class Etcdctl {
  private Etcdctl() {}

  /** Output of one etcdctl run. */
  public record Result(String stdout, String stderr, int exit) {
    public boolean ok() {
      return exit == 0;
    }

    /** The transcript form used in differential tests. */
    public String transcript() {
      StringBuilder b = new StringBuilder(stdout);
      if (!stderr.isEmpty()) {
        b.append("[stderr]\n").append(stderr);
      }
      return b.append("[exit ").append(exit).append("]\n").toString();
    }

    /**
     * A request that cannot complete without quorum is answered when the client's deadline expires,
     * by whichever side notices first: etcd's server, whose context carries the client's deadline
     * ("etcdserver: request timed out" for a proposal, its raw context error "code = Unknown desc =
     * context deadline exceeded" for a read index), or etcdctl itself ("context deadline exceeded").
     * etcd 3.4 gives any of them from run to run (seen in CI), so a transcript keeps only that the
     * request failed at the deadline.
     */
    public Result atDeadline() {
      String normalized = stderr
          .replace("code = Unavailable desc = etcdserver: request timed out", "DEADLINE")
          .replace("code = DeadlineExceeded desc = context deadline exceeded", "DEADLINE")
          .replace("code = Unknown desc = context deadline exceeded", "DEADLINE")
          .replace("Error: rpc error: DEADLINE", "Error: DEADLINE")
          .replace("Error: etcdserver: request timed out", "Error: DEADLINE")
          .replace("Error: context deadline exceeded", "Error: DEADLINE");
      return new Result(stdout, normalized, exit);
    }
  }

  public static Result run(String endpoints, String... args) {
    return runProgram(Tools.etcdctl(), endpoints, args);
  }

  /** Runs {@code program} (etcdctl or a stand-in for it, such as {@link CairnctlWrapper}'s) the same way. */
  public static Result runProgram(java.nio.file.Path program, String endpoints, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(program.toString());
    cmd.add("--endpoints=" + endpoints);
    cmd.addAll(List.of(args));
    return exec(cmd);
  }

  /** Runs a whole command line (etcdctl, perhaps behind a namespace prefix) with no ETCD* variables. */
  public static Result exec(List<String> cmd) {
    return exec(cmd, "");
  }

  /** The same, with {@code stdin} as etcdctl's input (a txn, a password). */
  public static Result exec(List<String> cmd, String stdin) {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().keySet().removeIf(k -> k.startsWith("ETCD"));
    pb.environment().put("ETCDCTL_API", "3");
    try {
      Process p = pb.start();
      try (var in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      var out = p.getInputStream();
      var err = p.getErrorStream();
      var outF = OwnThreads.supply("etcdctl-out", () -> read(out));
      var errF = OwnThreads.supply("etcdctl-err", () -> read(err));
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("etcdctl hung: " + cmd);
      }
      return new Result(outF.join(), errF.join(), p.exitValue());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
