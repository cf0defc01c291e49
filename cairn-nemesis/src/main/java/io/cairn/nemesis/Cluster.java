package io.cairn.nemesis;

import io.cairn.api.Member;
import io.cairn.api.MemberAddRequest;
import io.cairn.api.MemberListRequest;
import io.cairn.api.MemberRemoveRequest;
import io.cairn.api.StatusRequest;
import io.cairn.api.StatusResponse;
import io.cairn.api.ClusterGrpc;
import io.cairn.api.MaintenanceGrpc;
import io.cairn.tests.support.CairnProcess;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The members of one run, each a Cairn JVM started as its own user (see {@link Network}) on
 * 127.0.1.(i+1). Members are ended only by the PIDs this class started.
 */
final class Cluster implements AutoCloseable {
  private static final int FIRST_UID = 10001;

  private final Path dir;
  private final List<String> extra;
  private final List<CairnProcess> members = new ArrayList<>();
  private final List<EtcdClients> clients = new ArrayList<>();
  private final boolean[] paused;
  private int generation;

  private Cluster(Path dir, int n, List<String> extra) {
    this.dir = dir;
    this.extra = List.copyOf(extra);
    this.paused = new boolean[n];
  }

  static Cluster start(int n, Path dir, List<String> extra) throws IOException {
    Cluster c = new Cluster(dir, n, extra);
    try {
      for (MemberFlags f : MemberFlags.cluster(n, dir, extra.toArray(new String[0]))) {
        int i = c.members.size();
        c.ownDir(f.dataDir(), i);
        CairnProcess p = new CairnProcess(f, dir.resolve(f.name() + ".log"), c.launcher(i));
        c.members.add(p);
        c.clients.add(new EtcdClients(f.host(), f.clientPort()));
        p.launch();
      }
      for (CairnProcess p : c.members) {
        p.awaitServing(Duration.ofSeconds(90));
      }
      return c;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  int size() {
    return members.size();
  }

  int uid(int i) {
    return FIRST_UID + i;
  }

  String host(int i) {
    return members.get(i).flags().host();
  }

  String name(int i) {
    return members.get(i).flags().name();
  }

  EtcdClients clients(int i) {
    return clients.get(i);
  }

  boolean isAlive(int i) {
    return members.get(i).isAlive();
  }

  private List<String> launcher(int i) {
    return List.of("setpriv", "--reuid=" + uid(i), "--regid=" + uid(i), "--clear-groups");
  }

  private void ownDir(Path data, int i) throws IOException {
    Files.createDirectories(data);
    Shell.exec("chown", "-R", uid(i) + ":" + uid(i), data.toString());
  }

  void kill(int i) throws InterruptedException {
    if (paused[i]) {
      cont(i);
    }
    members.get(i).kill();
  }

  void restart(int i) throws IOException {
    if (!members.get(i).isAlive()) {
      members.get(i).start();
      clients.get(i).channel().resetConnectBackoff();
    }
  }

  void stop(int i) throws IOException {
    Shell.exec("kill", "-STOP", String.valueOf(members.get(i).pid()));
    paused[i] = true;
  }

  void cont(int i) {
    if (paused[i] && members.get(i).isAlive()) {
      Shell.quietly("kill", "-CONT", String.valueOf(members.get(i).pid()));
    }
    paused[i] = false;
  }

  /** Makes every client channel retry its connection now rather than after gRPC's backoff. */
  void resetBackoff() {
    for (EtcdClients c : clients) {
      c.channel().resetConnectBackoff();
    }
  }

  StatusResponse status(int i, long millis) {
    return MaintenanceGrpc.newBlockingStub(clients.get(i).channel())
        .withDeadlineAfter(millis, TimeUnit.MILLISECONDS).status(StatusRequest.getDefaultInstance());
  }

  /** The index of the member that says it leads, or -1. */
  int leader() {
    for (int i = 0; i < members.size(); i++) {
      if (!members.get(i).isAlive() || paused[i]) {
        continue;
      }
      try {
        StatusResponse s = status(i, 1000);
        if (s.getLeader() != 0 && s.getLeader() == s.getHeader().getMemberId()) {
          return i;
        }
      } catch (RuntimeException notServing) {
        // not the leader we can use
      }
    }
    return -1;
  }

  /**
   * Removes member {@code i} through member {@code via}, waits for it to stop, then adds it back
   * on a new peer port with a fresh data dir ({@code --initial-cluster-state=existing}), as
   * etcd's member add does.
   */
  void removeAndAddBack(int i, int via) throws IOException, InterruptedException {
    ClusterGrpc.ClusterBlockingStub stub = ClusterGrpc.newBlockingStub(clients.get(via).channel())
        .withDeadlineAfter(10, TimeUnit.SECONDS);
    MemberFlags old = members.get(i).flags();
    long id = 0;
    for (Member m : stub.memberList(MemberListRequest.getDefaultInstance()).getMembersList()) {
      if (m.getPeerURLsList().contains(old.peerUrl())) {
        id = m.getID();
      }
    }
    if (id == 0) {
      throw new IOException(old.name() + " is not in the member list");
    }
    removeMember(id, via);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (members.get(i).isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    members.get(i).kill();
    int peerPort = Ports.free();
    String peerUrl = "http://" + old.host() + ":" + peerPort;
    List<Member> added = addMember(peerUrl, via);
    StringBuilder initial = new StringBuilder();
    for (Member m : added) {
      String url = m.getPeerURLs(0);
      String name = url.equals(peerUrl) ? old.name() : m.getName();
      initial.append(initial.length() == 0 ? "" : ",").append(name).append('=').append(url);
    }
    List<String> flags = new ArrayList<>(extra);
    flags.add("--initial-cluster-state=existing");
    MemberFlags fresh = new MemberFlags(old.name(), dir.resolve(old.name() + "-" + ++generation),
        old.host(), old.clientPort(), peerPort, initial.toString(), flags);
    ownDir(fresh.dataDir(), i);
    CairnProcess p = new CairnProcess(fresh, dir.resolve(old.name() + ".log"), launcher(i));
    members.set(i, p);
    p.start();
    clients.get(i).channel().resetConnectBackoff();
  }

  /**
   * MemberRemove, whose outcome may be unknown under faults and load (a deadline, a leader change):
   * retried until the member list, read again each time, no longer has the member (bounded).
   */
  private void removeMember(long id, int via) throws IOException, InterruptedException {
    RuntimeException last = null;
    for (int attempt = 0; attempt < 10; attempt++) {
      try {
        if (memberList(via).stream().noneMatch(m -> m.getID() == id)) {
          return;
        }
        ClusterGrpc.newBlockingStub(clients.get(via).channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
            .memberRemove(MemberRemoveRequest.newBuilder().setID(id).build());
        return;
      } catch (RuntimeException e) {
        last = e;
        Thread.sleep(500);
      }
    }
    throw new IOException("member remove " + Long.toHexString(id) + " kept failing", last);
  }

  /** MemberAdd, retried the same way; returns the member list once the new member is in it. */
  private List<Member> addMember(String peerUrl, int via) throws IOException, InterruptedException {
    RuntimeException last = null;
    for (int attempt = 0; attempt < 10; attempt++) {
      try {
        List<Member> now = memberList(via);
        if (now.stream().anyMatch(m -> m.getPeerURLsList().contains(peerUrl))) {
          return now;
        }
        return ClusterGrpc.newBlockingStub(clients.get(via).channel())
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .memberAdd(MemberAddRequest.newBuilder().addPeerURLs(peerUrl).build()).getMembersList();
      } catch (RuntimeException e) {
        last = e;
        Thread.sleep(500);
      }
    }
    throw new IOException("member add " + peerUrl + " kept failing", last);
  }

  private List<Member> memberList(int via) {
    return ClusterGrpc.newBlockingStub(clients.get(via).channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
        .memberList(MemberListRequest.getDefaultInstance()).getMembersList();
  }

  @Override
  public void close() {
    for (int i = 0; i < members.size(); i++) {
      cont(i);
      try {
        members.get(i).kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (EtcdClients c : clients) {
      try {
        c.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
