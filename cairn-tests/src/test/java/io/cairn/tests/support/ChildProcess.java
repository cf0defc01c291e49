package io.cairn.tests.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A member process this test started: launched with its flags, logging to a file, ended by PID. */
abstract class ChildProcess implements MemberProcess {
  private final MemberFlags flags;
  private final Path log;
  private Process process;

  ChildProcess(MemberFlags flags, Path log) {
    this.flags = flags;
    this.log = log;
  }

  /** The command line that starts the member with {@link #flags()}. */
  abstract List<String> command();

  @Override
  public MemberFlags flags() {
    return flags;
  }

  @Override
  public void launch() throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("ETCD"));
    process = pb.start();
  }

  @Override
  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public int awaitExit(java.time.Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(flags.name() + " still runs after " + timeout);
    }
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook, no flush. */
  @Override
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
