package io.cairn.server.core.apply;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import io.cairn.api.Event;
import io.cairn.api.internal.InternalRaftRequest;
import io.cairn.api.internal.MemberAddEntry;
import io.cairn.api.internal.MemberAttributesRequest;
import io.cairn.api.internal.MemberRecord;
import io.cairn.api.internal.MemberUpdateEntry;
import io.cairn.api.internal.RaftEntry;
import io.cairn.server.auth.AuthInfo;
import io.cairn.server.auth.AuthStore;
import io.cairn.server.backend.Backend;
import io.cairn.server.backend.BatchTx;
import io.cairn.server.backend.Bucket;
import io.cairn.server.core.RaftEntries;
import io.cairn.server.errors.EtcdException;
import io.cairn.server.lease.Lessor;
import io.cairn.server.metrics.ServerMetrics;
import io.cairn.server.membership.Member;
import io.cairn.server.membership.MemberStore;
import io.cairn.server.mvcc.KvStore;
import io.cairn.server.mvcc.WriteTxn;
import io.cairn.server.watch.WatchHub;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies committed entries to the backend through the chain of {@link RequestApplier}s: every
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
  private final WatchHub watchHub;
  /** The request appliers: auth, corrupt member, full backend, quota, then the state. */
  private final RequestApplier chain;
  private final MemberStore members;
  private final KvOps kvOps;
  private final AppliedRequests appliedRequests;
  private final ServerMetrics metrics;
  /** Receives (request ID, response or EtcdException) for each applied request. */
  private final BiConsumer<Long, Object> results;
  /** -1 until the first entry is applied, as Ratis numbers its log from 0. */
  private volatile long appliedIndex = -1;
  private volatile long appliedTerm;

  public BackendApplier(Backend backend, KvStore store, Lessor lessor, WatchHub watchHub,
      Alarms alarms, BackendQuota quota, Runnable quotaExceeded, MemberStore members,
      AuthStore auth, ServerMetrics metrics, BiConsumer<Long, Object> results) {
    this.backend = backend;
    this.metrics = metrics;
    this.store = store;
    this.watchHub = watchHub;
    this.members = members;
    this.kvOps = new KvOps(lessor, metrics.mvcc());
    this.chain = new AuthApplier(auth, lessor, new CorruptApplier(alarms, new CappedApplier(alarms,
        new QuotaApplier(quota, quotaExceeded,
            new StoreApplier(store, lessor, alarms, kvOps, auth)))));
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
    appliedIndex = index(ci);
    appliedTerm = term(ci);
  }

  /** The index of the last entry applied to {@code state}, a copy of a backend; -1 when none. */
  public static long appliedIndex(Backend.ReadSnapshot state) {
    return index(state.get(Bucket.META, CONSISTENT_INDEX_KEY));
  }

  /** The term of the last entry applied to {@code state}, a copy of a backend; 0 when none. */
  public static long appliedTerm(Backend.ReadSnapshot state) {
    return term(state.get(Bucket.META, CONSISTENT_INDEX_KEY));
  }

  private static long index(byte[] consistentIndex) {
    return consistentIndex == null ? -1 : ByteBuffer.wrap(consistentIndex).getLong(0);
  }

  private static long term(byte[] consistentIndex) {
    return consistentIndex == null ? 0 : ByteBuffer.wrap(consistentIndex).getLong(8);
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
   * carry one twice) is skipped, and its client, already answered, hears nothing more. Returns how
   * many requests the entry carried.
   */
  public int apply(long term, long index, byte[] data) {
    long start = System.nanoTime();
    RaftEntry entry = RaftEntries.decode(data);
    List<InternalRaftRequest> requests = entry.getRequestsList();
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
              Long.toHexString(requests.get(i).getId()), index);
          continue;
        }
        WriteTxn txn = store.beginWrite(batch, revision, written);
        try {
          outcomes[i] = dispatch(requests.get(i), new ApplyTxn(txn, batch, index,
              who(requests.get(i))));
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
      long commitStart = System.nanoTime();
      batch.commit();
      metrics.backendCommitted(System.nanoTime() - commitStart);
      appliedIndex = index;
      appliedTerm = term;
      store.publish(revision);
    }
    for (Change c : changes) {
      watchHub.notify(c.revision(), c.events());
    }
    for (int i = 0; i < requests.size(); i++) {
      if (admitted[i]) {
        results.accept(requests.get(i).getId(), outcomes[i]);
      }
    }
    long took = System.nanoTime() - start;
    if (took > SLOW_APPLY_NANOS) {
      metrics.slowApply();
      LOG.warn("apply request took too long took={}ms expected-duration=100ms requests={} first={}",
          took / 1_000_000, requests.size(), requests.get(0).getRequestCase());
    }
    return requests.size();
  }

  private static AuthInfo who(InternalRaftRequest r) {
    return r.hasAuth() ? new AuthInfo(r.getAuth().getUsername(), r.getAuth().getAuthRevision())
        : AuthInfo.NONE;
  }

  private MessageLite dispatch(InternalRaftRequest r, ApplyTxn t) {
    BatchTx batch = t.batch();
    return switch (r.getRequestCase()) {
      case PUT -> chain.put(t, r.getPut());
      case DELETE_RANGE -> chain.deleteRange(t, r.getDeleteRange());
      case TXN -> chain.txn(t, r.getTxn());
      case COMPACTION -> chain.compaction(t, r.getCompaction());
      case LEASE_GRANT -> chain.leaseGrant(t, r.getLeaseGrant());
      case LEASE_REVOKE -> chain.leaseRevoke(t, r.getLeaseRevoke());
      case ALARM -> chain.alarm(t, r.getAlarm());
      case MEMBER_ATTRIBUTES -> {
        MemberAttributesRequest m = r.getMemberAttributes();
        members.setAttributes(m.getId(), m.getName(), m.getClientUrlsList(), batch);
        yield m;
      }
      case MEMBER_ADD -> {
        MemberAddEntry a = r.getMemberAdd();
        MemberRecord rec = a.getMember();
        members.add(a.getClusterId(), new Member(rec.getId(), rec.getName(),
            rec.getPeerUrlsList(), rec.getClientUrlsList(), rec.getIsLearner()), batch);
        yield a;
      }
      case MEMBER_REMOVE -> {
        members.remove(r.getMemberRemove().getId(), batch);
        yield r.getMemberRemove();
      }
      case MEMBER_UPDATE -> {
        MemberUpdateEntry m = r.getMemberUpdate();
        members.updatePeerUrls(m.getId(), m.getPeerUrlsList(), batch);
        yield m;
      }
      case MEMBER_PROMOTE -> {
        members.promote(r.getMemberPromote().getId(), batch);
        yield r.getMemberPromote();
      }
      case AUTH_ENABLE, AUTH_DISABLE, AUTHENTICATE, AUTH_USER_ADD, AUTH_USER_DELETE,
          AUTH_USER_CHANGE_PASSWORD, AUTH_USER_GRANT_ROLE, AUTH_USER_GET, AUTH_USER_REVOKE_ROLE,
          AUTH_USER_LIST, AUTH_ROLE_LIST, AUTH_ROLE_ADD, AUTH_ROLE_DELETE,
          AUTH_ROLE_GRANT_PERMISSION, AUTH_ROLE_GET, AUTH_ROLE_REVOKE_PERMISSION -> chain.auth(t, r);
      case REQUEST_NOT_SET -> throw new IllegalStateException("log entry without a request");
    };
  }
}
