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
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.server.storage.FileInfo;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import org.apache.ratis.util.LifeCycle;

/**
 * Adapts Ratis's state machine contract to {@link EntryApplier}.
 *
 * <p>Snapshots are files in Ratis's state machine directory, written by the applier; Ratis sends
 * them to members whose log it has purged. On restart, Ratis replays the log from the latest
 * snapshot; entries the backend already holds (index ≤ its applied index) are skipped, as etcd's
 * consistent index does.
 */
final class RatisStateMachine extends BaseStateMachine {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RatisStateMachine.class);
  private final EntryApplier applier;
  private final java.util.function.Consumer<RaftClientRequest> appending;
  private final java.util.function.Consumer<RaftPeerId> leaderChanged;
  private final SimpleStateMachineStorage snapshots = new SimpleStateMachineStorage();
  private final Object dumpLock = new Object();
  /** The snapshot being written, if any. Guarded by dumpLock. */
  private SnapshotDump dump;
  /** Set while a snapshot from the leader is installed, and once closed. Guarded by dumpLock. */
  private boolean paused;
  /** After a failed dump (a full disk, say), the next waits: each reads the whole store. */
  private static final long DUMP_RETRY_SECONDS = 10;
  /** System.nanoTime() before which no dump starts. Guarded by dumpLock. */
  private long noDumpBefore = System.nanoTime();

  /**
   * {@code appending} hears of each client request the engine is about to append to its log,
   * {@code leaderChanged} of each new leader this member learns of (itself included).
   */
  RatisStateMachine(EntryApplier applier, java.util.function.Consumer<RaftClientRequest> appending,
      java.util.function.Consumer<RaftPeerId> leaderChanged) {
    this.applier = applier;
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
      // a dump cut short by a crash: never a snapshot (SnapshotDump names it one only once synced)
      File[] torn = storage.getStorageDir().getStateMachineDir()
          .listFiles((dir, name) -> name.startsWith("snapshot.") && name.endsWith(".tmp"));
      for (File f : torn == null ? new File[0] : torn) {
        java.nio.file.Files.deleteIfExists(f.toPath());
      }
      SingleFileSnapshotInfo latest = snapshots.loadLatestSnapshot();
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
   * only as entries are applied, so on a quiet member the tick asks for that call.
   */
  boolean snapshotWritten() {
    synchronized (dumpLock) {
      return dump != null && dump.isDone();
    }
  }

  /**
   * Called by Ratis on the apply thread when a snapshot is due (every --snapshot-count entries).
   * The first call captures the store and starts a {@link SnapshotDump}; calls while it is written
   * return the latest snapshot's index; the first call after it is synced makes it the latest, and
   * Ratis purges the log behind it. Writing a whole store on the apply thread stalled every request
   * for as long (464 ms for a 62 MB store).
   */
  @Override
  public long takeSnapshot() throws IOException {
    SnapshotDump done;
    synchronized (dumpLock) {
      done = dump != null && dump.isDone() ? dump : null;
      if (done != null) {
        dump = null;
      }
    }
    if (done != null) {
      return publish(done);
    }
    TermIndex applied = TermIndex.valueOf(applier.appliedTerm(), applier.appliedIndex());
    TermIndex raftApplied = getLastAppliedTermIndex();
    // Ratis's applied index may be ahead of ours over entries of its own (the configuration entry
    // a new leader starts its term with): the state is then the state at our index, which names
    // the snapshot. Ours ahead: still replaying entries the backend already holds.
    boolean consistent = applied.getIndex() >= 0 && raftApplied != null
        && applied.getIndex() <= raftApplied.getIndex();
    long latest = latestIndex();
    synchronized (dumpLock) {
      if (consistent && dump == null && !paused && applied.getIndex() > latest
          && System.nanoTime() - noDumpBefore >= 0) {
        dump = SnapshotDump.start(applier.captureSnapshot(), applied,
            snapshots.getSnapshotFile(applied.getTerm(), applied.getIndex()));
      }
    }
    return latest;
  }

  private long latestIndex() {
    SnapshotInfo last = getLatestSnapshot();
    return last == null ? -1 : last.getIndex();
  }

  private long publish(SnapshotDump done) {
    if (done.at().getIndex() <= latestIndex()) {
      done.cancel(); // a newer snapshot was installed from the leader meanwhile
      return latestIndex();
    }
    SnapshotDump.Written w;
    try {
      w = done.publish();
    } catch (IOException e) {
      LOG.warn("snapshot at index {} not written (tried again in {} s): {}",
          done.at().getIndex(), DUMP_RETRY_SECONDS, e.toString());
      synchronized (dumpLock) {
        noDumpBefore = System.nanoTime() + TimeUnit.SECONDS.toNanos(DUMP_RETRY_SECONDS);
      }
      return latestIndex();
    }
    snapshots.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(done.file().toPath(),
        w.md5()), done.at()));
    // one is enough: Ratis never falls back to an older snapshot and the log behind this one is
    // purged; a transfer of the one deleted here keeps reading its open file (or, not yet opened,
    // fails and starts over with this one). Each is a whole copy of the store.
    try {
      snapshots.cleanupOldSnapshots(new SnapshotRetentionPolicy() {
        @Override
        public int getNumSnapshotsRetained() {
          return 1;
        }
      });
    } catch (IOException e) {
      LOG.warn("older snapshots not removed: {}", e.toString());
    }
    LOG.info("snapshot taken at index {} ({} bytes, written in {} ms beside the apply thread)",
        done.at().getIndex(), done.file().length(), w.millis());
    applier.snapshotTaken();
    return done.at().getIndex();
  }

  /** Stops a dump under way, and keeps new ones from starting until {@link #reinitialize}. */
  private void stopDumps() {
    SnapshotDump running;
    synchronized (dumpLock) {
      paused = true;
      running = dump;
      dump = null;
    }
    if (running != null) {
      running.cancel();
    }
  }

  @Override
  public void close() throws IOException {
    stopDumps(); // it reads the store, which closes after the engine
    super.close();
  }

  private void restore(SingleFileSnapshotInfo snapshot) throws IOException {
    File file = snapshot.getFile().getPath().toFile();
    LOG.info("installing snapshot {} at index {}", file, snapshot.getIndex());
    try (InputStream in = new BufferedInputStream(new FileInputStream(file))) {
      applier.restoreSnapshot(in);
    }
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    RaftProtos.LogEntryProto entry = trx.getLogEntry();
    long index = entry.getIndex();
    if (index > applier.appliedIndex()) {
      applier.apply(entry.getTerm(), index,
          entry.getStateMachineLogEntry().getLogData().toByteArray());
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
    stopDumps(); // its view predates the state about to be installed
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
    SingleFileSnapshotInfo latest = snapshots.loadLatestSnapshot();
    if (latest != null) {
      if (latest.getIndex() > applier.appliedIndex()) {
        restore(latest);
      }
      setLastAppliedTermIndex(latest.getTermIndex());
    }
    synchronized (dumpLock) {
      paused = false;
    }
    lc.transition(LifeCycle.State.RUNNING);
  }
}
