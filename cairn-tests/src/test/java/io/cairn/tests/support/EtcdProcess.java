package io.cairn.tests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A real etcd 3.4 member in its own process, for differential tests. */
public final class EtcdProcess extends ChildProcess {

  private final List<String> launcher;
  private final Path log;

  public EtcdProcess(MemberFlags flags, Path log) {
    this(flags, log, List.of());
  }

  /**
   * A member started by {@code launcher} (for example {@code ip netns exec NS}, which execs etcd
   * itself, so the process is still the member's).
   */
  public EtcdProcess(MemberFlags flags, Path log, List<String> launcher) {
    super(flags, log);
    this.log = log;
    this.launcher = List.copyOf(launcher);
  }

  /** Starts a member and waits until it serves. */
  public static EtcdProcess start(MemberFlags flags, Path log) throws IOException {
    EtcdProcess e = new EtcdProcess(flags, log);
    e.start();
    return e;
  }

  @Override
  List<String> command() {
    List<String> cmd = new ArrayList<>(launcher);
    cmd.add(Tools.etcd().toString());
    cmd.addAll(flags().asArgs());
    return cmd;
  }

  /**
   * Waits for the client port, or, under a launcher (whose network this JVM may not reach), for
   * etcd's log line saying it serves clients.
   */
  @Override
  public void awaitServing(Duration timeout) throws IOException {
    if (launcher.isEmpty()) {
      super.awaitServing(timeout);
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!isAlive()) {
        throw new IOException(flags().name() + " exited: " + Files.readString(log));
      }
      if (Files.exists(log) && Files.readString(log).contains("client requests on")) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
    throw new IOException(flags().name() + " did not serve on " + flags().clientUrl());
  }
}
