package io.cairn.server.concurrency;

import java.util.concurrent.CompletableFuture;

/** The lease a recipe's key is bound to: the client's, or one granted as etcd's sessions do. */
final class Sessions {
  /** etcd's concurrency.defaultSessionTTL, for a request without a lease. */
  static final long DEFAULT_TTL_SECONDS = 60;

  private Sessions() {}

  /**
   * The request's lease, or for none (0) a new lease of a minute that nobody keeps alive (etcd's
   * server makes a session and orphans it).
   */
  static CompletableFuture<Long> lease(RecipeKv kv, long requested) {
    return requested != 0 ? CompletableFuture.completedFuture(requested)
        : kv.grantLease(DEFAULT_TTL_SECONDS);
  }
}
