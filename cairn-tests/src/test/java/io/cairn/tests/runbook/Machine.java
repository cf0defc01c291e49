package io.cairn.tests.runbook;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.RangeRequest;
import io.cairn.tests.support.EtcdClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One machine of a runbook, played by a directory: the runbook's steps run there with bash, with
 * {@code NAME} and {@code IP} set to the member it stands for, {@code cairn} and {@code cairnctl}
 * on the PATH (the repository's bin/), and the settings step before each. Long-running steps
 * (members, mirrors) are processes it started and ends by PID.
 */
final class Machine implements AutoCloseable {
  private static final Path REPO_BIN = Path.of("..", "bin").toAbsolutePath().normalize();
  private static final Duration STEP_TIMEOUT = Duration.ofMinutes(3);

  private final Runbook book;
  private final Path dir;
  private final String name;
  private final String ip;
  private final List<Process> started = new ArrayList<>();

  Machine(Runbook book, Path dir, String name, String ip) throws IOException {
    this.book = book;
    this.dir = Files.createDirectories(dir);
    this.name = name;
    this.ip = ip;
  }

  Path dir() {
    return dir;
  }

  String ip() {
    return ip;
  }

  /** Runs a step to its end; its output (stdout and stderr), or an error if it failed. */
  String run(String step) throws IOException, InterruptedException {
    Path out = dir.resolve(step + ".out");
    Process p = bash("set -euo pipefail\n" + book.step("settings") + "\n" + book.step(step))
        .redirectOutput(out.toFile()).start();
    if (!p.waitFor(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(name + ": step " + step + " still runs after " + STEP_TIMEOUT
          + ":\n" + Files.readString(out));
    }
    String output = Files.readString(out);
    if (p.exitValue() != 0) {
      throw new AssertionError(name + ": step " + step + " failed (exit " + p.exitValue() + "):\n"
          + output);
    }
    return output;
  }

  /** Starts a step whose one command runs until stopped (a member, a mirror). */
  Process start(String step) throws IOException {
    Process p = bash("set -eu\n" + book.step("settings") + "\nexec " + book.step(step))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(step + ".log").toFile()))
        .start();
    started.add(p);
    return p;
  }

  /** Starts a command that is not the runbook's (the etcd cluster a migration starts from). */
  Process startCommand(String logName, List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(logName).toFile())).start();
    started.add(p);
    return p;
  }

  /** Waits until the member on this machine answers a linearizable read (it has a leader). */
  void awaitServing() {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
        .ignoreExceptions().until(() -> {
          try (EtcdClients c = new EtcdClients(ip, 2379)) {
            c.kv().range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("x")).build());
            return true;
          }
        });
  }

  /** SIGTERM, as an operator's stop. */
  static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** SIGKILL, as a machine that dies. */
  static void kill(Process p) throws InterruptedException {
    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  private ProcessBuilder bash(String script) {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(dir.toFile())
        .redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("ETCD"));
    env.put("PATH", REPO_BIN + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("NAME", name);
    env.put("IP", ip);
    env.put("CAIRN_JAVA_OPTS", "-Xms64m -Xmx512m -XX:+UseG1GC");
    return pb;
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : started) {
      if (p.isAlive()) {
        stop(p);
      }
    }
  }
}
