package io.cairn.tests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Cairn member in its own JVM (the shaded jar), so tests can SIGKILL, SIGSTOP and restart it. */
public final class CairnProcess implements MemberProcess {
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

  @Override
  public void launch() throws IOException {
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
  }

  @Override
  public CairnProcess start() throws IOException {
    launch();
    awaitServing(java.time.Duration.ofSeconds(60));
    return this;
  }

  @Override
  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no flush. */
  @Override
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  public long pid() {
    return process.pid();
  }

  @Override
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
