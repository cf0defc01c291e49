package io.cairn.tests.support;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A real etcd 3.4 single member in its own process, for differential tests. */
public final class EtcdProcess implements AutoCloseable {
  private final Process process;

  private EtcdProcess(Process process) {
    this.process = process;
  }

  /** Starts etcd with the given flags (see {@link MemberFlags}) and waits until it serves. */
  public static EtcdProcess start(MemberFlags flags, Path logFile) throws IOException {
    EtcdProcess e = launch(flags, logFile);
    e.awaitPort(flags.host(), flags.clientPort(), Duration.ofSeconds(30));
    return e;
  }

  /** Starts etcd without waiting (cluster members wait for each other before serving). */
  public static EtcdProcess launch(MemberFlags flags, Path logFile) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Tools.etcd().toString());
    cmd.addAll(flags.asArgs());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(logFile.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("ETCD"));
    return new EtcdProcess(pb.start());
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  private void awaitPort(String host, int port, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("etcd exited with " + process.exitValue());
      }
      try (Socket s = new Socket(host, port)) {
        return;
      } catch (IOException notYet) {
        sleep(50);
      }
    }
    throw new IOException("etcd did not listen on " + port + " in " + timeout);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
