package io.cairn.tests.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real etcd 3.4 member in its own process, for differential tests. */
public final class EtcdProcess implements MemberProcess {
  private final MemberFlags flags;
  private final Path log;
  private Process process;

  public EtcdProcess(MemberFlags flags, Path log) {
    this.flags = flags;
    this.log = log;
  }

  /** Starts a member and waits until it serves. */
  public static EtcdProcess start(MemberFlags flags, Path log) throws IOException {
    EtcdProcess e = new EtcdProcess(flags, log);
    e.start();
    return e;
  }

  @Override
  public MemberFlags flags() {
    return flags;
  }

  @Override
  public void launch() throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Tools.etcd().toString());
    cmd.addAll(flags.asArgs());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("ETCD"));
    process = pb.start();
  }

  @Override
  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  @Override
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
