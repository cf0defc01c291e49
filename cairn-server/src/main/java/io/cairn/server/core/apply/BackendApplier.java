package io.cairn.server.core.apply;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import io.cairn.server.backend.Backend;
import io.cairn.server.backend.BatchTx;
import io.cairn.server.backend.Bucket;
import io.cairn.server.core.InternalRequest;
import io.cairn.server.core.LogEntry;
import io.cairn.api.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.cairn.server.errors.EtcdError;
import io.cairn.server.errors.EtcdException;
import io.cairn.server.lease.Lessor;
import io.cairn.server.membership.MemberStore;
import io.cairn.server.mvcc.KvStore;
import io.cairn.api.internal.MemberAddEntry;
import io.cairn.api.internal.MemberAttributesRequest;
import io.cairn.api.internal.MemberPromoteEntry;
import io.cairn.api.internal.MemberRecord;
import io.cairn.api.internal.MemberRemoveEntry;
import io.cairn.api.internal.MemberUpdateEntry;
import io.cairn.server.membership.Member;
import io.cairn.server.mvcc.WriteTxn;
import io.cairn.server.watch.WatchHub;
import io.cairn.api.AlarmRequest;
import io.cairn.api.CompactionRequest;
import io.cairn.api.CompactionResponse;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseGrantResponse;
import io.cairn.api.LeaseRevokeRequest;
import io.cairn.api.LeaseRevokeResponse;
import io.cairn.api.PutRequest;
import io.cairn.api.ResponseHeader;
import io.cairn.api.TxnRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies committed entries to the backend (etcd's applierV3backend with its quota decorator): every
 * entry's effects and the applied index go into one batch, committed before readers or watchers see
 * anything. Runs on the single apply thread.
 */
public final class BackendApplier {
  private static final Logger LOG = LoggerFactory.getLogger(BackendApplier.class);
  private static final byte[] CONSISTENT_INDEX_KEY = "consistent_index".getBytes(StandardCharsets.UTF_8);
  /** Set while the state holds data no entry of the current Raft log produced. */
  private static final byte[] STATE_BEFORE_LOG_KEY = "state_before_log".getBytes(StandardCharsets.UTF_8);
  private static final long SLOW_APPLY_NANOS = 100_000_000L;

  private final Backend backend;
  private final KvStore store;
  private final Lessor lessor;
  private final WatchHub watchHub;
  private final BackendQuota quota;
  private final Runnable quotaExceeded;
  private final Alarms alarms;
  private final MemberStore members;
  private final KvOps kvOps;
  private final AppliedRequests appliedRequests;
  /** Receives (request ID, response or EtcdException) for each applied request. */
  private final BiConsumer<Long, Object> results;
  /** -1 until the first entry is applied, as Ratis numbers its log from 0. */
  private volatile long appliedIndex = -1;
  private volatile long appliedTerm;

  public BackendApplier(Backend backend, KvStore store, Lessor lessor, WatchHub watchHub,
      Alarms alarms, BackendQuota quota, Runnable quotaExceeded, MemberStore members,
      BiConsumer<Long, Object> results) {
    this.quota = quota;
    this.quotaExceeded = quotaExceeded;
    this.backend = backend;
    this.store = store;
    this.lessor = lessor;
    this.watchHub = watchHub;
    this.alarms = alarms;
    this.members = members;
    this.kvOps = new KvOps(lessor);
    this.results = results;
    this.appliedRequests = new AppliedRequests(backend);
    reload();
  }

  /**
   * Forgets the applied Raft position and the proposers seen, for a backend that starts a new Raft
   * log (snapshot restore, --force-new-cluster). Its data then predates the log, which a member
   * catching up from the log would miss: {@link #stateBeforeLog} says so until a snapshot holds it.
   */
  public static void forgetRaftPosition(BatchTx batch) {
    batch.delete(Bucket.META, CONSISTENT_INDEX_KEY);
    AppliedRequests.forgetAll(batch);
    batch.put(Bucket.META, STATE_BEFORE_LOG_KEY, new byte[] {1});
  }

  /** True while the state holds data that no entry of the current Raft log produced. */
  public boolean stateBeforeLog() {
    return backend.get(Bucket.META, STATE_BEFORE_LOG_KEY) != null;
  }

  /** A Raft snapshot of the state is durable: members catching up get the state from it. */
  public void snapshotTaken() {
    if (stateBeforeLog()) {
      try (BatchTx batch = backend.newBatch()) {
        batch.delete(Bucket.META, STATE_BEFORE_LOG_KEY);
        batch.commit();
      }
    }
  }

  /** Re-reads the applied term and index, and the requests applied, from the backend. */
  public void reload() {
    appliedRequests.reload();
    byte[] ci = backend.get(Bucket.META, CONSISTENT_INDEX_KEY);
    if (ci != null) {
      ByteBuffer b = ByteBuffer.wrap(ci);
      appliedIndex = b.getLong();
      appliedTerm = b.getLong();
    } else {
      appliedIndex = -1;
      appliedTerm = 0;
    }
  }

  public long appliedIndex() {
    return appliedIndex;
  }

  public long appliedTerm() {
    return appliedTerm;
  }

  public KvOps kvOps() {
    return kvOps;
  }

  /** The events one request produced at its revision. */
  private record Change(long revision, List<Event> events) {}

  /**
   * Applies one log entry: its requests in order, each at its own revision, all in one backend
   * batch with the applied index. Readers and watchers see the writes only once the batch is
   * committed; then each waiting client gets its result. A request applied before (the log may
   * carry one twice) is skipped, and its client, already answered, hears nothing more.
   */
  public void apply(long term, long index, byte[] data) {
    long start = System.nanoTime();
    LogEntry entry = LogEntry.decode(data);
    List<InternalRequest> requests = entry.requests();
    Object[] outcomes = new Object[requests.size()];
    List<Change> changes = new ArrayList<>();
    boolean[] admitted;
    try (BatchTx batch = backend.newBatch()) {
      admitted = appliedRequests.admit(entry, index, batch);
      long revision = store.currentRevision();
      Map<ByteString, byte[]> written = new HashMap<>();
      for (int i = 0; i < requests.size(); i++) {
        if (!admitted[i]) {
          LOG.warn("skipped request {} at index {}: already applied or answered",
              Long.toHexString(requests.get(i).id()), index);
          continue;
        }
        WriteTxn txn = store.beginWrite(batch, revision, written);
        try {
          outcomes[i] = dispatch(requests.get(i).request(), txn, batch);
        } catch (EtcdException e) {
          outcomes[i] = e;
        }
        if (!txn.events().isEmpty()) {
          revision = txn.currentRevision();
          changes.add(new Change(revision, txn.events()));
        }
      }
      batch.put(Bucket.META, CONSISTENT_INDEX_KEY,
          ByteBuffer.allocate(16).putLong(index).putLong(term).array());
      batch.commit();
      appliedIndex = index;
      appliedTerm = term;
      store.publish(revision);
    }
    for (Change c : changes) {
      watchHub.notify(c.revision(), c.events());
    }
    for (int i = 0; i < requests.size(); i++) {
      if (admitted[i]) {
        results.accept(requests.get(i).id(), outcomes[i]);
      }
    }
    long took = System.nanoTime() - start;
    if (took > SLOW_APPLY_NANOS) {
      LOG.warn("apply entry took too long took={}ms requests={} first={}", took / 1_000_000,
          requests.size(), requests.get(0).request().getClass().getSimpleName());
    }
  }

  /**
   * etcd's quota applier: a request that no longer fitted this member's quota is still applied (the
   * members' states must not differ), but its client hears NOSPACE and the member raises its alarm.
   */
  private MessageLite withinQuota(MessageLite request, boolean fitted, MessageLite response) {
    quota.charge(request);
    if (fitted) {
      return response;
    }
    quotaExceeded.run();
    throw EtcdError.NO_SPACE.exception();
  }

  private MessageLite dispatch(MessageLite r, WriteTxn txn, BatchTx batch) {
    if (r instanceof PutRequest p) {
      alarms.checkNotCorrupt();
      alarms.checkWritable();
      boolean fits = quota.available(p);
      return withinQuota(p, fits, kvOps.put(txn, p));
    }
    if (r instanceof DeleteRangeRequest d) {
      alarms.checkNotCorrupt();
      return kvOps.deleteRange(txn, d);
    }
    if (r instanceof TxnRequest t) {
      alarms.checkNotCorrupt();
      // etcd's capped applier: only a txn with puts at its top level is refused under NOSPACE,
      // so deletes (a resign, freeing space) still go through
      if (BackendQuota.cost(t) > 0) {
        alarms.checkWritable();
      }
      boolean fits = quota.available(t);
      return withinQuota(t, fits, kvOps.writeTxn(txn, t));
    }
    if (r instanceof CompactionRequest c) {
      alarms.checkNotCorrupt();
      store.compact(c.getRevision(), txn.currentRevision(), batch);
      return CompactionResponse.newBuilder()
          .setHeader(ResponseHeader.newBuilder().setRevision(txn.currentRevision())).build();
    }
    if (r instanceof LeaseGrantRequest g) {
      alarms.checkWritable();
      boolean fits = quota.available(g);
      long ttl = lessor.grant(g.getID(), g.getTTL(), batch);
      return withinQuota(g, fits, LeaseGrantResponse.newBuilder()
          .setHeader(ResponseHeader.newBuilder().setRevision(txn.currentRevision()))
          .setID(g.getID()).setTTL(ttl).build());
    }
    if (r instanceof LeaseRevokeRequest v) {
      for (ByteString key : lessor.revoke(v.getID(), batch)) {
        txn.deleteRange(key, ByteString.EMPTY, false);
      }
      return LeaseRevokeResponse.newBuilder()
          .setHeader(ResponseHeader.newBuilder().setRevision(txn.currentRevision())).build();
    }
    if (r instanceof AlarmRequest a) {
      return alarms.apply(a, batch).toBuilder()
          .setHeader(ResponseHeader.newBuilder().setRevision(txn.currentRevision())).build();
    }
    if (r instanceof MemberAttributesRequest m) {
      members.setAttributes(m.getId(), m.getName(), m.getClientUrlsList(), batch);
      return m;
    }
    if (r instanceof MemberAddEntry a) {
      MemberRecord rec = a.getMember();
      members.add(a.getClusterId(), new Member(rec.getId(), rec.getName(), rec.getPeerUrlsList(),
          rec.getClientUrlsList(), rec.getIsLearner()), batch);
      return a;
    }
    if (r instanceof MemberRemoveEntry m) {
      members.remove(m.getId(), batch);
      return m;
    }
    if (r instanceof MemberUpdateEntry m) {
      members.updatePeerUrls(m.getId(), m.getPeerUrlsList(), batch);
      return m;
    }
    if (r instanceof MemberPromoteEntry m) {
      members.promote(m.getId(), batch);
      return m;
    }
    throw new IllegalStateException("unknown request " + r.getClass());
  }

}
