package io.cairn.server.concurrency;

import com.google.protobuf.ByteString;
import io.cairn.api.TxnRequest;
import io.cairn.api.lock.LockRequest;
import io.cairn.api.lock.LockResponse;
import io.cairn.api.lock.UnlockRequest;
import io.cairn.api.lock.UnlockResponse;
import java.util.concurrent.CompletableFuture;

/**
 * etcd's v3lock service: a lock is held by the oldest key under {@code name/}, each client's key
 * bound to its lease, so a holder that dies releases the lock when its lease expires.
 */
public final class Locks {
  private final RecipeKv kv;

  public Locks(RecipeKv kv) {
    this.kv = kv;
  }

  /**
   * Queues the lease's key and completes once every key before it is gone. A client that goes
   * away while waiting ({@code cancelled}) leaves the queue: its key is deleted.
   */
  public CompletableFuture<LockResponse> lock(LockRequest r, CompletableFuture<Void> cancelled) {
    return Sessions.lease(kv, r.getLease()).thenCompose(lease -> {
      ByteString prefix = KeyQueue.prefix(r.getName());
      ByteString key = KeyQueue.keyOf(prefix, lease);
      // a lease queued already (it may even hold the lock) keeps its key and place
      TxnRequest enqueue = KeyQueue.join(prefix, key, lease, ByteString.EMPTY, true);
      return kv.txn(enqueue).thenCompose(t -> {
        long created = t.getSucceeded() ? t.getHeader().getRevision()
            : t.getResponses(0).getResponseRange().getKvs(0).getCreateRevision();
        var head = t.getResponses(1).getResponseRange().getKvsList();
        if (head.isEmpty() || head.get(0).getCreateRevision() == created) {
          return CompletableFuture.completedFuture(
              LockResponse.newBuilder().setHeader(t.getHeader()).setKey(key).build());
        }
        return KeyQueue.waitDeletes(kv, prefix, created - 1, cancelled)
            .thenApply(h -> LockResponse.newBuilder().setHeader(h).setKey(key).build())
            .whenComplete((ok, err) -> {
              if (err != null || cancelled.isDone()) {
                kv.delete(key); // gave up waiting, or nobody to hand the lock to: out of the queue
              }
            });
      });
    });
  }

  /** Deletes the key {@link #lock} returned. */
  public CompletableFuture<UnlockResponse> unlock(UnlockRequest r) {
    return kv.delete(r.getKey()).thenApply(d -> UnlockResponse.newBuilder().setHeader(d.getHeader()).build());
  }
}
