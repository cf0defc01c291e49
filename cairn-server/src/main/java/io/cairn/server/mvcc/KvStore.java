package io.cairn.server.mvcc;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.server.backend.Backend;
import io.cairn.server.backend.BatchTx;
import io.cairn.server.backend.Bucket;
import io.cairn.server.errors.EtcdError;
import io.cairn.api.Event;
import io.cairn.api.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * etcd's multi-version key-value store: every write request gets the next main revision, each change
 * inside it a sub-revision; every revision stays readable until compacted.
 *
 * <p>Threading: one writer (the apply thread) through {@link #beginWrite}, any number of concurrent
 * readers through {@link #range}. A read at revision R only touches history ≤ R, which is already in
 * the backend when R is published.
 */
public final class KvStore implements KvView {
  static final byte[] COMPACT_REV_KEY = "finishedCompactRev".getBytes(StandardCharsets.UTF_8);

  private final Backend backend;
  private volatile KeyIndexTree index = new KeyIndexTree();
  private final KeyLeaseListener leaseListener;
  private volatile long currentRevision = 1;
  /** -1 until the first compaction, as etcd's compactMainRev: revision 0 can be compacted once. */
  private volatile long compactRevision = -1;

  public KvStore(Backend backend, KeyLeaseListener leaseListener) {
    this.backend = backend;
    this.leaseListener = leaseListener;
    restore();
  }

  /**
   * Rebuilds the in-memory index and revisions from the backend, after its contents were replaced
   * by a snapshot. Apply thread only.
   */
  public void reload() {
    index = new KeyIndexTree();
    restore();
  }

  private void restore() {
    KeyIndexTree index = this.index;
    long[] last = {1};
    backend.forEach(Bucket.KEY, null, null, (k, v) -> {
      Revision rev = Revision.fromKey(k);
      IndexFields kv = IndexFields.parse(v);
      if (Revision.isTombstone(k)) {
        index.restoreTombstone(kv.key(), rev.main(), (int) rev.sub());
      } else {
        index.restorePut(kv.key(), rev.main(), (int) rev.sub(), kv.createRevision(),
            kv.version(), kv.lease());
      }
      last[0] = Math.max(last[0], rev.main());
      return true;
    });
    byte[] c = backend.get(Bucket.META, COMPACT_REV_KEY);
    compactRevision = c == null ? -1 : Revision.getLong(c, 0);
    currentRevision = Math.max(last[0], compactRevision);
  }

  public long currentRevision() {
    return currentRevision;
  }

  @Override
  public long compactRevision() {
    return compactRevision;
  }

  /**
   * Reads [key, end) as of {@code rev} (≤ 0 means current). An empty end reads the single key; end
   * "\0" reads every key ≥ key. Fails with COMPACTED below the compaction point and FUTURE_REV above
   * the current revision.
   */
  @Override
  public RangeResult range(ByteString key, ByteString end, long rev, long limit, boolean countOnly) {
    long cur = currentRevision;
    long at = checkReadable(rev, cur);
    KeyIndexTree.Scan scan = index.range(key, end, at, limit, countOnly);
    List<KeyValue> kvs = fetch(scan.hits(), at);
    return new RangeResult(kvs, scan.count(), cur);
  }

  /** The keys that exist now (etcd_debugging_mvcc_keys_total). */
  public long keyCount() {
    return index.range(ByteString.copyFrom(new byte[] {0}), ByteString.copyFrom(new byte[] {0}),
        currentRevision, 0, true).count();
  }

  private long checkReadable(long rev, long cur) {
    if (rev > cur) {
      throw EtcdError.FUTURE_REV.exception();
    }
    long at = rev <= 0 ? cur : rev;
    if (at < compactRevision) {
      throw EtcdError.COMPACTED.exception();
    }
    return at;
  }

  private List<KeyValue> fetch(List<KeyIndexTree.Hit> hits, long at) {
    List<KeyValue> kvs = new ArrayList<>(hits.size());
    for (KeyIndexTree.Hit h : hits) {
      byte[] v = backend.get(Bucket.KEY, Revision.toKey(h.revision().main(), h.revision().sub(), false));
      if (v == null) {
        // only a compaction running past this read can remove a revision it found
        throw EtcdError.COMPACTED.exception();
      }
      kvs.add(parse(v));
    }
    return kvs;
  }

  /** The value the key had just before the change at (main, sub), or null; for watch prev_kv. */
  public KeyValue previous(ByteString key, long main, long sub) {
    Revision r = index.before(key, main, sub);
    if (r == null) {
      return null;
    }
    byte[] v = backend.get(Bucket.KEY, Revision.toKey(r.main(), r.sub(), false));
    return v == null ? null : parse(v);
  }

  /**
   * Events from revision {@code fromRev} up to {@code toRev} inclusive, in revision order, at most
   * {@code maxEvents} (whole revisions only, unless a single revision alone exceeds it).
   * Fails with COMPACTED if fromRev is below the compaction point.
   */
  public List<HistoryEvent> history(long fromRev, long toRev, int maxEvents) {
    if (fromRev < compactRevision) {
      throw EtcdError.COMPACTED.exception();
    }
    List<HistoryEvent> out = new ArrayList<>();
    long[] lastMain = {-1};
    backend.forEach(Bucket.KEY, Revision.startKey(fromRev), Revision.startKey(toRev + 1), (k, v) -> {
      Revision rev = Revision.fromKey(k);
      if (out.size() >= maxEvents && rev.main() != lastMain[0]) {
        return false;
      }
      lastMain[0] = rev.main();
      KeyValue kv = parse(v);
      Event.EventType type = Event.EventType.PUT;
      if (Revision.isTombstone(k)) {
        type = Event.EventType.DELETE;
        kv = kv.toBuilder().setModRevision(rev.main()).build();
      }
      out.add(new HistoryEvent(rev, Event.newBuilder().setType(type).setKv(kv).build()));
      return true;
    });
    return out;
  }

  /** An event and the exact revision of its change. */
  public record HistoryEvent(Revision revision, Event event) {}

  /** Starts the next write. Only the apply thread writes, one transaction at a time. */
  public WriteTxn beginWrite(BatchTx batch) {
    return beginWrite(batch, currentRevision, new java.util.HashMap<>());
  }

  /**
   * Starts a write that follows others not yet committed in the same {@code batch} (several
   * requests in one log entry): it begins after {@code beginRevision} and reads their values from
   * {@code written}, which all of them share.
   */
  public WriteTxn beginWrite(BatchTx batch, long beginRevision,
      java.util.Map<ByteString, byte[]> written) {
    return new WriteTxn(this, batch, beginRevision, written);
  }

  /** Makes committed writes up to {@code rev} visible. Called once their batch is in the backend. */
  public void publish(long rev) {
    if (rev > currentRevision) {
      currentRevision = rev;
    }
  }

  KeyIndexTree index() {
    return index;
  }

  KeyLeaseListener leaseListener() {
    return leaseListener;
  }

  Backend backend() {
    return backend;
  }

  /**
   * Compacts history up to {@code rev} into {@code batch}: afterwards reads below rev fail with
   * COMPACTED, and each key keeps only its newest revision ≤ rev (none if that is a deletion).
   */
  public void compact(long rev, BatchTx batch) {
    compact(rev, currentRevision, batch);
  }

  /** As {@link #compact(long, BatchTx)}, in a batch whose writes have reached {@code current}. */
  public void compact(long rev, long current, BatchTx batch) {
    if (rev <= compactRevision) {
      throw EtcdError.COMPACTED.exception();
    }
    if (rev > current) {
      throw EtcdError.FUTURE_REV.exception();
    }
    compactRevision = rev; // first, so readers below rev fail instead of seeing partial history
    index.compact(rev, k -> batch.delete(Bucket.KEY, k));
    byte[] v = new byte[8];
    Revision.putLong(v, 0, rev);
    batch.put(Bucket.META, COMPACT_REV_KEY, v);
  }

  /** CRC-32C over the key bucket up to {@code rev} (≤ 0: current), as etcd's HashKV. */
  public long hashKv(long rev) {
    long at = rev <= 0 ? currentRevision : rev;
    if (at > currentRevision) {
      throw EtcdError.FUTURE_REV.exception();
    }
    if (at < compactRevision) {
      throw EtcdError.COMPACTED.exception();
    }
    CRC32C crc = new CRC32C();
    crc.update(Bucket.KEY.idBytes());
    backend.forEach(Bucket.KEY, null, Revision.startKey(at + 1), (k, v) -> {
      crc.update(k);
      crc.update(v);
      return true;
    });
    return crc.getValue();
  }

  /** A hash of the key history up to a revision, and the revisions it was taken at. */
  public record Hash(int hash, long currentRevision, long compactRevision) {}

  /**
   * etcd's HashKV (its {@code HashByRev}): {@link #hashKv} at {@code rev} (0: the current
   * revision), with the current revision and the compaction it covers. A compaction applied while
   * hashing changes what the hash covers, so the hash is taken again.
   */
  public Hash hashWithRevisions(long rev) {
    for (int attempt = 0; attempt < 3; attempt++) {
      long compacted = compactRevision;
      long current = currentRevision;
      long hash = hashKv(rev == 0 ? current : rev);
      if (compacted == compactRevision) {
        return new Hash((int) hash, current, compacted);
      }
    }
    throw new IllegalStateException("the store kept compacting while it was hashed");
  }

  /** Every live key that has a lease, with its lease ID. */
  public void forEachLeasedKey(java.util.function.BiConsumer<ByteString, Long> visitor) {
    index.forEachLeased(visitor);
  }

  static KeyValue parse(byte[] v) {
    try {
      return KeyValue.parseFrom(v);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt key-value in backend", e);
    }
  }
}
