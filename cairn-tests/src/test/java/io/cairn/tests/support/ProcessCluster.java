package io.cairn.tests.support;

import io.cairn.api.StatusRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** An n-member cluster with one JVM per member, killed with SIGKILL (tests/e2e style). */
public final class ProcessCluster implements ClusterFixture {
  private final Path dir;
  private final List<CairnProcess> members = new ArrayList<>();

  private ProcessCluster(Path dir) {
    this.dir = dir;
  }

  /** Starts every member; returns once all serve clients. */
  public static ProcessCluster start(int n, Path dir, String... extraFlags) {
    return start(MemberFlags.cluster(n, dir, extraFlags), dir);
  }

  /** Starts members with these flags (e.g. {@link MemberFlags#cluster}'s, changed); returns once all serve. */
  public static ProcessCluster start(List<MemberFlags> flags, Path dir) {
    ProcessCluster c = new ProcessCluster(dir);
    try {
      for (MemberFlags f : flags) {
        CairnProcess p = new CairnProcess(f, dir.resolve(f.name() + ".log"));
        c.members.add(p);
        p.launch();
      }
      for (CairnProcess p : c.members) {
        p.awaitServing(Duration.ofSeconds(90));
      }
    } catch (IOException e) {
      c.close();
      throw new UncheckedIOException(e);
    }
    return c;
  }

  @Override
  public int size() {
    return members.size();
  }

  @Override
  public MemberFlags flags(int i) {
    return members.get(i).flags();
  }

  public CairnProcess process(int i) {
    return members.get(i);
  }

  @Override
  public int leader() {
    for (int i = 0; i < members.size(); i++) {
      if (!members.get(i).isAlive()) {
        continue;
      }
      MemberFlags f = flags(i);
      try (EtcdClients c = new EtcdClients(f.host(), f.clientPort())) {
        var s = c.maintenance().status(StatusRequest.getDefaultInstance());
        if (s.getLeader() != 0 && s.getLeader() == s.getHeader().getMemberId()) {
          return i;
        }
      } catch (Exception notServing) {
        // a member that does not answer is not the leader we can use
      }
    }
    return -1;
  }

  @Override
  public void kill(int i) {
    try {
      members.get(i).kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void restart(int i) {
    try {
      members.get(i).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public int startMember(MemberFlags f) {
    CairnProcess p = new CairnProcess(f, dir.resolve(f.name() + ".log"));
    members.add(p);
    try {
      p.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return members.size() - 1;
  }

  @Override
  public void awaitStopped(int i, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (members.get(i).isAlive()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(flags(i).name() + " still runs");
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void close() {
    for (CairnProcess p : members) {
      try {
        p.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
