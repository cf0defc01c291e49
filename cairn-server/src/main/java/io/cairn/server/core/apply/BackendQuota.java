package io.cairn.server.core.apply;

import com.google.protobuf.MessageLite;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.PutRequest;
import io.cairn.api.RequestOp;
import io.cairn.api.TxnRequest;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * etcd's backend quota ({@code --quota-backend-bytes}): a put, a transaction with puts or a lease
 * grant is refused once the database size plus an estimate of what the request stores reaches the
 * quota. The size is the one `endpoint status` reports: the database's files on disk. Measuring
 * lists the data dir, which would cost more than a write, so it is measured at most every
 * {@value #SIZE_REFRESH_MS} ms, and the writes applied since are added to it at their estimated
 * cost: a burst of writes cannot slip past the quota between two measurements.
 */
public final class BackendQuota {
  /** etcd's default quota when the flag is 0. */
  public static final long DEFAULT_BYTES = 2L * 1024 * 1024 * 1024;
  /** etcd's largest recommended quota; more is allowed, with a warning. */
  public static final long MAX_RECOMMENDED_BYTES = 8L * 1024 * 1024 * 1024;
  /** etcd's estimates of what a lease and a key's metadata take. */
  private static final int LEASE_OVERHEAD = 64;
  private static final int KV_OVERHEAD = 256;

  static final long SIZE_REFRESH_MS = 100;

  private final long limitBytes;
  private final LongSupplier sizeBytes;
  private volatile long measuredBytes;
  private volatile long measuredAtNanos;
  private volatile boolean measured;
  /** The estimated cost of the writes applied since the last measurement. */
  private final java.util.concurrent.atomic.AtomicLong appliedSince =
      new java.util.concurrent.atomic.AtomicLong();

  private BackendQuota(long limitBytes, LongSupplier sizeBytes) {
    this.limitBytes = limitBytes;
    this.sizeBytes = sizeBytes;
  }

  /** The quota for the flag's value: 0 is etcd's default, a negative value turns it off. */
  public static BackendQuota of(long flagBytes, LongSupplier sizeBytes) {
    return new BackendQuota(flagBytes == 0 ? DEFAULT_BYTES : flagBytes, sizeBytes);
  }

  public boolean enabled() {
    return limitBytes > 0;
  }

  /** The limit in bytes; negative when there is none. */
  public long limitBytes() {
    return limitBytes;
  }

  /** Whether the request still fits: requests that store nothing always do. */
  public boolean available(MessageLite request) {
    int cost = cost(request);
    return cost == 0 || !enabled() || size() + cost < limitBytes;
  }

  /** Counts an applied write until the next measurement sees it on disk. */
  void charge(MessageLite request) {
    appliedSince.addAndGet(cost(request));
  }

  private long size() {
    long now = System.nanoTime();
    if (!measured || now - measuredAtNanos > SIZE_REFRESH_MS * 1_000_000) {
      appliedSince.set(0);
      measuredBytes = sizeBytes.getAsLong();
      measuredAtNanos = now;
      measured = true;
    }
    return measuredBytes + appliedSince.get();
  }

  /** etcd's estimate of what a request adds to the database; 0 for one that adds nothing. */
  static int cost(MessageLite request) {
    if (request instanceof PutRequest p) {
      return costPut(p);
    }
    if (request instanceof TxnRequest t) {
      // only one branch runs: the larger one is what it may cost
      return Math.max(costOps(t.getSuccessList()), costOps(t.getFailureList()));
    }
    if (request instanceof LeaseGrantRequest) {
      return LEASE_OVERHEAD;
    }
    return 0;
  }

  private static int costPut(PutRequest p) {
    return KV_OVERHEAD + p.getKey().size() + p.getValue().size();
  }

  /** etcd counts the puts at a transaction's top level only, not those of nested transactions. */
  private static int costOps(List<RequestOp> ops) {
    int cost = 0;
    for (RequestOp op : ops) {
      if (op.hasRequestPut()) {
        cost += costPut(op.getRequestPut());
      }
    }
    return cost;
  }
}
