package io.cairn.server.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients waiting for their proposal to be applied, by request ID (etcd's {@code pkg/wait}). IDs are
 * unique per member: its low 16 ID bits, then a start time and a counter, as etcd's idutil does.
 */
final class WaitRegistry {
  private final ConcurrentHashMap<Long, CompletableFuture<Object>> waits = new ConcurrentHashMap<>();
  private final AtomicLong next;

  WaitRegistry(long memberId) {
    long prefix = (memberId & 0xffffL) << 48;
    long suffix = (System.currentTimeMillis() & 0xffffffffffL) << 8;
    next = new AtomicLong(prefix | suffix);
  }

  long nextId() {
    return next.incrementAndGet();
  }

  CompletableFuture<Object> register(long id) {
    CompletableFuture<Object> f = new CompletableFuture<>();
    waits.put(id, f);
    return f;
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
}
