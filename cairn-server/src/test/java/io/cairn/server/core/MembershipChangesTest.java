package io.cairn.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.server.backend.BatchTx;
import io.cairn.server.backend.RocksBackend;
import io.cairn.server.membership.Member;
import io.cairn.server.membership.MemberStore;
import io.cairn.server.raft.RaftMembers;
import io.cairn.server.raft.RaftStatus;
import io.cairn.server.raft.UnsupportedRaftNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leader's side of adding a member: wait until it answers, end an addition that stalls. */
class MembershipChangesTest {
  private static final long ELECTION_MS = 10; // a stalled addition is ended after 12 of these

  @TempDir
  Path dir;
  private RocksBackend backend;
  private MemberStore members;
  private final ScriptedRaft raft = new ScriptedRaft();
  private ServerSocket joinerPort;
  private MembershipChanges changes;

  /** A leader with member 1 in its engine; member 2 added to the list, on a port of its own. */
  @BeforeEach
  void addSecondMember() throws Exception {
    joinerPort = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    int port = joinerPort.getLocalPort();
    joinerPort.close(); // nothing answers there until a test listens again
    backend = new RocksBackend(dir.resolve("db"));
    members = new MemberStore(backend, dir.resolve("identity"));
    members.bootstrap(7, 1, List.of(
        new Member(1, "a", List.of("http://127.0.0.1:1"), List.of(), false)));
    try (BatchTx batch = backend.newBatch()) {
      members.add(7, new Member(2, "", List.of("http://127.0.0.1:" + port), List.of(), false),
          batch);
      batch.commit();
    }
    changes = new MembershipChanges(members, raft, "token", ELECTION_MS, entry -> {
      throw new UnsupportedOperationException();
    });
  }

  @AfterEach
  void close() throws Exception {
    joinerPort.close();
    backend.close();
  }

  @Test
  void aNewMemberIsAddedToTheEngineOnlyOnceSomethingAnswersOnItsPeerUrl() throws Exception {
    changes.reconcile();
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
        .until(() -> raft.reconfigurations.isEmpty());
    changes.reconcile(); // the silent member is tried again on the next round

    int port = Integer.parseInt(members.member(2).orElseThrow().peerUrls().get(0).split(":")[2]);
    joinerPort = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      changes.reconcile();
      return !raft.reconfigurations.isEmpty();
    });
    assertThat(raft.reconfigurations.get(0).voters()).containsOnlyKeys(1L, 2L);
  }

  @Test
  void anAdditionWhoseNewMemberFallsSilentIsEndedByTheLeaderSteppingDownOnce() throws Exception {
    int port = Integer.parseInt(members.member(2).orElseThrow().peerUrls().get(0).split(":")[2]);
    joinerPort = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
    changes.reconcile();
    await().atMost(Duration.ofSeconds(5)).until(() -> !raft.reconfigurations.isEmpty());

    raft.silentMs.set(5); // it answers: the addition is progressing, however long it takes
    for (int i = 0; i < 20; i++) {
      Thread.sleep(2 * ELECTION_MS);
      changes.reconcile();
    }
    assertThat(raft.stepDowns).hasValue(0);

    raft.silentMs.set(13 * ELECTION_MS); // silent for longer than Ratis itself would wait
    changes.reconcile();
    changes.reconcile();
    assertThat(raft.stepDowns).hasValue(1);
    assertThat(raft.reconfigurations).hasSize(1);
  }

  /** A leader whose configuration changes never complete, as when Ratis's staging stalls. */
  private static final class ScriptedRaft extends UnsupportedRaftNode {
    final List<RaftMembers> reconfigurations = new CopyOnWriteArrayList<>();
    final AtomicLong silentMs = new AtomicLong(-1);
    final AtomicInteger stepDowns = new AtomicInteger();

    @Override
    public RaftStatus status() {
      return new RaftStatus(1, 3, 42, 42, true);
    }

    @Override
    public RaftMembers members() {
      return new RaftMembers(Map.of(1L, "127.0.0.1:1"), Map.of());
    }

    @Override
    public CompletableFuture<Void> reconfigure(RaftMembers target) {
      reconfigurations.add(target);
      return new CompletableFuture<>();
    }

    @Override
    public long millisSinceHeardFrom(long memberId) {
      return silentMs.get();
    }

    @Override
    public CompletableFuture<Void> stepDown() {
      stepDowns.incrementAndGet();
      return new CompletableFuture<>();
    }
  }
}
