package io.cairn.server.lease;

import com.google.protobuf.ByteString;
import io.cairn.server.backend.Backend;
import io.cairn.server.backend.BatchTx;
import io.cairn.server.backend.Bucket;
import io.cairn.server.errors.EtcdError;
import io.cairn.server.mvcc.KeyLeaseListener;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Leases: their TTLs, the keys attached to them, and (on the leader only) their expiry times.
 *
 * <p>Grant and revoke are applied through Raft on every member; renewals and expiry decisions happen
 * on the leader, which proposes a revoke for each expired lease. Followers keep every lease "forever"
 * until they become leader, when all remaining TTLs restart in full (etcd's promote), so a leader
 * change never expires leases wholesale.
 *
 * <p>Grant, renew, promote and demote hold the lessor's lock, so a lease granted while leadership
 * changes gets the right expiry (etcd holds one lock the same way).
 */
public final class Lessor implements KeyLeaseListener {
  /** etcd's MaxLeaseTTL: 9,000,000,000 seconds. */
  public static final long MAX_TTL = 9_000_000_000L;
  private static final long FOREVER = Long.MAX_VALUE;

  private final Backend backend;
  private final long minTtlSeconds;
  private final LongSupplier nanoClock;
  private final Map<Long, Lease> leases = new ConcurrentHashMap<>();
  private volatile boolean primary;

  /** A lease's state. Expiry is a nanoTime on this member's clock. */
  static final class Lease {
    final long id;
    final long ttl;
    volatile long expiryNanos = FOREVER;
    final Set<ByteString> keys = ConcurrentHashMap.newKeySet();

    Lease(long id, long ttl) {
      this.id = id;
      this.ttl = ttl;
    }
  }

  /** What TimeToLive reports. {@code remainingSeconds} is -1 once expired. */
  public record LeaseInfo(long id, long ttl, long remainingSeconds, List<ByteString> keys) {}

  public Lessor(Backend backend, long minTtlSeconds, LongSupplier nanoClock) {
    this.backend = backend;
    this.minTtlSeconds = minTtlSeconds;
    this.nanoClock = nanoClock;
    load();
  }

  private void load() {
    backend.forEach(Bucket.LEASE, null, null, (k, v) -> {
      long id = ByteBuffer.wrap(k).getLong();
      long ttl = ByteBuffer.wrap(v).getLong();
      Lease l = new Lease(id, ttl);
      if (primary) {
        l.expiryNanos = nanoClock.getAsLong() + ttl * 1_000_000_000L;
      }
      leases.put(id, l);
      return true;
    });
  }

  /**
   * Replaces all leases with those in the backend, after a snapshot was installed. Keys must be
   * attached again by the caller.
   */
  public synchronized void reload() {
    leases.clear();
    load();
  }

  @Override
  public void leaseChanged(ByteString key, long oldLease, long newLease) {
    if (oldLease != 0) {
      Lease l = leases.get(oldLease);
      if (l != null) {
        l.keys.remove(key);
      }
    }
    if (newLease != 0) {
      Lease l = leases.get(newLease);
      if (l != null) {
        l.keys.add(key);
      }
    }
  }

  public boolean exists(long id) {
    return leases.containsKey(id);
  }

  /** Applies a grant; returns the effective TTL (raised to the minimum TTL). */
  public synchronized long grant(long id, long ttl, BatchTx batch) {
    if (ttl > MAX_TTL) {
      throw EtcdError.LEASE_TTL_TOO_LARGE.exception();
    }
    if (leases.containsKey(id)) {
      throw EtcdError.LEASE_EXIST.exception();
    }
    long effective = Math.max(ttl, minTtlSeconds);
    Lease l = new Lease(id, effective);
    if (primary) {
      l.expiryNanos = nanoClock.getAsLong() + effective * 1_000_000_000L;
    }
    leases.put(id, l);
    batch.put(Bucket.LEASE, idKey(id), ByteBuffer.allocate(8).putLong(effective).array());
    return effective;
  }

  /** Applies a revoke: forgets the lease and returns the keys the caller must delete. */
  public List<ByteString> revoke(long id, BatchTx batch) {
    Lease l = leases.remove(id);
    if (l == null) {
      throw EtcdError.LEASE_NOT_FOUND.exception();
    }
    batch.delete(Bucket.LEASE, idKey(id));
    List<ByteString> keys = new ArrayList<>(l.keys);
    keys.sort(ByteString.unsignedLexicographicalComparator());
    return keys;
  }

  /**
   * Leader only: restarts the lease's TTL; returns it, or throws LEASE_NOT_FOUND. A follower's
   * lessor throws {@link NotPrimaryException}: only the leader's clock counts, so a renewal
   * anywhere else would be a promise nobody keeps.
   */
  public synchronized long renew(long id) {
    if (!primary) {
      throw new NotPrimaryException();
    }
    Lease l = leases.get(id);
    if (l == null || l.expiryNanos <= nanoClock.getAsLong()) {
      throw EtcdError.LEASE_NOT_FOUND.exception();
    }
    l.expiryNanos = nanoClock.getAsLong() + l.ttl * 1_000_000_000L;
    return l.ttl;
  }

  /** The keys attached to a lease; none for a lease that does not exist. */
  public List<ByteString> keys(long id) {
    Lease l = leases.get(id);
    return l == null ? List.of() : List.copyOf(l.keys);
  }

  public LeaseInfo timeToLive(long id) {
    Lease l = leases.get(id);
    if (l == null) {
      throw EtcdError.LEASE_NOT_FOUND.exception();
    }
    long remaining;
    if (l.expiryNanos == FOREVER) {
      remaining = l.ttl;
    } else {
      long nanos = l.expiryNanos - nanoClock.getAsLong();
      remaining = nanos <= 0 ? -1 : nanos / 1_000_000_000L;
    }
    List<ByteString> keys = new ArrayList<>(l.keys);
    keys.sort(ByteString.unsignedLexicographicalComparator());
    return new LeaseInfo(l.id, l.ttl, remaining, keys);
  }

  public List<Long> ids() {
    List<Long> ids = new ArrayList<>(leases.keySet());
    Collections.sort(ids);
    return ids;
  }

  /** Becoming leader: every lease gets its full TTL from now, plus {@code extendNanos}. */
  public synchronized void promote(long extendNanos) {
    long now = nanoClock.getAsLong();
    for (Lease l : leases.values()) {
      l.expiryNanos = now + extendNanos + l.ttl * 1_000_000_000L;
    }
    primary = true;
  }

  /** Losing leadership: only the leader decides expiry. */
  public synchronized void demote() {
    primary = false;
    for (Lease l : leases.values()) {
      l.expiryNanos = FOREVER;
    }
  }

  public boolean isPrimary() {
    return primary;
  }

  /** Leader only: the leases whose time is up, to revoke through Raft. */
  public List<Long> expired() {
    if (!primary) {
      return List.of();
    }
    long now = nanoClock.getAsLong();
    List<Long> out = new ArrayList<>();
    for (Lease l : leases.values()) {
      if (l.expiryNanos <= now) {
        out.add(l.id);
      }
    }
    return out;
  }

  private static byte[] idKey(long id) {
    return ByteBuffer.allocate(8).putLong(id).array();
  }
}
