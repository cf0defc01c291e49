package io.cairn.tests.support;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Cairn member in its own JVM (the shaded jar), so tests can SIGKILL, SIGSTOP and restart it. */
public final class CairnProcess implements AutoCloseable {
  private final MemberFlags flags;
  private final Path log;
  private Process process;

  public CairnProcess(MemberFlags flags, Path log) {
    this.flags = flags;
    this.log = log;
  }

  public static Path jar() {
    Path jar = Path.of(System.getProperty("cairn.jar", "../cairn-server/target/cairn.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("server jar not built: " + jar + " (run ./mvnw package)");
    }
    return jar;
  }

  /** Starts the member and waits until its client port accepts connections. */
  public CairnProcess start() throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(flags.asArgs());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("ETCD"));
    process = pb.start();
    awaitPort(Duration.ofSeconds(60));
    return this;
  }

  private void awaitPort(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("cairn exited with " + process.exitValue() + "; log: " + log);
      }
      try (Socket s = new Socket(flags.host(), flags.clientPort())) {
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
    }
    throw new IOException("cairn did not listen on " + flags.clientPort() + "; log: " + log);
  }

  /** SIGKILL: no shutdown hook, no flush. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  public long pid() {
    return process.pid();
  }

  public MemberFlags flags() {
    return flags;
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
