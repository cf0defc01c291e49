package io.cairn.server.raft;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.proto.RaftProtos;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.util.LifeCycle;

/**
 * Adapts Ratis's state machine contract to {@link EntryApplier}.
 *
 * <p>Snapshots are copies of the store ({@link EntryApplier#checkpoint}) in Ratis's state machine
 * directory ({@link CheckpointStorage}), taken every --snapshot-count requests; Ratis sends them
 * to members whose log it has purged. On restart, Ratis replays the log from the latest
 * snapshot; entries the backend already holds (index ≤ its applied index) are skipped, as etcd's
 * consistent index does.
 */
final class RatisStateMachine extends BaseStateMachine {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RatisStateMachine.class);
  private final EntryApplier applier;
  /** etcd's --snapshot-count: requests applied between two snapshots. */
  private final long snapshotCount;
  /** Requests applied since the last snapshot started. Apply thread. */
  private long requestsSinceSnapshot;
  private final java.util.function.Consumer<RaftClientRequest> appending;
  private final java.util.function.Consumer<RaftPeerId> leaderChanged;
  private final CheckpointStorage snapshots = new CheckpointStorage();
  private final Object takingLock = new Object();
  /** The snapshot being written, if any. Guarded by takingLock. */
  private SnapshotCheckpoint taking;
  /** Set while a snapshot from the leader is installed, and once closed. Guarded by takingLock. */
  private boolean paused;
  /** After a failed snapshot (a full disk, say), the next waits. */
  private static final long RETRY_SECONDS = 10;
  /** System.nanoTime() before which no taking starts. Guarded by takingLock. */
  private long noSnapshotBefore = System.nanoTime();

  /**
   * {@code appending} hears of each client request the engine is about to append to its log,
   * {@code leaderChanged} of each new leader this member learns of (itself included).
   */
  RatisStateMachine(EntryApplier applier, long snapshotCount,
      java.util.function.Consumer<RaftClientRequest> appending,
      java.util.function.Consumer<RaftPeerId> leaderChanged) {
    this.applier = applier;
    this.snapshotCount = snapshotCount;
    this.appending = appending;
    this.leaderChanged = leaderChanged;
  }

  @Override
  public TransactionContext preAppendTransaction(TransactionContext trx) throws IOException {
    RaftClientRequest request = trx.getClientRequest();
    if (request != null) {
      appending.accept(request);
    }
    return trx;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage storage)
      throws IOException {
    super.initialize(server, groupId, storage);
    // Ratis checks the lifecycle when it installs a snapshot: NEW → STARTING → RUNNING here,
    // RUNNING → PAUSED in pause(), back to RUNNING in reinitialize()
    getLifeCycle().startAndTransition(() -> {
      snapshots.init(storage);
      snapshots.removeUnfinished();
      snapshots.removeReceivedLeftovers();
      SnapshotInfo latest = snapshots.loadLatest();
      if (latest != null) {
        if (latest.getIndex() > applier.appliedIndex() || applier.restoreInterrupted()) {
          restore(latest);
        }
        // Ratis replays the log from here; applyTransaction skips what the backend already holds
        setLastAppliedTermIndex(latest.getTermIndex());
      }
    }, IOException.class);
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return snapshots;
  }

  @Override
  public SnapshotInfo getLatestSnapshot() {
    return snapshots.getLatestSnapshot();
  }

  /**
   * A written snapshot waits for the next {@link #takeSnapshot} to be made the latest; Ratis calls
   * it when asked, and the tick asks.
   */
  boolean snapshotWritten() {
    synchronized (takingLock) {
      return taking != null && taking.isDone();
    }
  }

  /**
   * Called by Ratis on the apply thread when asked for a snapshot ({@link RatisRaftNode}'s tick
   * asks once one is written). A finished {@link SnapshotCheckpoint} is made the latest snapshot,
   * and Ratis purges the log behind it; without one, one is started. Returns the latest snapshot's
   * index.
   */
  @Override
  public long takeSnapshot() throws IOException {
    SnapshotCheckpoint done;
    synchronized (takingLock) {
      done = taking != null && taking.isDone() ? taking : null;
    }
    if (done != null) {
      return publish(done);
    }
    startSnapshot();
    return latestIndex();
  }

  /**
   * Starts a {@link SnapshotCheckpoint} of the applied state on the apply thread, unless one is
   * being taken, the state is being replaced, or nothing was applied since the latest snapshot.
   */
  private void startSnapshot() {
    TermIndex applied = TermIndex.valueOf(applier.appliedTerm(), applier.appliedIndex());
    synchronized (takingLock) {
      if (taking == null && !paused && applied.getIndex() > latestIndex()
          && System.nanoTime() - noSnapshotBefore >= 0) {
        taking = SnapshotCheckpoint.start(applier::checkpoint, snapshots.unfinishedPathOf(applied));
        requestsSinceSnapshot = 0;
      }
    }
  }

  private long latestIndex() {
    SnapshotInfo last = getLatestSnapshot();
    return last == null ? -1 : last.getIndex();
  }

  /** Makes a finished copy the latest snapshot, once Ratis has applied every entry it holds. */
  private long publish(SnapshotCheckpoint done) {
    SnapshotCheckpoint.Written w;
    try {
      w = done.result();
    } catch (IOException e) {
      backOff("snapshot not taken", e);
      forget(done);
      return latestIndex();
    }
    TermIndex at = TermIndex.valueOf(w.at().term(), w.at().index());
    if (at.getIndex() <= latestIndex()) {
      forget(done); // a newer snapshot was installed from the leader meanwhile
      return latestIndex();
    }
    TermIndex raftApplied = getLastAppliedTermIndex();
    if (raftApplied == null || at.getIndex() > raftApplied.getIndex()) {
      // Ratis replays entries the store already holds (after a restart): a snapshot ahead of its
      // applied index would skip entries it has not seen, so this one waits for them
      return latestIndex();
    }
    // under the lock: a snapshot from the leader (pause) or a stop cancels the copy, removing it,
    // and must not do so halfway through its rename; nor may old snapshots be removed while Ratis
    // replaces the whole directory with the leader's
    synchronized (takingLock) {
      if (taking != done || paused) {
        return latestIndex(); // cancelled meanwhile
      }
      taking = null;
      try {
        done.publish(snapshots.pathOf(at));
        snapshots.setLatest(at);
      } catch (IOException e) {
        backOff("snapshot at index " + at.getIndex() + " not published", e);
        done.cancel();
        return latestIndex();
      }
      try {
        snapshots.cleanupOldSnapshots(CheckpointStorage.KEEP_TWO);
      } catch (IOException e) {
        LOG.warn("older snapshots not removed: {}", e.toString());
      }
    }
    LOG.info("snapshot taken at index {} (a copy of the store, taken in {} ms beside the apply "
        + "thread)", at.getIndex(), w.millis());
    applier.snapshotTaken();
    return at.getIndex();
  }

  /** Logs why a snapshot failed, and starts none for a while: the cause may last (a full disk). */
  private void backOff(String what, IOException cause) {
    LOG.warn("{} (tried again in {} s): {}", what, RETRY_SECONDS, cause.toString());
    synchronized (takingLock) {
      noSnapshotBefore = System.nanoTime() + TimeUnit.SECONDS.toNanos(RETRY_SECONDS);
    }
  }

  /** Drops a copy that will not be published. */
  private void forget(SnapshotCheckpoint done) {
    synchronized (takingLock) {
      if (taking == done) {
        taking = null;
      }
    }
    done.cancel();
  }

  /** Stops a taking under way, and keeps new ones from starting until {@link #reinitialize}. */
  private void stopSnapshots() {
    SnapshotCheckpoint running;
    synchronized (takingLock) {
      paused = true;
      running = taking;
      taking = null;
    }
    if (running != null) {
      running.cancel();
    }
  }

  @Override
  public void close() throws IOException {
    stopSnapshots(); // it copies the store, which closes after the engine
    super.close();
  }

  private void restore(SnapshotInfo snapshot) throws IOException {
    LOG.info("installing snapshot at index {}", snapshot.getIndex());
    applier.restoreSnapshot(snapshots.pathOf(snapshot.getTermIndex()), snapshot.getIndex());
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    RaftProtos.LogEntryProto entry = trx.getLogEntry();
    long index = entry.getIndex();
    if (index > applier.appliedIndex()) {
      requestsSinceSnapshot += applier.apply(entry.getTerm(), index,
          entry.getStateMachineLogEntry().getLogData().toByteArray());
      if (requestsSinceSnapshot >= snapshotCount) {
        startSnapshot();
      }
    }
    updateLastAppliedTermIndex(entry.getTerm(), index);
    return CompletableFuture.completedFuture(Message.EMPTY);
  }

  @Override
  public CompletableFuture<Message> query(Message request) {
    if (request.getContent().isEmpty()) {
      // reads are served from our own store once Ratis has confirmed the read index
      return CompletableFuture.completedFuture(Message.EMPTY);
    }
    return answer(request, applier::answerAsLeader);
  }

  /**
   * A stale read is how one member asks another by name ({@link RaftNode#askMember}). The answer
   * (a corruption check's hash of the whole store) is computed off the peer transport's thread,
   * where Ratis hands the question over ({@link PeerCalls}).
   */
  @Override
  public CompletableFuture<Message> queryStale(Message request, long minIndex) {
    return CompletableFuture.supplyAsync(() -> answer(request, applier::answerAsMember))
        .thenCompose(answer -> answer);
  }

  private static CompletableFuture<Message> answer(Message question,
      java.util.function.UnaryOperator<byte[]> answerer) {
    try {
      byte[] answer = answerer.apply(question.getContent().toByteArray());
      return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(answer)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public void notifyLeaderReady() {
    getServer().thenAccept(s -> {
      try {
        long term = s.getDivision(getGroupId()).getInfo().getCurrentTerm();
        applier.leaderChanged(RatisRaftNode.memberId(getId()), term, true);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeaderId) {
    leaderChanged.accept(newLeaderId);
    if (newLeaderId == null || !newLeaderId.equals(getId())) {
      applier.leaderChanged(newLeaderId == null ? 0 : RatisRaftNode.memberId(newLeaderId), -1, false);
    }
  }

  @Override
  public void notifyServerShutdown(org.apache.ratis.proto.RaftProtos.RoleInfoProto roleInfo,
      boolean allServer) {
    if (!allServer) {
      applier.engineStopped();
    }
  }

  @Override
  public void pause() {
    stopSnapshots(); // it predates the state about to be installed
    LifeCycle lc = getLifeCycle();
    if (lc.getCurrentState() == LifeCycle.State.RUNNING) {
      lc.transition(LifeCycle.State.PAUSING);
      lc.transition(LifeCycle.State.PAUSED);
    }
  }

  /** Called after Ratis installed a snapshot from the leader: load it into our state. */
  @Override
  public void reinitialize() throws IOException {
    LifeCycle lc = getLifeCycle();
    lc.transition(LifeCycle.State.STARTING);
    // Ratis wrote what it received without syncing it, and has purged its log behind it
    snapshots.syncLatest();
    SnapshotInfo latest = snapshots.loadLatest();
    requestsSinceSnapshot = 0;
    if (latest != null) {
      if (latest.getIndex() > applier.appliedIndex()) {
        restore(latest);
      }
      setLastAppliedTermIndex(latest.getTermIndex());
    }
    synchronized (takingLock) {
      paused = false;
    }
    lc.transition(LifeCycle.State.RUNNING);
  }
}
