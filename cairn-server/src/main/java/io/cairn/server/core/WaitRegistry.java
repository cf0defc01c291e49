package io.cairn.server.core;

import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients waiting for their proposal to be applied, by request ID (etcd's {@code pkg/wait}). IDs are
 * unique per member: its low 16 ID bits, then a start time and a counter, as etcd's idutil does.
 *
 * <p>The registry is also the proposer's session for deduplication ({@link LogEntry}): a random
 * session ID per process, and a floor below which every request has had its answer.
 */
final class WaitRegistry {
  /** Ordered, so the lowest ID still waited on (the floor) is at hand. */
  private final ConcurrentSkipListMap<Long, CompletableFuture<Object>> waits =
      new ConcurrentSkipListMap<>();
  private final AtomicLong next;
  private final long session;

  WaitRegistry(long memberId) {
    long prefix = (memberId & 0xffffL) << 48;
    long suffix = (System.currentTimeMillis() & 0xffffffffffL) << 8;
    next = new AtomicLong(prefix | suffix);
    long s = 0;
    SecureRandom random = new SecureRandom();
    while (s == 0) {
      s = random.nextLong();
    }
    session = s;
  }

  /** An ID that no request uses (e.g. a lease ID). */
  long nextId() {
    return next.incrementAndGet();
  }

  /**
   * A new request ID with its waiter. Allocation and registration are one step under the lock that
   * {@link #floor()} takes, so a floor never passes an ID that is handed out but not yet waited on.
   */
  synchronized long registerNew(CompletableFuture<Object> waiter) {
    long id = next.incrementAndGet();
    waits.put(id, waiter);
    return id;
  }

  long session() {
    return session;
  }

  /**
   * The lowest request ID still waited on, or the next ID when none is: every lower ID of this
   * session has been answered (applied, failed or timed out) and is never proposed again.
   */
  synchronized long floor() {
    Map.Entry<Long, CompletableFuture<Object>> first = waits.firstEntry();
    return first == null ? next.get() + 1 : first.getKey();
  }

  /** Completes the waiter of {@code id}, if this member has one. The result may be a Throwable. */
  void trigger(long id, Object result) {
    CompletableFuture<Object> f = waits.remove(id);
    if (f == null) {
      return;
    }
    if (result instanceof Throwable t) {
      f.completeExceptionally(t);
    } else {
      f.complete(result);
    }
  }

  void fail(long id, Throwable t) {
    CompletableFuture<Object> f = waits.remove(id);
    if (f != null) {
      f.completeExceptionally(t);
    }
  }

  void forget(long id) {
    waits.remove(id);
  }

  /** Requests proposed and not yet answered (etcd_server_proposals_pending). */
  public int pending() {
    return waits.size();
  }
}
