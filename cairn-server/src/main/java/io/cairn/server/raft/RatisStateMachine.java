package io.cairn.server.raft;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.util.LifeCycle;

/**
 * Adapts Ratis's state machine contract to {@link EntryApplier}. The applied index persisted by the
 * applier doubles as the "snapshot" Ratis restarts from, so only later entries are replayed.
 */
final class RatisStateMachine extends BaseStateMachine {
  private final EntryApplier applier;

  RatisStateMachine(EntryApplier applier) {
    this.applier = applier;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage storage)
      throws IOException {
    super.initialize(server, groupId, storage);
    setLastAppliedTermIndex(TermIndex.valueOf(applier.appliedTerm(), applier.appliedIndex()));
  }

  @Override
  public SnapshotInfo getLatestSnapshot() {
    TermIndex ti = TermIndex.valueOf(applier.appliedTerm(), applier.appliedIndex());
    if (ti.getIndex() < 0) {
      return null;
    }
    return new SnapshotInfo() {
      @Override
      public TermIndex getTermIndex() {
        return ti;
      }

      @Override
      public java.util.List<org.apache.ratis.server.storage.FileInfo> getFiles() {
        return java.util.List.of();
      }
    };
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
    // reads are served from our own store once Ratis has confirmed the read index
    return CompletableFuture.completedFuture(Message.EMPTY);
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
    if (newLeaderId == null || !newLeaderId.equals(getId())) {
      applier.leaderChanged(newLeaderId == null ? 0 : RatisRaftNode.memberId(newLeaderId), -1, false);
    }
  }

  @Override
  public void pause() {
    LifeCycle lc = getLifeCycle();
    if (lc.getCurrentState() == LifeCycle.State.RUNNING) {
      lc.transition(LifeCycle.State.PAUSING);
      lc.transition(LifeCycle.State.PAUSED);
    }
  }

  @Override
  public void reinitialize() throws IOException {
    LifeCycle lc = getLifeCycle();
    lc.transition(LifeCycle.State.STARTING);
    setLastAppliedTermIndex(TermIndex.valueOf(applier.appliedTerm(), applier.appliedIndex()));
    lc.transition(LifeCycle.State.RUNNING);
  }
}
