package io.cairn.server.raft;

import io.cairn.server.concurrent.DaemonThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.SnapshotManagementRequest;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/** {@link RaftNode} on Apache Ratis, with requests submitted in-process (no client hop). */
public final class RatisRaftNode implements RaftNode {
  private final RaftSettings settings;
  private final RaftServer server;
  private final RaftGroupId groupId;
  private static final long FORWARD_RETRY_MS = 50;
  private static final long SNAPSHOT_RETRY_MS = 200;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RatisRaftNode.class);
  private static final String SEGMENT_SIZE = "8MB";
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();
  /**
   * Carries proposals made on a follower to the leader. Replaced after a failure: a Ratis client's
   * ordered window stays closed once a request in it has run out of retries.
   */
  private final AtomicReference<RaftClient> forwarder = new AtomicReference<>();
  /** Carries questions to the leader; apart from the forwarder, so neither waits in the other's window. */
  private final AtomicReference<RaftClient> asker = new AtomicReference<>();
  /**
   * The answers of forwards in flight. A new leader ends the wait for them (below); the forwards
   * themselves go on, and their requests' clients still get their answer from the local apply.
   */
  private final java.util.Set<CompletableFuture<Void>> forwarding =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Clients replaced at a leader change, closed once their forwards are past retrying. */
  private final java.util.Set<RaftClient> retired = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Follows leader changes in the order the engine reports them, off the engine's locks. */
  private final java.util.concurrent.ExecutorService leaderChanges =
      DaemonThreads.pool("raft-leader-change", 1);
  /** Closes clients replaced at a leader change (closing waits for their channels). */
  private final java.util.concurrent.ExecutorService clientCloser =
      DaemonThreads.cached("raft-client-close");
  /**
   * Call IDs of this member's proposals that reached the engine's pre-append step: from there on the
   * entry may be in the log, and a failure no longer proves it was not.
   */
  private final java.util.Set<Long> mayBeAppended = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final RaftGroup group;
  private final RaftProperties props;
  /** The transport's TLS settings, given to the server and to both clients alike. */
  private final Parameters parameters;
  private final RetriedForwards forwardRetries;
  private final EntryApplier applier;
  private final RaftTimings timings;
  private volatile boolean closed;
  /**
   * etcd's tick, every heartbeat interval: redials lost peers ({@link PeerRedialer}) and checks the
   * election timeout ({@link TickElection}).
   */
  private final ScheduledExecutorService ticker = DaemonThreads.scheduler("raft-tick");
  private final RatisStateMachine stateMachine;
  /** A snapshot asked for by {@link #publishWrittenSnapshot} and not yet answered. */
  private final AtomicBoolean snapshotAsked = new AtomicBoolean();

  public RatisRaftNode(RaftSettings settings, EntryApplier applier, RaftTimings timings) {
    this.settings = settings;
    this.applier = applier;
    this.timings = new SlowSyncWarning(timings);
    this.groupId = RaftGroupId.valueOf(settings.groupId());
    List<RaftPeer> peers = new ArrayList<>();
    RaftPeerAddress self = null;
    for (RaftPeerAddress p : settings.peers()) {
      peers.add(RaftPeer.newBuilder().setId(peerId(p.memberId())).setAddress(p.address()).build());
      if (p.memberId() == settings.memberId()) {
        self = p;
      }
    }
    // a member added to a running cluster may restart before it has applied its own addition (a
    // snapshot from before it replaced its list): it starts as a joiner again, below
    if (self == null && !settings.join()) {
      throw new IllegalArgumentException("this member is not among the Raft peers");
    }
    this.props = properties(settings);
    this.parameters = RatisTls.parameters(settings.peerTls());
    GrpcConfigKeys.Server.setServicesCustomizer(parameters,
        (builder, types) -> builder.callExecutor(new PeerCalls()));
    this.forwardRetries = new RetriedForwards(RetryPolicies.retryUpToMaximumCountWithFixedSleep(
        (int) (settings.requestTimeoutMs() / FORWARD_RETRY_MS),
        TimeDuration.valueOf(FORWARD_RETRY_MS, TimeUnit.MILLISECONDS)));
    this.group = RaftGroup.valueOf(groupId, peers);
    forwarder.set(newForwarder());
    asker.set(newForwarder());
    // a joining member starts with an empty configuration, as Ratis requires, and learns the
    // real one from the leader once the cluster has added it
    RaftGroup startGroup = settings.join() ? RaftGroup.valueOf(groupId) : group;
    stateMachine = new RatisStateMachine(applier, settings.snapshotCount(), this::appending,
        this::leaderChanged);
    try {
      server = RaftServer.newBuilder()
          .setServerId(peerId(settings.memberId()))
          .setGroup(startGroup)
          .setStateMachine(stateMachine)
          .setProperties(props)
          .setParameters(parameters)
          .setOption(RaftStorage.StartupOption.RECOVER)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Raft server", e);
    }
  }

  private RaftClient newForwarder() {
    return newForwarder(knownLeader());
  }

  /** A client that sends to {@code leader} first, or to Ratis's guess when null. */
  private RaftClient newForwarder(RaftPeerId leader) {
    return RaftClient.newBuilder()
        .setRaftGroup(currentGroup())
        .setLeaderId(leader)
        .setProperties(props)
        .setParameters(parameters)
        .setClientId(ClientId.randomId())
        // retries keep the same call ID, so the leader's retry cache applies an entry only once
        .setRetryPolicy(forwardRetries)
        .build();
  }

  /** The group as the engine knows it now: members added or removed since start included. */
  private RaftGroup currentGroup() {
    if (server == null) {
      return group;
    }
    try {
      var peers = division().getRaftConf().getAllPeers();
      return peers.isEmpty() ? group : RaftGroup.valueOf(groupId, peers);
    } catch (IOException | RuntimeException e) {
      return group;
    }
  }

  /** Called by the engine right before it appends a client request to its log. */
  private void appending(RaftClientRequest r) {
    if (r.getClientId().equals(clientId)) {
      mayBeAppended.add(r.getCallId());
    }
  }

  /** The leader this member's engine follows (itself included), or null while it knows none. */
  private RaftPeerId knownLeader() {
    if (server == null) {
      return null;
    }
    try {
      return division().getInfo().getLeaderId();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Called by the engine when this member learns of a new leader, itself included. Forwards go to
   * it from now on: Ratis's client would keep trying the old leader, then members at random,
   * sleeping between attempts, while this member already knows where the leader is. The Proposer
   * stops waiting for forwards still in flight, whose slots would otherwise hold back the new
   * leader's first writes; those forwards go on in their old client, which is closed once they
   * are all past its retries, and their requests' clients get the answer from the local apply or
   * time out, as etcd's proposals in flight at a leader change do.
   */
  private void leaderChanged(RaftPeerId leader) {
    if (closed || leader == null) {
      return;
    }
    leaderChanges.execute(() -> follow(leader));
  }

  private void follow(RaftPeerId leader) {
    if (closed) {
      return;
    }
    for (AtomicReference<RaftClient> ref : List.of(forwarder, asker)) {
      RaftClient old = ref.getAndSet(newForwarder(leader));
      retired.add(old);
      try {
        ticker.schedule(() -> retire(old), settings.requestTimeoutMs(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        retire(old);
      }
    }
    OutcomeUnknownException detached = new OutcomeUnknownException(new IllegalStateException(
        "the leader changed while the proposal was being forwarded"));
    for (CompletableFuture<Void> answer : List.copyOf(forwarding)) {
      answer.completeExceptionally(detached);
    }
  }

  private void retire(RaftClient client) {
    if (retired.remove(client)) {
      try {
        clientCloser.execute(() -> closeQuietly(client));
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        closeQuietly(client);
      }
    }
  }

  private static void closeQuietly(RaftClient client) {
    try {
      client.close();
    } catch (IOException | RuntimeException e) {
      // it is being discarded anyway; what closes after it (the other clients, the engine) must
      // still run
    }
  }

  private void replace(AtomicReference<RaftClient> ref, RaftClient failed) {
    if (ref.compareAndSet(failed, newForwarder())) {
      closeQuietly(failed);
    }
  }

  private static RaftProperties properties(RaftSettings s) {
    RaftProperties p = new RaftProperties();
    // absolute: Ratis names a snapshot's files to a follower relative to this directory
    RaftServerConfigKeys.setStorageDir(p, List.of(s.logDir().toAbsolutePath().toFile()));
    org.apache.ratis.RaftConfigKeys.Rpc.setType(p, new CommitPushingRpc());
    GrpcConfigKeys.Server.setHost(p, s.listen().host());
    GrpcConfigKeys.Server.setPort(p, s.listen().port());
    RaftServerConfigKeys.LeaderElection.setPreVote(p, s.preVote());
    // etcd's election timeout is the lower bound; Ratis randomises between min and max
    long min = Math.max(s.electionTimeoutMs(), 150);
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(min, TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(2 * min, TimeUnit.MILLISECONDS));
    // a member alone in its cluster has nobody to disrupt or to hear from: it elects itself as soon
    // as it starts, as etcd fast-forwards a single member's election ticks (restart to serving)
    long first = s.peers().size() == 1 ? 50 : Math.min(min, 300);
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, TimeDuration.valueOf(first, TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, TimeDuration.valueOf(2 * first, TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
    // a follower appends each request's entries itself: Ratis's composed appends acknowledge a
    // resend from an index still being written without writing its extra entries, so the leader
    // takes them as matched (ComposedAppendAcknowledgesUnappendedEntriesTest, nemesis seed 1011)
    RaftServerConfigKeys.Log.setAppendEntriesComposeEnabled(p, false);
    // etcd's --snapshot-count counts requests, which RatisStateMachine does (Ratis's trigger counts
    // entries, and an entry carries a batch of requests); the log is purged behind each snapshot,
    // keeping some entries for slightly lagging members (etcd keeps 5000)
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, false);
    RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(p, false);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    // only closed segments are purged: keep them small enough for purging to follow snapshots
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(SEGMENT_SIZE));
    RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf(SEGMENT_SIZE));
    RaftServerConfigKeys.Log.setPurgePreservationLogNum(p, Math.min(5000, s.snapshotCount() / 2));
    RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.max(1, Math.min(1024, s.snapshotCount() / 4)));
    // expert tuning without a rebuild: -Draft.<key>=<value> overrides any Ratis key set above
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.startsWith("raft."))
        .forEach(k -> p.set(k, System.getProperty(k)));
    return p;
  }

  /**
   * A log entry that failed its checksum, a segment file Ratis cannot read, or data after the
   * zeros that end a segment's entries.
   */
  private static boolean isDamagedLog(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.apache.ratis.protocol.exceptions.ChecksumException
          || t instanceof org.apache.ratis.io.CorruptedFileException
          || String.valueOf(t.getMessage()).startsWith("Read extra bytes after the terminator")) {
        return true;
      }
    }
    return false;
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  static RaftPeerId peerId(long memberId) {
    return RaftPeerId.valueOf(String.format("%016x", memberId));
  }

  static long memberId(RaftPeerId id) {
    return Long.parseUnsignedLong(id.toString(), 16);
  }

  @Override
  public void start() {
    try {
      TornLogTail.repair(settings.logDir(), applier.appliedIndex());
      RatisMetricRegistries.listen(server.getId(), timings);
      server.start();
    } catch (IOException | RuntimeException e) {
      if (isDamagedLog(e)) {
        throw new IllegalStateException(String.format("the Raft log in %s is damaged (%s): this "
            + "member cannot trust its log; remove it from the cluster and add it back with an empty "
            + "data dir, or restore the cluster from a backup", settings.logDir(), rootCause(e)), e);
      }
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot start Raft server", io);
      }
      throw (RuntimeException) e;
    }
    Runnable redial = new PeerRedialer(server, groupId);
    Runnable electionCheck = new TickElection(server, groupId);
    long tickMs = Math.max(settings.heartbeatMs(), 10);
    ticker.scheduleWithFixedDelay(() -> {
      redial.run();
      electionCheck.run();
      publishWrittenSnapshot();
    }, tickMs, tickMs, TimeUnit.MILLISECONDS);
    if (applier.stateBeforeLog()) {
      Thread t = new Thread(this::snapshotStateBeforeLog, "snapshot-state-before-log");
      t.setDaemon(true);
      t.start();
    }
  }

  /**
   * A new log over existing state (a restored snapshot, a forced new cluster): a member added
   * later would catch up from the log and miss the state. Ratis sends a new member the leader's
   * latest snapshot first when there is one (RATIS-1390), so one is taken as soon as the engine
   * has applied an entry (the state machine snapshots only an index it has applied itself).
   */
  private void snapshotStateBeforeLog() {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (!closed && applier.stateBeforeLog() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(SNAPSHOT_RETRY_MS);
        askForSnapshot().get(settings.requestTimeoutMs(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
          | RuntimeException e) {
        // not running yet, or nothing applied yet: asked again
      }
    }
    if (applier.stateBeforeLog() && !closed) {
      LOG.error("no snapshot of the state could be taken: a member added to this cluster would "
          + "miss the data that predates the Raft log");
    }
  }

  /**
   * A snapshot is copied beside the apply thread and made the latest when Ratis next calls
   * {@link RatisStateMachine#takeSnapshot}, which it does when asked: the tick asks once the copy
   * is written. Asked off the apply thread.
   */
  private void publishWrittenSnapshot() {
    if (closed || !stateMachine.snapshotWritten() || !snapshotAsked.compareAndSet(false, true)) {
      return;
    }
    try {
      askForSnapshot().whenComplete((reply, error) -> snapshotAsked.set(false));
    } catch (RuntimeException e) {
      snapshotAsked.set(false); // not running yet or stopping: asked again at the next tick
    }
  }

  /** Asks Ratis for a {@link RatisStateMachine#takeSnapshot} call, if an entry was applied since. */
  private CompletableFuture<RaftClientReply> askForSnapshot() {
    return server.snapshotManagementAsync(SnapshotManagementRequest.newCreate(clientId,
        server.getId(), groupId, callIds.incrementAndGet(), settings.requestTimeoutMs(), 1));
  }

  private RaftClientRequest request(Message msg, RaftClientRequest.Type type) {
    return RaftClientRequest.newBuilder()
        .setClientId(clientId)
        .setServerId(server.getId())
        .setGroupId(groupId)
        .setCallId(callIds.incrementAndGet())
        .setMessage(msg)
        .setType(type)
        .build();
  }

  @Override
  public CompletableFuture<Void> propose(byte[] entry) {
    Message msg = Message.valueOf(ByteString.copyFrom(entry));
    if (isLeader()) {
      return submitWrite(request(msg, RaftClientRequest.writeRequestType()));
    }
    // A follower hands the entry to the leader; the caller's wait completes on the local apply.
    // The client retries with the same call ID, which the leader's retry cache answers; a copy
    // that still reaches the log twice (a new leader that holds the first, unapplied) is skipped
    // by the applier's request IDs.
    if (knownLeader() == null) {
      // nobody to forward to (an election is on): the proposer tries again shortly, as etcd's
      // follower drops a proposal while it knows no leader
      return CompletableFuture.failedFuture(new NotLeaderException(0));
    }
    return forward(msg);
  }

  private CompletableFuture<Void> forward(Message msg) {
    RaftClient client = forwarder.get();
    CompletableFuture<Void> answer = new CompletableFuture<>();
    forwarding.add(answer);
    client.async().send(msg).handle((reply, err) -> {
      boolean sentMoreThanOnce = forwardRetries.forget(msg);
      if (err != null && !sentMoreThanOnce && unwrapCompletion(err)
          instanceof org.apache.ratis.protocol.exceptions.LeaderSteppingDownException) {
        // a leader handing over refused the only attempt before any append: propose again
        return new NotLeaderException(0);
      }
      if (err != null) {
        replace(forwarder, client);
        return new OutcomeUnknownException(err);
      }
      return reply.isSuccess() ? null : new OutcomeUnknownException(reply.getException());
    }).thenAccept(failure -> {
      forwarding.remove(answer);
      boolean answered = failure == null ? answer.complete(null) : answer.completeExceptionally(failure);
      if (!answered && failure instanceof NotLeaderException && !closed) {
        // refused unappended after a leader change ended the proposer's wait: nobody else
        // proposes it again
        forward(msg);
      }
    });
    return answer;
  }

  /**
   * Submits a write on this member as leader. A refusal is retriable only if the entry never
   * reached the append; past it, the outcome is unknown.
   */
  private CompletableFuture<Void> submitWrite(RaftClientRequest req) {
    long callId = req.getCallId();
    CompletableFuture<RaftClientReply> reply;
    try {
      reply = server.submitClientRequestAsync(req);
    } catch (IOException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    return reply.handle((r, err) -> {
      boolean appended = mayBeAppended.remove(callId);
      if (err == null && r.isSuccess()) {
        return null;
      }
      Throwable cause = err != null ? err : r.getException();
      if (appended) {
        throw new CompletionException(new OutcomeUnknownException(unwrapCompletion(cause)));
      }
      throw new CompletionException(notAppended(cause));
    });
  }

  @Override
  public CompletableFuture<byte[]> askLeader(byte[] question) {
    RaftClient client = asker.get();
    Message msg = Message.valueOf(ByteString.copyFrom(question));
    // non-linearizable: the leader answers from its own state, after checking it leads
    return client.async().sendReadOnlyNonLinearizable(msg).handle((reply, err) -> {
      if (err != null) {
        replace(asker, client);
        throw new CompletionException(err);
      }
      if (!reply.isSuccess()) {
        throw new CompletionException(notAppended(reply.getException()));
      }
      return reply.getMessage().getContent().toByteArray();
    });
  }

  /**
   * A client of its own per question, tried once: Ratis keeps an ordered window per target member,
   * and a request that runs out of retries closes that window for good, so a shared client would
   * stop reaching a member after it was down once. Questions are rare (corruption checks).
   */
  @Override
  public CompletableFuture<byte[]> askMember(long memberId, byte[] question) {
    RaftClient client = RaftClient.newBuilder()
        .setRaftGroup(currentGroup())
        .setProperties(props)
        .setParameters(parameters)
        .setClientId(ClientId.randomId())
        .setRetryPolicy(RetryPolicies.noRetry())
        .build();
    Message msg = Message.valueOf(ByteString.copyFrom(question));
    // a stale read with no minimum index: the member answers from whatever it has applied
    return client.async().sendStaleRead(msg, 0, peerId(memberId))
        // closed off the transport's own threads, which closing waits for
        .whenCompleteAsync((reply, err) -> closeQuietly(client))
        .thenApply(reply -> {
          if (!reply.isSuccess()) {
            throw new CompletionException(reply.getException());
          }
          return reply.getMessage().getContent().toByteArray();
        });
  }

  private boolean isLeader() {
    try {
      return server.getDivision(groupId).getInfo().isLeader();
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public CompletableFuture<Void> readBarrier() {
    return submit(request(Message.EMPTY, RaftClientRequest.readRequestType()));
  }

  private CompletableFuture<Void> submit(RaftClientRequest req) {
    try {
      return server.submitClientRequestAsync(req).handle((reply, err) -> {
        if (err != null) {
          throw new CompletionException(notAppended(err));
        }
        return check(reply);
      });
    } catch (IOException e) {
      return CompletableFuture.failedFuture(notAppended(e));
    }
  }

  /**
   * Ratis refuses requests it did not append when this member is not (yet) a ready leader; those
   * become our {@link NotLeaderException}, which the caller may safely retry.
   */
  private static Throwable notAppended(Throwable err) {
    Throwable t = unwrapCompletion(err);
    if (t instanceof org.apache.ratis.protocol.exceptions.NotLeaderException nle) {
      RaftPeer suggested = nle.getSuggestedLeader();
      return new NotLeaderException(suggested == null ? 0 : memberId(suggested.getId()));
    }
    if (t instanceof org.apache.ratis.protocol.exceptions.LeaderNotReadyException
        || t instanceof org.apache.ratis.protocol.exceptions.LeaderSteppingDownException
        || t instanceof org.apache.ratis.protocol.exceptions.ResourceUnavailableException) {
      return new NotLeaderException(0);
    }
    return t;
  }

  private static Throwable unwrapCompletion(Throwable err) {
    return err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
  }

  private Void check(RaftClientReply reply) {
    if (reply.isSuccess()) {
      return null;
    }
    throw new CompletionException(notAppended(reply.getException()));
  }

  @Override
  public RaftStatus status() {
    try {
      RaftServer.Division d = server.getDivision(groupId);
      RaftPeerId leader = d.getInfo().getLeaderId();
      long committed = 0;
      long applied = 0;
      try {
        committed = d.getRaftLog().getLastCommittedIndex();
        applied = d.getInfo().getLastAppliedIndex();
      } catch (IllegalStateException stillLoading) {
        // the engine loads its log and state machine updater after the server exists (start-up)
      }
      return new RaftStatus(leader == null ? 0 : memberId(leader), d.getInfo().getCurrentTerm(),
          committed, applied, d.getInfo().isLeader());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public CompletableFuture<Void> transferLeadership(long memberId, long timeoutMs) {
    return transferLeadership(peerId(memberId), timeoutMs);
  }

  /** {@code newLeader} null: Ratis steps this leader down and the members elect one. */
  private CompletableFuture<Void> transferLeadership(RaftPeerId newLeader, long timeoutMs) {
    TransferLeadershipRequest req = new TransferLeadershipRequest(clientId, server.getId(), groupId,
        callIds.incrementAndGet(), newLeader, timeoutMs);
    try {
      return server.transferLeadershipAsync(req).thenApply(this::check);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public RaftMembers members() {
    try {
      var conf = division().getRaftConf();
      java.util.Map<Long, String> voters = new java.util.HashMap<>();
      java.util.Map<Long, String> learners = new java.util.HashMap<>();
      for (RaftPeer p : conf.getCurrentPeers(org.apache.ratis.proto.RaftProtos.RaftPeerRole.FOLLOWER)) {
        voters.put(memberId(p.getId()), p.getAddress());
      }
      for (RaftPeer p : conf.getCurrentPeers(org.apache.ratis.proto.RaftProtos.RaftPeerRole.LISTENER)) {
        learners.put(memberId(p.getId()), p.getAddress());
      }
      return new RaftMembers(voters, learners);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public CompletableFuture<Void> reconfigure(RaftMembers target) {
    List<RaftPeer> servers = new ArrayList<>();
    target.voters().forEach((id, addr) ->
        servers.add(RaftPeer.newBuilder().setId(peerId(id)).setAddress(addr).build()));
    List<RaftPeer> listeners = new ArrayList<>();
    target.learners().forEach((id, addr) -> listeners.add(RaftPeer.newBuilder().setId(peerId(id))
        .setAddress(addr).setStartupRole(org.apache.ratis.proto.RaftProtos.RaftPeerRole.LISTENER)
        .build()));
    SetConfigurationRequest req = new SetConfigurationRequest(clientId, server.getId(), groupId,
        callIds.incrementAndGet(), SetConfigurationRequest.Arguments.newBuilder()
            .setServersInNewConf(servers).setListenersInNewConf(listeners)
            .setMode(SetConfigurationRequest.Mode.SET_UNCONDITIONALLY).build());
    try {
      return server.setConfigurationAsync(req).thenApply(this::check);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public long matchIndex(long memberId) {
    try {
      var info = division().getInfo();
      if (!info.isLeader()) {
        return -1;
      }
      // both lists come from the leader's log appenders, in the same order
      int i = followerIndex(info.getRoleInfoProto().getLeaderInfo().getFollowerInfoList(), memberId);
      long[] match = info.getFollowerMatchIndices();
      return i < 0 || i >= match.length ? -1 : match[i];
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public long millisSinceHeardFrom(long memberId) {
    try {
      var info = division().getInfo();
      if (!info.isLeader()) {
        return -1;
      }
      var followers = info.getRoleInfoProto().getLeaderInfo().getFollowerInfoList();
      int i = followerIndex(followers, memberId);
      return i < 0 ? -1 : followers.get(i).getLastRpcElapsedTimeMs();
    } catch (IOException e) {
      return -1;
    }
  }

  /** The position of member {@code memberId} in a leader's list of followers, or -1. */
  private static int followerIndex(List<org.apache.ratis.proto.RaftProtos.ServerRpcProto> followers,
      long memberId) {
    for (int i = 0; i < followers.size(); i++) {
      if (memberId(RaftPeerId.valueOf(followers.get(i).getId().getId())) == memberId) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public CompletableFuture<Void> stepDown() {
    return transferLeadership(null, settings.requestTimeoutMs());
  }

  @Override
  public long commitIndexOf(long memberId) {
    try {
      for (var info : division().getCommitInfos()) {
        if (memberId(RaftPeerId.valueOf(info.getServer().getId())) == memberId) {
          return info.getCommitIndex();
        }
      }
    } catch (IOException e) {
      // unknown
    }
    return -1;
  }

  private RaftServer.Division division() throws IOException {
    return server.getDivision(groupId);
  }

  @Override
  public void close() {
    closed = true;
    RatisMetricRegistries.stopListening(server.getId(), timings);
    ticker.shutdownNow();
    leaderChanges.shutdownNow();
    clientCloser.shutdown();
    List.copyOf(retired).forEach(this::retire);
    for (AtomicReference<RaftClient> client : List.of(forwarder, asker)) {
      closeQuietly(client.get());
    }
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
