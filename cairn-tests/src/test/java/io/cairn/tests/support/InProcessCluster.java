package io.cairn.tests.support;

import io.cairn.server.raft.RaftStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An n-member cluster in this JVM: real Ratis and gRPC on 127.0.1.x, with kill, restart and leader
 * lookup (in the spirit of Ratis's MiniRaftCluster and ZooKeeper's QuorumUtil).
 */
public final class InProcessCluster implements ClusterFixture {
  private final List<MemberFlags> flags;
  private final List<CairnMember> members = new ArrayList<>();

  private InProcessCluster(List<MemberFlags> flags) {
    this.flags = new ArrayList<>(flags);
    for (int i = 0; i < flags.size(); i++) {
      members.add(null);
    }
  }

  /** Starts every member; returns once all of them serve (a leader has been elected). */
  public static InProcessCluster start(int n, Path dir, String... extraFlags) {
    InProcessCluster c = new InProcessCluster(MemberFlags.cluster(n, dir, extraFlags));
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int idx = i;
      starts.add(OwnThreads.run("start-" + c.flags.get(idx).name(),
          () -> c.members.set(idx, CairnMember.start(c.flags.get(idx)))));
    }
    try {
      CompletableFuture.allOf(starts.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      c.close();
      throw new IllegalStateException("cluster did not start", e);
    }
    return c;
  }

  @Override
  public int size() {
    return members.size();
  }

  @Override
  public MemberFlags flags(int i) {
    return flags.get(i);
  }

  public CairnMember member(int i) {
    return members.get(i);
  }

  public String endpoints() {
    return String.join(",", flags.stream().map(MemberFlags::clientUrl).toList());
  }

  @Override
  public int leader() {
    for (int i = 0; i < members.size(); i++) {
      if (members.get(i) != null) {
        RaftStatus s = members.get(i).server().etcd().raftStatus();
        if (s.isLeader()) {
          return i;
        }
      }
    }
    return -1;
  }

  @Override
  public void kill(int i) {
    CairnMember m = members.get(i);
    if (m != null) {
      m.close();
      members.set(i, null);
    }
  }

  @Override
  public void restart(int i) {
    members.set(i, startWithin(flags.get(i)));
  }

  /** Starts member i again with these flags added for this start only. */
  public void restartWith(int i, String... extraFlags) {
    members.set(i, startWithin(flags.get(i).with(extraFlags)));
  }

  /** A member serves once it knows a leader: a cluster that never elects one fails the test. */
  private static CairnMember startWithin(MemberFlags f) {
    try {
      return OwnThreads.supply("start-" + f.name(), () -> CairnMember.start(f))
          .get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while member " + f.name() + " started", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("member " + f.name() + " did not serve within 60 s", e);
    }
  }

  @Override
  public int startMember(MemberFlags f) {
    flags.add(f);
    members.add(null);
    int i = members.size() - 1;
    members.set(i, startWithin(f));
    return i;
  }

  @Override
  public void awaitStopped(int i, java.time.Duration timeout) throws Exception {
    members.get(i).server().etcd().removedNotify().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    kill(i);
  }

  /** Starts member i again without waiting for it to serve. */
  public CompletableFuture<Void> restartAsync(int i) {
    return OwnThreads.run("restart-" + flags.get(i).name(), () -> restart(i));
  }

  @Override
  public void close() {
    for (int i = 0; i < members.size(); i++) {
      try {
        kill(i);
      } catch (RuntimeException e) {
        // keep closing the others
      }
    }
  }
}
