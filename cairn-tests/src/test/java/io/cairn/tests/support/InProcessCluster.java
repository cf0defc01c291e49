package io.cairn.tests.support;

import io.cairn.server.raft.RaftStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An n-member cluster in this JVM: real Ratis and gRPC on 127.0.1.x, with kill, restart and leader
 * lookup (in the spirit of Ratis's MiniRaftCluster and ZooKeeper's QuorumUtil).
 */
public final class InProcessCluster implements AutoCloseable {
  private final List<MemberFlags> flags;
  private final CairnMember[] members;

  private InProcessCluster(List<MemberFlags> flags) {
    this.flags = flags;
    this.members = new CairnMember[flags.size()];
  }

  /** Starts every member; returns once all of them serve (a leader has been elected). */
  public static InProcessCluster start(int n, Path dir, String... extraFlags) {
    InProcessCluster c = new InProcessCluster(MemberFlags.cluster(n, dir, extraFlags));
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int idx = i;
      starts.add(CompletableFuture.runAsync(() -> c.members[idx] = CairnMember.start(c.flags.get(idx))));
    }
    try {
      CompletableFuture.allOf(starts.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      c.close();
      throw new IllegalStateException("cluster did not start", e);
    }
    return c;
  }

  public int size() {
    return members.length;
  }

  public MemberFlags flags(int i) {
    return flags.get(i);
  }

  public CairnMember member(int i) {
    return members[i];
  }

  public String endpoints() {
    return String.join(",", flags.stream().map(MemberFlags::clientUrl).toList());
  }

  /** Index of the member that currently leads, or -1. */
  public int leader() {
    for (int i = 0; i < members.length; i++) {
      if (members[i] != null) {
        RaftStatus s = members[i].server().etcd().raftStatus();
        if (s.isLeader()) {
          return i;
        }
      }
    }
    return -1;
  }

  /** Stops member i (its data dir stays). */
  public void kill(int i) {
    if (members[i] != null) {
      members[i].close();
      members[i] = null;
    }
  }

  /** Starts member i again on its data dir; blocks until it serves. */
  public void restart(int i) {
    members[i] = CairnMember.start(flags.get(i));
  }

  /** Starts member i again without waiting for it to serve. */
  public CompletableFuture<Void> restartAsync(int i) {
    return CompletableFuture.runAsync(() -> restart(i));
  }

  public Path dataDir(int i) {
    return flags.get(i).dataDir();
  }

  @Override
  public void close() {
    for (int i = 0; i < members.length; i++) {
      try {
        kill(i);
      } catch (RuntimeException e) {
        // keep closing the others
      }
    }
  }
}
