package io.cairn.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.PutRequest;
import io.cairn.api.internal.InternalRaftRequest;
import io.cairn.api.internal.RaftEntry;
import io.cairn.server.raft.NotLeaderException;
import io.cairn.server.raft.OutcomeUnknownException;
import io.cairn.server.raft.UnsupportedRaftNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The proposer proposes a request again only when the engine proves it never appended it. */
class ProposerTest {
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

  /** An engine whose every proposal is recorded and answered by the test. */
  private static final class ScriptedRaft extends UnsupportedRaftNode {
    final List<byte[]> proposed = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<Void>> answers = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Void> propose(byte[] entry) {
      CompletableFuture<Void> f = new CompletableFuture<>();
      proposed.add(entry);
      answers.add(f);
      return f;
    }
  }

  @AfterEach
  void stopTimers() {
    timers.shutdownNow();
  }

  private final ScriptedRaft raft = new ScriptedRaft();
  private final WaitRegistry waits = new WaitRegistry(1);
  private final Proposer proposer = new Proposer(raft, waits, timers);
  private final CompletableFuture<Object> waiter = new CompletableFuture<>();

  /** One put request waited on by {@link #waiter}, submitted. */
  private Proposer.Pending submitOne() {
    long id = waits.registerNew(waiter);
    InternalRaftRequest request = InternalRaftRequest.newBuilder().setId(id)
        .setPut(PutRequest.getDefaultInstance()).build();
    Proposer.Pending p =
        new Proposer.Pending(request, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
    proposer.submit(p);
    return p;
  }

  @Test
  void aRefusalBeforeTheAppendIsProposedAgainWithTheSameRequestId() {
    Proposer.Pending p = submitOne();
    raft.answers.get(0).completeExceptionally(new NotLeaderException(0));

    await().atMost(Duration.ofSeconds(5)).until(() -> raft.proposed.size() == 2);
    RaftEntry again = RaftEntries.decode(raft.proposed.get(1));
    assertThat(again.getRequestsList()).extracting(InternalRaftRequest::getId)
        .containsExactly(p.id());
    assertThat(again.getSession()).isEqualTo(waits.session());
    assertThat(waiter).isNotDone();
  }

  @Test
  void aProposalThatMayHaveBeenAppendedIsNeverProposedAgain() throws Exception {
    Proposer.Pending p = submitOne();
    raft.answers.get(0).completeExceptionally(new OutcomeUnknownException(new RuntimeException("x")));
    Thread.sleep(300); // several retry delays

    assertThat(raft.proposed).hasSize(1);
    assertThat(waiter).as("the client waits for the apply or its deadline").isNotDone();
    waits.trigger(p.id(), "applied after all");
    assertThat(waiter).isCompletedWithValue("applied after all");
  }

  @Test
  void theFloorIsTheLowestRequestStillWaitedOn() {
    long a = waits.registerNew(new CompletableFuture<>());
    long b = waits.registerNew(new CompletableFuture<>());
    assertThat(waits.floor()).isEqualTo(a);

    waits.trigger(a, "done");
    assertThat(waits.floor()).isEqualTo(b);

    waits.forget(b);
    long next = waits.floor();
    assertThat(next).isGreaterThan(b);
    assertThat(waits.registerNew(new CompletableFuture<>())).isGreaterThanOrEqualTo(next);
  }

  @Test
  void anEntryCarriesTheSessionAndAFloorAtOrBelowItsRequests() {
    Proposer.Pending p = submitOne();

    RaftEntry e = RaftEntries.decode(raft.proposed.get(0));
    assertThat(e.getSession()).isNotZero().isEqualTo(waits.session());
    assertThat(e.getFloor()).isLessThanOrEqualTo(p.id());
  }
}
