package io.cairn.server.mvcc;

import com.google.protobuf.ByteString;
import io.cairn.server.backend.BatchTx;
import io.cairn.server.backend.Bucket;
import io.cairn.server.errors.EtcdError;
import io.cairn.api.Event;
import io.cairn.api.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One write request's changes: all share main revision {@code beginRevision + 1}, each takes the next
 * sub-revision. Reads inside the transaction see its own earlier changes, as in etcd. Nothing is
 * visible to other readers until the caller commits the batch and calls {@link #end()}.
 */
public final class WriteTxn implements KvView {
  private final KvStore store;
  private final BatchTx batch;
  private final long beginRevision;
  private final List<Event> events = new ArrayList<>();
  /** Values written in the uncommitted batch, by backend key, for reads of its own writes. */
  private final Map<ByteString, byte[]> written;

  WriteTxn(KvStore store, BatchTx batch, long beginRevision, Map<ByteString, byte[]> written) {
    this.store = store;
    this.batch = batch;
    this.beginRevision = beginRevision;
    this.written = written;
  }

  private long revision() {
    return beginRevision + 1;
  }

  /** The revision a read inside this transaction sees, and that the response header reports. */
  public long currentRevision() {
    return events.isEmpty() ? beginRevision : revision();
  }

  @Override
  public long compactRevision() {
    return store.compactRevision();
  }

  /** Reads [key, end) at this transaction's current revision, seeing its own writes. */
  @Override
  public RangeResult range(ByteString key, ByteString end, long rev, long limit, boolean countOnly) {
    long cur = currentRevision();
    if (rev > cur) {
      throw EtcdError.FUTURE_REV.exception();
    }
    long at = rev <= 0 ? cur : rev;
    if (at < store.compactRevision()) {
      throw EtcdError.COMPACTED.exception();
    }
    KeyIndexTree.Scan scan = store.index().range(key, end, at, limit, countOnly);
    List<KeyValue> kvs = new ArrayList<>(scan.hits().size());
    for (KeyIndexTree.Hit h : scan.hits()) {
      kvs.add(load(h.revision()));
    }
    return new RangeResult(kvs, scan.count(), cur);
  }

  private KeyValue load(Revision r) {
    byte[] k = Revision.toKey(r.main(), r.sub(), false);
    byte[] v = written.get(ByteString.copyFrom(k));
    if (v == null) {
      v = store.backend().get(Bucket.KEY, k);
    }
    if (v == null) {
      throw new IllegalStateException("missing revision " + r + " in backend");
    }
    return KvStore.parse(v);
  }

  /** True if the key exists now (including this transaction's changes). */
  public boolean exists(ByteString key) {
    return store.index().liveForWrite(key) != null;
  }

  /** Puts a value; returns the previous key-value when {@code wantPrev}, else null. */
  public KeyValue put(ByteString key, ByteString value, long lease, boolean wantPrev) {
    long rev = revision();
    KeyIndex live = store.index().liveForWrite(key);
    KeyValue prev = null;
    long create = rev;
    long version = 1;
    long oldLease = 0;
    if (live != null) {
      create = live.createRevision();
      version = live.version() + 1;
      oldLease = live.lease();
      if (wantPrev) {
        prev = load(live.at(Long.MAX_VALUE));
      }
    }
    int sub = events.size();
    KeyValue kv = KeyValue.newBuilder()
        .setKey(key)
        .setValue(value)
        .setCreateRevision(create)
        .setModRevision(rev)
        .setVersion(version)
        .setLease(lease)
        .build();
    byte[] bk = Revision.toKey(rev, sub, false);
    byte[] bv = kv.toByteArray();
    batch.put(Bucket.KEY, bk, bv);
    written.put(ByteString.copyFrom(bk), bv);
    store.index().put(key, rev, sub, lease);
    events.add(Event.newBuilder().setType(Event.EventType.PUT).setKv(kv).build());
    if (oldLease != lease) {
      store.leaseListener().leaseChanged(key, oldLease, lease);
    }
    return prev;
  }

  /**
   * Deletes every live key in [key, end) (same range rules as {@link KvStore#range}); returns the
   * deleted key-values, with values only when {@code wantPrev}.
   */
  public List<KeyValue> deleteRange(ByteString key, ByteString end, boolean wantPrev) {
    RangeResult r = range(key, end, 0, 0, false);
    long rev = revision();
    for (KeyValue kv : r.kvs()) {
      int sub = events.size();
      KeyValue tomb = KeyValue.newBuilder().setKey(kv.getKey()).build();
      batch.put(Bucket.KEY, Revision.toKey(rev, sub, true), tomb.toByteArray());
      store.index().tombstone(kv.getKey(), rev, sub);
      events.add(Event.newBuilder().setType(Event.EventType.DELETE)
          .setKv(tomb.toBuilder().setModRevision(rev)).build());
      if (kv.getLease() != 0) {
        store.leaseListener().leaseChanged(kv.getKey(), kv.getLease(), 0);
      }
    }
    return r.kvs();
  }

  /** The changes made so far, as watch events, in sub-revision order. */
  public List<Event> events() {
    return events;
  }

  /**
   * Publishes the transaction to readers. The caller must have committed the batch. Returns the new
   * revision, or the unchanged one if nothing was written.
   */
  public long end() {
    if (!events.isEmpty()) {
      store.publish(revision());
    }
    return currentRevision();
  }
}
