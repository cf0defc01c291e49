package io.cairn.tests.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A member configured as a packaged service configures it: the variables of an
 * {@code /etc/default}-style file (read as systemd's EnvironmentFile reads KEY=VALUE lines) plus a
 * few flags, started in its host's network namespace. Ended by its PID only.
 */
final class EnvFileMember {
  private final List<String> program;
  private final Path envFile;
  private final Path workDir;
  private final Path log;
  private Process process;

  /** {@code workDir} is the service's working directory: the default data dir lands there. */
  EnvFileMember(List<String> program, Path envFile, Path workDir, Path log) {
    this.program = List.copyOf(program);
    this.envFile = envFile;
    this.workDir = workDir;
    this.log = log;
  }

  static Map<String, String> readEnvFile(Path file) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int eq = l.indexOf('=');
      env.put(l.substring(0, eq), l.substring(eq + 1));
    }
    return env;
  }

  /** Starts the program with the file's variables and {@code flags}. */
  EnvFileMember start(String... flags) throws IOException {
    List<String> cmd = new ArrayList<>(program);
    cmd.addAll(List.of(flags));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("ETCD"));
    pb.environment().putAll(readEnvFile(envFile));
    process = pb.start();
    return this;
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Waits (bounded) for the process to end by itself, and returns its exit code. */
  int awaitExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException("member still running after " + seconds + " s; log " + log);
    }
    return process.exitValue();
  }

  void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }
}
