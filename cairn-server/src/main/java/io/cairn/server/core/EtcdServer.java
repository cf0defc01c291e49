package io.cairn.server.core;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import com.google.protobuf.MessageLite;
import io.cairn.server.backend.Backend;
import io.cairn.server.backend.BackendException;
import io.cairn.server.backend.RocksBackend;
import io.cairn.server.backup.BackupWriter;
import io.cairn.server.backup.ScheduledBackups;
import io.cairn.server.compactor.AutoCompactor;
import io.cairn.server.compactor.CompactionTarget;
import io.cairn.server.concurrent.DaemonThreads;
import io.cairn.server.config.ServerConfig;
import io.cairn.server.core.apply.Alarms;
import io.cairn.server.core.apply.BackendApplier;
import io.cairn.server.core.apply.BackendQuota;
import io.cairn.server.core.apply.KvOps;
import io.cairn.server.core.apply.PinnedView;
import io.cairn.server.errors.EtcdError;
import io.cairn.server.errors.EtcdException;
import io.cairn.server.lease.Lessor;
import io.cairn.server.membership.InitialCluster;
import io.cairn.server.membership.Member;
import io.cairn.server.membership.MemberStore;
import io.cairn.server.metrics.ServerMetrics;
import io.cairn.api.AuthDisableRequest;
import io.cairn.api.AuthDisableResponse;
import io.cairn.api.AuthEnableRequest;
import io.cairn.api.AuthEnableResponse;
import io.cairn.api.AuthUserAddRequest;
import io.cairn.api.AuthUserAddResponse;
import io.cairn.api.AuthUserChangePasswordRequest;
import io.cairn.api.AuthUserChangePasswordResponse;
import io.cairn.api.AuthenticateRequest;
import io.cairn.api.AuthenticateResponse;
import io.cairn.api.internal.AuthHeader;
import io.cairn.api.internal.AuthUserAddEntry;
import io.cairn.api.internal.AuthUserChangePasswordEntry;
import io.cairn.api.internal.AuthenticateEntry;
import io.cairn.api.internal.InternalRaftRequest;
import io.cairn.server.auth.AuthInfo;
import io.cairn.server.auth.AuthStore;
import io.cairn.server.auth.Credentials;
import io.cairn.server.auth.Tokens;
import io.cairn.api.internal.MemberAttributesRequest;
import io.cairn.server.mvcc.KvStore;
import io.cairn.server.raft.EntryApplier;
import io.cairn.server.raft.NotLeaderException;
import io.cairn.server.raft.OutcomeUnknownException;
import io.cairn.server.raft.RaftNode;
import io.cairn.server.raft.RaftStatus;
import io.cairn.server.raft.RaftTimings;
import io.cairn.server.watch.WatchHub;
import io.cairn.api.AlarmMember;
import io.cairn.api.AlarmRequest;
import io.cairn.api.AlarmResponse;
import io.cairn.api.AlarmType;
import io.cairn.api.CompactionRequest;
import io.cairn.api.CompactionResponse;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.DeleteRangeResponse;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseGrantResponse;
import io.cairn.api.LeaseLeasesResponse;
import io.cairn.api.LeaseTimeToLiveRequest;
import io.cairn.api.LeaseTimeToLiveResponse;
import io.cairn.api.LeaseRevokeRequest;
import io.cairn.api.LeaseRevokeResponse;
import io.cairn.api.PutRequest;
import io.cairn.api.PutResponse;
import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.api.ResponseHeader;
import io.cairn.api.TxnRequest;
import io.cairn.api.TxnResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server core (etcd's EtcdServer): turns client requests into Raft proposals and waits for their
 * results, serves reads locally after a read barrier, and drives lease expiry on the leader.
 */
public final class EtcdServer implements EntryApplier, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdServer.class);
  /** The etcd API version we implement; reported in Status and /version. */
  public static final String API_VERSION = "3.5.0";
  private static final long RETRY_DELAY_MS = 50;

  private final ServerConfig config;
  private final Backend backend;
  private final KvStore store;
  private final Lessor lessor;
  private final WatchHub watchHub;
  private final Alarms alarms;
  private final BackendApplier applier;
  private final WaitRegistry waits;
  private final MemberStore members;
  private final RaftNode raft;
  private final ScheduledExecutorService timers;
  private final Map<Long, Long> revokeProposedAt = new ConcurrentHashMap<>();
  /** etcd's words for a member that the cluster no longer lists. */
  public static final String MEMBER_REMOVED =
      "the member has been permanently removed from the cluster";

  private final CompletableFuture<Void> leaderKnown = new CompletableFuture<>();
  private final CompletableFuture<Void> published = new CompletableFuture<>();
  private final CompletableFuture<Void> removed = new CompletableFuture<>();
  private final CompletableFuture<String> engineStopped = new CompletableFuture<>();
  private volatile boolean closing;
  /** Members still to remove after --force-new-cluster; the engine is not reconciled till then. */
  private volatile List<Long> forcedOut = List.of();
  private final MembershipChanges membership;
  private final Proposer proposer;
  private final LeaderLeases leaderLeases;
  private final CorruptionCheck corruptionCheck;
  private final BackendQuota quota;
  private final AuthStore auth;
  /** Started with the server when --auto-compaction-retention is set. */
  private volatile AutoCompactor autoCompactor;
  private final ScheduledBackups backups;
  /** Reads of a key range: see {@link #read}. */
  private final java.util.concurrent.ExecutorService scans = DaemonThreads.cached("kv-scan");
  /** The periodic corruption check hashes the whole store: a thread of its own, not the timers'. */
  private final ScheduledExecutorService corruptionTimer = DaemonThreads.scheduler(
      "corruption-check");
  /** Leader changes this member has seen (etcd_server_leader_changes_seen_total). */
  private final AtomicLong leaderChanges = new AtomicLong();
  private final ServerMetrics metrics = new ServerMetrics(new ServerMetrics.Sources(
      this::hasLeader, () -> raftStatus().isLeader(), leaderChanges::get,
      () -> raftStatus().commitIndex(), () -> raftStatus().appliedIndex(),
      () -> backend().sizeBytes(), () -> backend().sizeInUseBytes(),
      this::quotaBytes, this::pendingProposals, this::keyCount));
  /** When this member last saw leadership change (System.nanoTime). */
  private volatile long leaderChangedAtNanos = System.nanoTime();

  /** Connects a member's state to consensus. */
  @FunctionalInterface
  public interface RaftFactory {
    RaftNode create(EntryApplier applier, MemberStore members, RaftTimings timings);
  }

  /** Builds the member's state from its data dir and connects it to consensus. */
  public EtcdServer(ServerConfig config, Supplier<InitialCluster> initial,
      RaftFactory raftFactory) {
    this.config = config;
    Path memberDir = config.dataDir().resolve("member");
    long opening = System.nanoTime();
    Backend opened = null;
    try {
      opened = new RocksBackend(memberDir.resolve("db"));
      this.backend = opened;
      this.members = new MemberStore(backend, memberDir.resolve("identity"));
      bootstrapOrCheck(initial);
      if (members.isRemoved()) {
        throw new IllegalStateException(MEMBER_REMOVED);
      }
      // reads every key revision and lease: a block that fails its checksum stops the start here
      this.lessor = new Lessor(backend, config.minLeaseTtlSeconds(), System::nanoTime);
      this.store = new KvStore(backend, lessor);
      store.forEachLeasedKey((key, lease) -> lessor.leaseChanged(key, 0, lease));
    } catch (RuntimeException e) {
      if (opened != null) {
        opened.close();
      }
      if (e instanceof BackendException) {
        throw new IllegalStateException(String.format("data dir %s is damaged (%s): this member "
            + "cannot trust its state; restore it from a backup with 'cairn snapshot restore', or "
            + "remove it from the cluster and add it back with an empty data dir",
            config.dataDir(), e.getMessage()), e);
      }
      throw e;
    }
    // etcd logs its store recovery too; start-up time grows with the key index rebuilt here
    LOG.info("restored mvcc store at revision {} (compacted {}) in {} ms", store.currentRevision(),
        store.compactRevision(), (System.nanoTime() - opening) / 1_000_000);
    this.watchHub = new WatchHub(store);
    this.alarms = new Alarms(backend);
    this.waits = new WaitRegistry(members.localId());
    this.quota = BackendQuota.of(config.quotaBackendBytes(), backend::sizeBytes);
    if (quota.limitBytes() > BackendQuota.MAX_RECOMMENDED_BYTES) {
      LOG.warn("backend quota {} exceeds maximum recommended quota {}", quota.limitBytes(),
          BackendQuota.MAX_RECOMMENDED_BYTES);
    }
    this.auth = new AuthStore(backend,
        Tokens.fromSpec(config.auth().token(), config.auth().tokenTtlSeconds()),
        config.auth().bcryptCost());
    this.applier = new BackendApplier(backend, store, lessor, watchHub, alarms, quota,
        () -> raiseAlarm(members.localId(), AlarmType.NOSPACE), members, auth, metrics,
        waits::trigger);
    this.raft = raftFactory.create(this, members, new RaftTimings() {
      @Override
      public void logSynced(long nanos) {
        metrics.walFsynced(nanos);
      }

      @Override
      public void heartbeatAnswered(long memberId, long nanos) {
        metrics.peerRoundTrip(memberId, nanos);
      }
    });
    this.membership = new MembershipChanges(members, raft, config.initialClusterToken(),
        config.electionTimeoutMs(), this::proposeRaw);
    this.timers = DaemonThreads.scheduler("lease-expiry");
    this.proposer = new Proposer(raft, waits, timers);
    this.leaderLeases = new LeaderLeases(lessor, raft, timers, config.requestTimeoutMs());
    this.corruptionCheck = new CorruptionCheck(members.localId(), store, raft,
        () -> members.members().stream().map(Member::id).toList(), this::raiseAlarm,
        config.requestTimeoutMs());
    this.backups = !config.backups().enabled() ? null : new ScheduledBackups(
        new BackupWriter(config.backups().dir(), config.backups().retention()), backend,
        store::currentRevision, () -> raft.status().isLeader(), new ScheduledBackups.Outcomes() {
          @Override
          public void taken() {
            metrics.backupTaken(System.currentTimeMillis());
          }

          @Override
          public void failed(Exception e) {
            metrics.backupFailed();
            raiseAlarm(members.localId(), AlarmType.BACKUP_FAILED);
          }
        });
  }

  /** The quota gauge, as etcd sets it: the flag's value when negative (no quota), else the limit. */
  private long quotaBytes() {
    return quota.limitBytes();
  }

  /** Raises an alarm through the log, for the server's own checks (corruption, backups, quota). */
  private CompletableFuture<?> raiseAlarm(long memberId, AlarmType type) {
    AlarmMember raised = AlarmMember.newBuilder().setMemberID(memberId).setAlarm(type).build();
    if (alarms.list().contains(raised)) {
      // a check that keeps failing proposes its alarm once, not at every run
      return CompletableFuture.completedFuture(null);
    }
    return alarm(AlarmRequest.newBuilder().setAction(AlarmRequest.AlarmAction.ACTIVATE)
        .setMemberID(memberId).setAlarm(type).build());
  }

  /**
   * etcd's quota check before a write is proposed: one that would not fit raises this member's
   * NOSPACE alarm (and waits for it) and is refused.
   */
  private <T extends MessageLite> CompletableFuture<T> proposeWithinQuota(MessageLite request,
      InternalRaftRequest.Builder entry) {
    if (quota.available(request)) {
      return propose(entry);
    }
    return raiseAlarm(members.localId(), AlarmType.NOSPACE).handle((v, err) -> {
      throw EtcdError.NO_SPACE.exception();
    });
  }

  /**
   * A fresh data dir records the initial cluster; an existing one must belong to the cluster the
   * flags describe (when they describe a new one), or the member refuses to start. A member that
   * found its cluster by DNS SRV discovery restarts from its data dir alone, without DNS.
   */
  private void bootstrapOrCheck(Supplier<InitialCluster> initialCluster) {
    if (members.isEmpty()) {
      InitialCluster initial = initialCluster.get();
      members.bootstrap(initial.clusterId(), initial.localId(), initial.members());
      return;
    }
    if (members.members().isEmpty()) {
      // a crash while a snapshot from the leader replaced the state (a member that had just
      // joined) left no member list: the flags' cluster lets the engine reach its peers again,
      // and the leader sends the snapshot again
      InitialCluster initial = initialCluster.get();
      LOG.warn("data dir {} has no member list (a snapshot install was interrupted): using the "
          + "initial cluster's to reach the peers", config.dataDir());
      members.rememberPeers(initial.clusterId(), initial.members());
      return;
    }
    if (!config.discoverySrv().isEmpty()) {
      LOG.info("data dir {} holds member {}: DNS SRV discovery is not needed", config.dataDir(),
          Long.toHexString(members.localId()));
      return;
    }
    InitialCluster initial = initialCluster.get();
    if (members.localId() != initial.localId() || ("new".equals(config.initialClusterState())
        && members.clusterId() != initial.clusterId())) {
      throw new IllegalStateException(String.format(
          "data dir %s belongs to member %x of cluster %x, but the flags describe member %x of "
              + "cluster %x: use the right --data-dir, or the original --initial-cluster and "
              + "--initial-cluster-token", config.dataDir(), members.localId(), members.clusterId(),
          initial.localId(), initial.clusterId()));
    }
  }

  public void start() {
    if (config.corruptCheck().initial()) {
      // before joining, as etcd: a member whose state differs from its peers' does not serve
      corruptionCheck.checkInitial();
    }
    long starting = System.nanoTime();
    raft.start();
    LOG.info("raft started (log loaded) in {} ms", (System.nanoTime() - starting) / 1_000_000);
    timers.scheduleWithFixedDelay(this::revokeExpiredLeases, 500, 500, TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(this::reconcileMembership, 1, 1, TimeUnit.SECONDS);
    leaderKnown.thenRun(this::publishAttributes);
    if (!forcedOut.isEmpty()) {
      leaderKnown.thenRun(this::removeForcedOut);
    }
    if (backups != null) {
      backups.start(config.backups().interval());
    }
    if (config.autoCompaction().enabled()) {
      autoCompactor = AutoCompactor.start(config.autoCompaction(), new AutoCompactionTarget());
    }
    long checkEvery = config.corruptCheck().interval().toMillis();
    if (checkEvery > 0) {
      LOG.info("enabled corruption checking interval={}ms", checkEvery);
      corruptionTimer.scheduleWithFixedDelay(this::checkCorruption, checkEvery, checkEvery,
          TimeUnit.MILLISECONDS);
    }
  }

  /** The store as auto-compaction sees it: compactions go through the log, as a client's. */
  private final class AutoCompactionTarget implements CompactionTarget {
    @Override
    public long currentRevision() {
      return store.currentRevision();
    }

    @Override
    public boolean isLeader() {
      return raftStatus().isLeader();
    }

    @Override
    public void compact(long revision) throws Exception {
      try {
        EtcdServer.this.compact(CompactionRequest.newBuilder().setRevision(revision).build())
            .get(2 * config.requestTimeoutMs(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(unwrap(e) instanceof EtcdException ee && ee.error() == EtcdError.COMPACTED)) {
          throw e;
        }
      }
    }
  }

  private void checkCorruption() {
    try {
      corruptionCheck.checkAsLeader();
    } catch (RuntimeException e) {
      LOG.warn("failed to check hash KV: {}", e.toString());
    }
  }

  /**
   * {@code --force-new-cluster}: once this member leads its one-member configuration, removes
   * {@code ids} from the member list through the log. Until then the list still names them and the
   * engine's configuration is not brought in line with it. Call before {@link #start}.
   */
  public void removeOnceLeading(List<Long> ids) {
    forcedOut = List.copyOf(ids);
  }

  private void removeForcedOut() {
    CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
    for (long id : forcedOut) {
      all = all.thenCompose(v -> members.member(id).isPresent()
          ? membership.remove(id) : CompletableFuture.completedFuture(null));
    }
    all.whenComplete((v, err) -> {
      if (err != null && !timers.isShutdown()) {
        LOG.warn("removing the other members after --force-new-cluster failed, retrying: {}",
            err.getMessage());
        timers.schedule(this::removeForcedOut, 1, TimeUnit.SECONDS);
      } else if (err == null) {
        LOG.info("removed members {} after --force-new-cluster", forcedOut.stream()
            .map(Long::toHexString).toList());
        forcedOut = List.of();
      }
    });
  }

  /** Announces this member's name and client URLs through the log (etcd's publish), until it lands. */
  private void publishAttributes() {
    MemberAttributesRequest req = MemberAttributesRequest.newBuilder()
        .setId(members.localId())
        .setName(config.name())
        .addAllClientUrls(config.advertiseClientUrls().stream().map(java.net.URI::toString).toList())
        .build();
    this.<MessageLite>propose(InternalRaftRequest.newBuilder().setMemberAttributes(req))
        .whenComplete((r, err) -> {
      if (err != null && !timers.isShutdown()) {
        LOG.warn("publishing member attributes failed, retrying: {}", err.getMessage());
        timers.schedule(this::publishAttributes, 1, TimeUnit.SECONDS);
      } else if (err == null) {
        LOG.info("published member attributes name={} clientURLs={}", req.getName(),
            req.getClientUrlsList());
        published.complete(null);
      }
    });
  }

  /**
   * Completes once this member's name and client URLs have been applied through the log (etcd's
   * ReadyNotify): from then on it serves, and every member list shows its client URLs.
   */
  public CompletableFuture<Void> readyNotify() {
    return published;
  }

  // ---- EntryApplier: called by consensus on the apply thread

  @Override
  public long appliedTerm() {
    return applier.appliedTerm();
  }

  @Override
  public long appliedIndex() {
    return applier.appliedIndex();
  }

  @Override
  public int apply(long term, long index, byte[] entry) {
    return applier.apply(term, index, entry);
  }

  @Override
  public Position checkpoint(java.nio.file.Path dir) {
    backend.checkpoint(dir);
    try (Backend.ReadSnapshot copy = backend.openCheckpoint(dir)) {
      return new Position(BackendApplier.appliedTerm(copy), BackendApplier.appliedIndex(copy));
    }
  }

  @Override
  public void restoreSnapshot(java.nio.file.Path snapshot, long index)
      throws java.io.IOException {
    LOG.info("replacing state with snapshot {} (was at applied index {})", snapshot,
        applier.appliedIndex());
    if (java.nio.file.Files.isDirectory(snapshot)) {
      // opened before the store is cleared: a copy that does not open costs the member nothing
      try (Backend.ReadSnapshot copy = backend.openCheckpoint(snapshot)) {
        refuseShort(snapshot, BackendApplier.appliedIndex(copy), index);
        backend.clear();
        markRestoring(true);
        io.cairn.server.backend.BatchedPuts.copyAll(copy, backend);
      }
    } else {
      try (java.io.InputStream in = new java.io.BufferedInputStream(
          java.nio.file.Files.newInputStream(snapshot))) {
        backend.clear();
        markRestoring(true);
        io.cairn.server.backend.BackendDump.read(in, backend);
      }
      applier.reload();
      refuseShort(snapshot, applier.appliedIndex(), index); // a dump tells only once loaded
    }
    markRestoring(false);
    members.reload();
    alarms.reload();
    auth.reload();
    applier.reload();
    lessor.reload();
    store.reload();
    store.forEachLeasedKey((key, lease) -> lessor.leaseChanged(key, 0, lease));
    watchHub.storeReplaced();
    LOG.info("snapshot restored: applied index {} revision {}", applier.appliedIndex(),
        store.currentRevision());
  }

  private static void refuseShort(java.nio.file.Path snapshot, long holds, long index)
      throws java.io.IOException {
    if (holds != index) {
      throw new java.io.IOException("snapshot " + snapshot + " holds the state at index " + holds
          + ", not " + index);
    }
  }

  private static final byte[] RESTORING_KEY = "restoringSnapshot".getBytes(
      java.nio.charset.StandardCharsets.UTF_8);

  private void markRestoring(boolean on) {
    try (io.cairn.server.backend.BatchTx b = backend.newBatch()) {
      if (on) {
        b.put(io.cairn.server.backend.Bucket.META, RESTORING_KEY, new byte[] {1});
      } else {
        b.delete(io.cairn.server.backend.Bucket.META, RESTORING_KEY);
      }
      b.commit();
    }
  }

  @Override
  public boolean stateBeforeLog() {
    return applier.stateBeforeLog();
  }

  @Override
  public void snapshotTaken() {
    applier.snapshotTaken();
  }

  @Override
  public boolean restoreInterrupted() {
    return backend.get(io.cairn.server.backend.Bucket.META, RESTORING_KEY) != null;
  }

  @Override
  public void engineStopped() {
    if (closing) {
      return; // the engine stops because this server closes it
    }
    if (members.isRemoved()) {
      removed.complete(null); // a removed member's engine stops too: say why the member stops
      return;
    }
    String why = "the Raft engine stopped itself: it found this member outside the cluster's Raft "
        + "configuration (a member restarted before the cluster finished adding it)";
    LOG.error(why);
    engineStopped.complete(why);
  }

  /**
   * Completes with the reason when the Raft engine has stopped itself although this member still
   * belongs to the cluster: this server cannot work any more, a new one on the same data dir can.
   */
  public CompletableFuture<String> engineStoppedNotify() {
    return engineStopped;
  }

  @Override
  public void leaderChanged(long leaderId, long term, boolean local) {
    LOG.info("leader changed leader={} term={} local={}", Long.toHexString(leaderId), term, local);
    leaderChangedAtNanos = System.nanoTime();
    if (leaderId != 0) {
      leaderKnown.complete(null);
      leaderChanges.incrementAndGet();
    }
    if (local) {
      lessor.promote(TimeUnit.MILLISECONDS.toNanos(config.electionTimeoutMs()));
    } else {
      lessor.demote();
    }
  }

  // ---- auth (etcd's Authenticator): every request goes through the log, as in etcd 3.4

  public CompletableFuture<AuthEnableResponse> authEnable() {
    return propose(InternalRaftRequest.newBuilder()
        .setAuthEnable(AuthEnableRequest.getDefaultInstance()));
  }

  public CompletableFuture<AuthDisableResponse> authDisable() {
    return propose(InternalRaftRequest.newBuilder()
        .setAuthDisable(AuthDisableRequest.getDefaultInstance()));
  }

  /**
   * Checks the password here, off the log, then has every member learn a new simple token; if the
   * auth store changed between the check and the token, checks again (etcd's loop).
   */
  public CompletableFuture<AuthenticateResponse> authenticate(AuthenticateRequest r) {
    return linearizableBarrier().thenComposeAsync(v -> authenticate(r, 3));
  }

  private CompletableFuture<AuthenticateResponse> authenticate(AuthenticateRequest r, int tries) {
    long checkedAt = auth.checkPassword(r.getName(), r.getPassword());
    return this.<AuthenticateResponse>proposeAs(AuthInfo.NONE, InternalRaftRequest.newBuilder()
        .setAuthenticate(AuthenticateEntry.newBuilder().setName(r.getName())
            .setSimpleTokenPrefix(auth.newTokenPrefix())))
        .thenCompose(resp -> checkedAt == auth.revision() || tries <= 1
            ? CompletableFuture.completedFuture(resp)
            : CompletableFuture.supplyAsync(() -> authenticate(r, tries - 1))
                .thenCompose(f -> f));
  }

  /** The password is hashed here, so the log never holds it. */
  public CompletableFuture<AuthUserAddResponse> userAdd(AuthUserAddRequest r) {
    AuthUserAddEntry.Builder entry = AuthUserAddEntry.newBuilder().setName(r.getName())
        .setOptions(r.getOptions());
    if (!r.getOptions().getNoPassword()) {
      entry.setHashedPassword(ByteString.copyFrom(auth.hashPassword(r.getPassword())));
    }
    return propose(InternalRaftRequest.newBuilder().setAuthUserAdd(entry));
  }

  public CompletableFuture<AuthUserChangePasswordResponse> userChangePassword(
      AuthUserChangePasswordRequest r) {
    return propose(InternalRaftRequest.newBuilder().setAuthUserChangePassword(
        AuthUserChangePasswordEntry.newBuilder().setName(r.getName())
            .setHashedPassword(ByteString.copyFrom(auth.hashPassword(r.getPassword())))));
  }

  /** The auth requests that go to the log as the client sent them. */
  public <T extends MessageLite> CompletableFuture<T> authRequest(
      InternalRaftRequest.Builder request) {
    if (!AuthStore.handles(request.buildPartial())) {
      throw new IllegalArgumentException("not an auth request: " + request.getRequestCase());
    }
    return propose(request);
  }

  // ---- writes

  public CompletableFuture<PutResponse> put(PutRequest r) {
    return proposeWithinQuota(r, InternalRaftRequest.newBuilder().setPut(r));
  }

  public CompletableFuture<DeleteRangeResponse> deleteRange(DeleteRangeRequest r) {
    return propose(InternalRaftRequest.newBuilder().setDeleteRange(r));
  }

  public CompletableFuture<TxnResponse> txn(TxnRequest r) {
    if (KvOps.isReadOnly(r)) {
      boolean serializable = r.getSuccessList().stream().allMatch(o -> o.hasRequestRange()
          && o.getRequestRange().getSerializable())
          && r.getFailureList().stream().allMatch(o -> o.hasRequestRange()
          && o.getRequestRange().getSerializable());
      Credentials credentials = Credentials.current();
      return read(serializable, KvOps.mayScan(r), () -> permitted(credentials,
          who -> auth.checkTxn(who, r),
          () -> withHeader(applier.kvOps().readOnlyTxn(new PinnedView(store), r))));
    }
    return proposeWithinQuota(r, InternalRaftRequest.newBuilder().setTxn(r));
  }

  public CompletableFuture<CompactionResponse> compact(CompactionRequest r) {
    return propose(InternalRaftRequest.newBuilder().setCompaction(r));
  }

  public CompletableFuture<LeaseGrantResponse> leaseGrant(LeaseGrantRequest r) {
    if (r.getID() == 0) {
      // the proposer picks the ID, so every member applies the same one
      r = r.toBuilder().setID(waits.nextId() & Long.MAX_VALUE).build();
    }
    return proposeWithinQuota(r, InternalRaftRequest.newBuilder().setLeaseGrant(r));
  }

  public CompletableFuture<LeaseRevokeResponse> leaseRevoke(LeaseRevokeRequest r) {
    return propose(InternalRaftRequest.newBuilder().setLeaseRevoke(r));
  }

  public CompletableFuture<AlarmResponse> alarm(AlarmRequest r) {
    return propose(InternalRaftRequest.newBuilder().setAlarm(r));
  }

  /** Proposes a request on behalf of the current call's sender (none outside a client call). */
  private <T extends MessageLite> CompletableFuture<T> propose(InternalRaftRequest.Builder request) {
    AuthInfo who;
    try {
      who = auth.authInfo(Credentials.current());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return proposeAs(who, request);
  }

  @SuppressWarnings("unchecked")
  private <T extends MessageLite> CompletableFuture<T> proposeAs(AuthInfo who,
      InternalRaftRequest.Builder request) {
    if (who.revision() != 0) {
      request.setAuth(AuthHeader.newBuilder().setUsername(who.username())
          .setAuthRevision(who.revision()));
    }
    CompletableFuture<Object> result = new CompletableFuture<>();
    long id = waits.registerNew(result);
    InternalRaftRequest entry = request.setId(id).build();
    if (entry.getSerializedSize() > config.maxRequestBytes()) {
      waits.forget(id);
      return CompletableFuture.failedFuture(EtcdError.REQUEST_TOO_LARGE.exception());
    }
    long start = System.nanoTime();
    long waitMs = ProposalDeadline.waitMs(config.requestTimeoutMs());
    if (waitMs == 0) {
      waits.forget(id);
      return CompletableFuture.failedFuture(EtcdError.TIMEOUT.exception());
    }
    proposer.submit(new Proposer.Pending(entry, start + TimeUnit.MILLISECONDS.toNanos(waitMs)));
    return result
        .orTimeout(waitMs, TimeUnit.MILLISECONDS)
        .handle((res, err) -> {
          if (err != null) {
            waits.forget(id);
            if (!(unwrap(err) instanceof EtcdException)) {
              metrics.proposalFailed(); // not the applier's answer: the proposal itself failed
            }
            throw new CompletionException(translateProposalError(err, start));
          }
          return (T) withHeader((MessageLite) res);
        });
  }

  /**
   * A proposal that timed out while leadership changed gets etcd's "possibly due to previous
   * leader failure": its entry may or may not have been committed, and it was not proposed again.
   */
  private Throwable translateProposalError(Throwable err, long startNanos) {
    Throwable t = translate(err);
    if (t instanceof EtcdException e && e.error() == EtcdError.TIMEOUT
        && leaderChangedAtNanos - startNanos > 0) {
      return EtcdError.TIMEOUT_DUE_TO_LEADER_FAIL.exception();
    }
    return t;
  }

  /** The engine refused the proposal without appending it: retrying cannot apply it twice. */
  static boolean isRetriable(Throwable t) {
    return t instanceof NotLeaderException;
  }

  /** The failure inside a future's wrapping exceptions. */
  public static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static Throwable translate(Throwable err) {
    Throwable t = unwrap(err);
    if (t instanceof EtcdException) {
      return t;
    }
    if (t instanceof TimeoutException || t instanceof OutcomeUnknownException) {
      return EtcdError.TIMEOUT.exception();
    }
    if (isRetriable(t)) {
      return EtcdError.TIMEOUT.exception();
    }
    LOG.warn("request failed", t);
    return t;
  }

  // ---- reads

  public CompletableFuture<RangeResponse> range(RangeRequest r) {
    Credentials credentials = Credentials.current();
    return read(r.getSerializable(), !r.getRangeEnd().isEmpty(), () -> permitted(credentials,
        who -> auth.checkRange(who, r.getKey(), r.getRangeEnd()),
        () -> withHeader(applier.kvOps().range(store, r))));
  }

  /**
   * etcd's doSerialize: a local read runs once its sender may read what it asks, and is refused
   * if the auth store changed while it ran.
   */
  private <T> T permitted(Credentials credentials, java.util.function.Consumer<AuthInfo> check,
      Supplier<T> reader) {
    AuthInfo who = auth.authInfo(credentials);
    check.accept(who);
    T result = reader.get();
    if (who.revision() != 0 && who.revision() != auth.revision()) {
      throw EtcdError.AUTH_OLD_REVISION.exception();
    }
    return result;
  }

  /** A watch may start once its sender may read the range it watches. */
  public void checkWatch(ByteString key, ByteString rangeEnd) {
    auth.checkRange(auth.authInfo(Credentials.current()), key, rangeEnd);
  }

  /** Admin operations (defragment, snapshot, hashes, leadership, membership) need root. */
  public void checkAdmin() {
    auth.checkAdmin(auth.authInfo(Credentials.current()));
  }

  /**
   * Runs a read locally, after a linearizable read barrier unless {@code serializable}. A point read
   * runs on the thread that asks (a client port's transport thread) or that completes the barrier
   * (one of Raft's); a {@code scan} runs on a pool of its own, so a long one holds neither up.
   */
  public <T> CompletableFuture<T> read(boolean serializable, boolean scan,
      java.util.function.Supplier<T> reader) {
    if (serializable && !scan) {
      try {
        return CompletableFuture.completedFuture(reader.get());
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    CompletableFuture<Void> readable = serializable ? CompletableFuture.completedFuture(null)
        : linearizableBarrier();
    if (!scan) {
      return readable.thenApply(v -> reader.get());
    }
    return readable.thenApplyAsync(v -> reader.get(), scans).exceptionally(err -> {
      throw unwrap(err) instanceof java.util.concurrent.RejectedExecutionException
          ? EtcdError.STOPPED.exception() : new CompletionException(unwrap(err));
    });
  }

  /** Completes when a read from local state is linearizable. */
  public CompletableFuture<Void> linearizableBarrier() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.requestTimeoutMs());
    CompletableFuture<Void> done = new CompletableFuture<>();
    barrier(done, deadline);
    return done.orTimeout(config.requestTimeoutMs(), TimeUnit.MILLISECONDS)
        .exceptionally(err -> {
          throw new CompletionException(translate(err));
        });
  }

  private void barrier(CompletableFuture<Void> done, long deadlineNanos) {
    raft.readBarrier().whenComplete((v, err) -> {
      if (err == null) {
        done.complete(null);
        return;
      }
      Throwable cause = unwrap(err);
      // a read changes nothing, so any failure (no leader, lost quorum) may be retried
      if (!(cause instanceof EtcdException) && System.nanoTime() < deadlineNanos) {
        timers.schedule(() -> barrier(done, deadlineNanos), RETRY_DELAY_MS, TimeUnit.MILLISECONDS);
      } else {
        done.completeExceptionally(cause);
      }
    });
  }

  // ---- leases served by the leader without consensus

  /** Renews on the leader (asked from here if need be); the TTL, or LEASE_NOT_FOUND. */
  public CompletableFuture<Long> leaseRenew(long id) {
    return leaderLeases.renew(id);
  }

  public CompletableFuture<LeaseTimeToLiveResponse> leaseTimeToLive(LeaseTimeToLiveRequest r) {
    return leaderLeases.timeToLive(r).thenApply(resp -> resp.toBuilder()
        .setHeader(header(store.currentRevision())).build());
  }

  public CompletableFuture<LeaseLeasesResponse> leaseLeases() {
    return leaderLeases.leases().thenApply(resp -> resp.toBuilder()
        .setHeader(header(store.currentRevision())).build());
  }

  @Override
  public byte[] answerAsLeader(byte[] question) {
    return leaderLeases.answer(question);
  }

  @Override
  public byte[] answerAsMember(byte[] question) {
    return corruptionCheck.answer(question);
  }

  private void reconcileMembership() {
    try {
      // stop once the engine's configuration has dropped this member too: member IDs come from
      // the peer URLs, so a member added back on the same URLs with a fresh data dir replays the
      // removal of its previous incarnation before it reaches its own addition, while its engine
      // already holds the configuration that names it again
      if (members.isRemoved() && !inEngineConfiguration()) {
        if (removed.complete(null)) {
          LOG.warn("this member: {}", MEMBER_REMOVED);
        }
        return;
      }
      if (!forcedOut.isEmpty() || applier.stateBeforeLog()) {
        // the list still names members forced out; or a member added now would catch up from the
        // log alone, which lacks the state that predates it
        return;
      }
      // a removed leader first drops itself from the engine's configuration, then steps down
      membership.reconcile();
    } catch (RuntimeException e) {
      LOG.warn("membership reconciliation failed", e);
    }
  }

  private boolean inEngineConfiguration() {
    try {
      var conf = raft.members();
      return conf.voters().containsKey(members.localId())
          || conf.learners().containsKey(members.localId());
    } catch (RuntimeException e) {
      return false; // the engine has closed this member's group
    }
  }

  /** Completes when this member has been removed from the cluster: it should stop. */
  public CompletableFuture<Void> removedNotify() {
    return removed;
  }

  // ---- membership

  public CompletableFuture<List<Member>> memberAdd(List<String> peerUrls, boolean learner) {
    return guard(() -> membership.add(peerUrls, learner));
  }

  public CompletableFuture<Void> memberRemove(long id) {
    return guard(() -> membership.remove(id));
  }

  public CompletableFuture<Void> memberUpdate(long id, List<String> peerUrls) {
    return guard(() -> membership.update(id, peerUrls));
  }

  public CompletableFuture<Void> memberPromote(long id) {
    return guard(() -> membership.promote(id));
  }

  private static <T> CompletableFuture<T> guard(java.util.function.Supplier<CompletableFuture<T>> f) {
    try {
      return f.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<Object> proposeRaw(InternalRaftRequest.Builder request) {
    return this.<MessageLite>propose(request).thenApply(r -> r);
  }

  private void revokeExpiredLeases() {
    try {
      long now = System.nanoTime();
      for (long id : lessor.expired()) {
        Long last = revokeProposedAt.get(id);
        if (last != null && now - last < TimeUnit.SECONDS.toNanos(3)) {
          continue;
        }
        revokeProposedAt.put(id, now);
        // etcd revokes as root (WithRoot): the lease's keys may be anyone's
        this.<LeaseRevokeResponse>proposeAs(auth.root(), InternalRaftRequest.newBuilder()
            .setLeaseRevoke(LeaseRevokeRequest.newBuilder().setID(id))).whenComplete((r, e) -> revokeProposedAt.remove(id));
      }
    } catch (RuntimeException e) {
      LOG.warn("lease expiry check failed", e);
    }
  }

  // ---- state for maintenance and headers

  public ResponseHeader header(long revision) {
    return ResponseHeader.newBuilder()
        .setClusterId(members.clusterId())
        .setMemberId(members.localId())
        .setRevision(revision)
        .setRaftTerm(raft.status().term())
        .build();
  }

  /**
   * Fills the header every etcd response has (field 1, a ResponseHeader): cluster, member and term,
   * and the revision the request saw, or the current one. Member entries answer with no header,
   * and so do alarms: etcd 3.4's maintenance server returns the applier's answer as it is.
   */
  @SuppressWarnings("unchecked")
  private <T> T withHeader(MessageLite resp) {
    if (resp instanceof Message m && !(resp instanceof AlarmResponse)) {
      Descriptors.FieldDescriptor f = m.getDescriptorForType().findFieldByNumber(1);
      if (f != null && f.getType() == Descriptors.FieldDescriptor.Type.MESSAGE
          && f.getMessageType() == ResponseHeader.getDescriptor()) {
        return (T) m.toBuilder().setField(f, fill((ResponseHeader) m.getField(f))).build();
      }
    }
    return (T) resp;
  }

  private ResponseHeader fill(ResponseHeader h) {
    return header(h.getRevision() != 0 ? h.getRevision() : store.currentRevision());
  }

  private long pendingProposals() {
    return waits.pending();
  }

  private long keyCount() {
    return store.keyCount();
  }

  /** Whether this member knows a leader (etcd's "no leader" checks). */
  public boolean hasLeader() {
    return raftStatus().leaderId() != 0;
  }

  public ServerMetrics metrics() {
    return metrics;
  }

  public KvStore store() {
    return store;
  }

  public Backend backend() {
    return backend;
  }

  public WatchHub watchHub() {
    return watchHub;
  }

  public Alarms alarms() {
    return alarms;
  }

  public MemberStore memberStore() {
    return members;
  }

  public RaftStatus raftStatus() {
    return raft.status();
  }

  public RaftNode raft() {
    return raft;
  }

  public ServerConfig config() {
    return config;
  }

  public List<Member> members() {
    return members.members();
  }

  @Override
  public void close() {
    closing = true;
    timers.shutdownNow();
    corruptionTimer.shutdownNow();
    scans.shutdown();
    if (autoCompactor != null) {
      autoCompactor.close();
    }
    if (backups != null) {
      backups.close();
    }
    try {
      raft.close();
    } catch (RuntimeException e) {
      LOG.warn("closing raft", e);
    }
    watchHub.close();
    try {
      // a scan still running reads the backend: it ends before the backend closes
      if (!scans.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("scans still running after 5 s; closing the backend under them");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    backend.close();
  }
}
