package io.cairn.server.core;

import io.cairn.api.internal.InternalRaftRequest;
import io.cairn.server.errors.EtcdError;
import io.cairn.server.raft.OutcomeUnknownException;
import io.cairn.server.raft.RaftNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Group commit: requests waiting to be proposed are packed into one log entry each time a proposal
 * slot frees up, so under load many requests share one Raft round (and one fsync) while a lone
 * request still goes out at once.
 */
final class Proposer {
  /** Proposals in flight at once; while they are, new requests gather into the next entry. */
  private static final int MAX_IN_FLIGHT = 4;
  /** An entry takes requests up to this size (and always at least one). */
  private static final int MAX_ENTRY_BYTES = 1 << 20;
  /**
   * Between tries while no leader takes proposals. Short: a new leader takes writes about 100 ms
   * after its election (Ratis's first entry of the term applied), and each try that fails costs
   * next to nothing (it fails before any append).
   */
  private static final long RETRY_DELAY_MS = 10;

  /** One request waiting for a slot, and its deadline. */
  record Pending(InternalRaftRequest request, long deadlineNanos) {
    long id() {
      return request.getId();
    }
  }

  private final RaftNode raft;
  private final WaitRegistry waits;
  private final ScheduledExecutorService timers;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  /** A request taken from the queue that did not fit the last entry; it leads the next one. */
  private Pending carry; // guarded by this

  Proposer(RaftNode raft, WaitRegistry waits, ScheduledExecutorService timers) {
    this.raft = raft;
    this.waits = waits;
    this.timers = timers;
  }

  void submit(Pending p) {
    queue.add(p);
    drain();
  }

  private synchronized boolean hasWork() {
    return carry != null || !queue.isEmpty();
  }

  private void drain() {
    while (hasWork()) {
      int slots = inFlight.get();
      if (slots >= MAX_IN_FLIGHT) {
        return; // the completing proposal drains again
      }
      if (!inFlight.compareAndSet(slots, slots + 1)) {
        continue;
      }
      List<Pending> batch = take();
      if (batch.isEmpty()) {
        inFlight.decrementAndGet();
        return;
      }
      send(batch);
    }
  }

  /**
   * Takes the next entry's requests. Callers run concurrently (client threads, completions), so
   * taking is serialised: each request is taken exactly once, or it would be applied twice.
   */
  private synchronized List<Pending> take() {
    List<Pending> batch = new ArrayList<>();
    int bytes = 0;
    while (true) {
      Pending p = carry != null ? carry : queue.poll();
      carry = null;
      if (p == null) {
        break;
      }
      int size = p.request().getSerializedSize();
      if (!batch.isEmpty() && bytes + size > MAX_ENTRY_BYTES) {
        carry = p;
        break;
      }
      batch.add(p);
      bytes += size;
    }
    return batch;
  }

  private void send(List<Pending> batch) {
    List<InternalRaftRequest> requests = new ArrayList<>(batch.size());
    batch.forEach(p -> requests.add(p.request()));
    byte[] entry = RaftEntries.encode(waits.session(), waits.floor(), requests);
    raft.propose(entry).whenComplete((v, err) -> {
      inFlight.decrementAndGet();
      if (err != null) {
        failed(batch, EtcdServer.unwrap(err));
      }
      drain();
    });
  }

  /**
   * A proposal the engine refused before appending it (no leader here yet) is retried until each
   * request's deadline. One it may have appended is never proposed again (it could apply twice):
   * its clients wait for the apply, or their deadline. Any other failure is the requests' answer.
   */
  private void failed(List<Pending> batch, Throwable cause) {
    if (cause instanceof OutcomeUnknownException) {
      return;
    }
    List<Pending> retry = new ArrayList<>();
    long now = System.nanoTime();
    for (Pending p : batch) {
      if (EtcdServer.isRetriable(cause) && now < p.deadlineNanos()) {
        retry.add(p);
      } else if (EtcdServer.isRetriable(cause)) {
        waits.fail(p.id(), EtcdError.TIMEOUT.exception());
      } else {
        waits.fail(p.id(), cause);
      }
    }
    if (!retry.isEmpty() && !timers.isShutdown()) {
      timers.schedule(() -> {
        queue.addAll(retry);
        drain();
      }, RETRY_DELAY_MS, TimeUnit.MILLISECONDS);
    }
  }
}
