package io.cairn.server.core;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.api.AlarmType;
import io.cairn.api.HashKVRequest;
import io.cairn.api.HashKVResponse;
import io.cairn.api.ResponseHeader;
import io.cairn.api.internal.MemberAnswer;
import io.cairn.api.internal.MemberQuestion;
import io.cairn.server.mvcc.KvStore;
import io.cairn.server.raft.RaftNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's corruption checks ({@code etcdserver/corrupt.go}): members compare the hash of their key
 * history at one revision. A member whose applied state differs from its peers' at the same
 * revision and compaction holds data the log did not produce (a damaged or altered disk, a bug).
 * The initial check keeps such a member from joining; the leader's periodic check raises a CORRUPT
 * alarm, which stops all writes until an operator has dealt with it.
 */
final class CorruptionCheck {
  private static final Logger LOG = LoggerFactory.getLogger(CorruptionCheck.class);

  private final long localId;
  private final KvStore store;
  private final RaftNode raft;
  private final Supplier<List<Long>> peerIds;
  private final BiConsumer<Long, AlarmType> raiseAlarm;
  private final long timeoutMs;

  CorruptionCheck(long localId, KvStore store, RaftNode raft, Supplier<List<Long>> peerIds,
      BiConsumer<Long, AlarmType> raiseAlarm, long timeoutMs) {
    this.localId = localId;
    this.store = store;
    this.raft = raft;
    this.peerIds = peerIds;
    this.raiseAlarm = raiseAlarm;
    this.timeoutMs = timeoutMs;
  }

  /** One peer's HashKV at a revision, or why there is none. */
  private record PeerHash(long memberId, HashKVResponse response, Throwable error) {}

  /**
   * Before this member joins: its hash at its own revision against each peer's at the same
   * revision. Peers that cannot answer (down, behind, compacted past it) are skipped, as etcd does.
   *
   * @throws IllegalStateException naming the member when a peer with the same compaction differs
   */
  void checkInitial() {
    LOG.info("starting initial corruption check local-member-id={} timeout={}ms",
        Long.toHexString(localId), timeoutMs);
    KvStore.Hash local = store.hashWithRevisions(0);
    int mismatches = 0;
    for (PeerHash p : peerHashes(local.currentRevision())) {
      if (p.response() == null) {
        LOG.warn("cannot fetch hash from remote peer remote-peer-id={} local-member-revision={}: {}",
            Long.toHexString(p.memberId()), local.currentRevision(), describe(p.error()));
        continue;
      }
      if (p.response().getHash() == local.hash()) {
        continue;
      }
      if (p.response().getCompactRevision() == local.compactRevision()) {
        LOG.warn("found different hash values from remote peer {}", describe(local, p));
        mismatches++;
      } else {
        LOG.warn("found different compact revision values from remote peer {}", describe(local, p));
      }
    }
    if (mismatches > 0) {
      throw new IllegalStateException(
          String.format("%x found data inconsistency with peers", localId));
    }
    LOG.info("initial corruption checking passed; no corruption local-member-id={}",
        Long.toHexString(localId));
  }

  /**
   * The leader's periodic pass: every peer's hash at the leader's revision. A peer that differs
   * at the same compaction gets a CORRUPT alarm (with its member ID, as etcd 3.5 raises it); a
   * peer still behind that revision is skipped until the next pass.
   */
  void checkAsLeader() {
    if (!raft.status().isLeader()) {
      return;
    }
    KvStore.Hash local = store.hashWithRevisions(0);
    for (PeerHash p : peerHashes(local.currentRevision())) {
      if (p.response() == null) {
        LOG.debug("corruption check skipped member {}: {}", Long.toHexString(p.memberId()),
            describe(p.error()));
        continue;
      }
      if (p.response().getCompactRevision() == local.compactRevision()
          && p.response().getHash() != local.hash()) {
        LOG.warn("same compact revision then hashes must match {}", describe(local, p));
        raiseAlarm.accept(p.memberId(), AlarmType.CORRUPT);
        return; // one alarm per pass, as etcd
      }
    }
  }

  /** Answers a peer's {@link MemberQuestion} from this member's store. */
  byte[] answer(byte[] question) {
    MemberQuestion q;
    try {
      q = MemberQuestion.parseFrom(question);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("unreadable member question", e);
    }
    if (!q.hasHashKv()) {
      throw new IllegalArgumentException("unknown member question " + q.getQuestionCase());
    }
    KvStore.Hash h = store.hashWithRevisions(q.getHashKv().getRevision());
    return MemberAnswer.newBuilder().setHashKv(HashKVResponse.newBuilder()
        .setHeader(ResponseHeader.newBuilder().setMemberId(localId).setRevision(h.currentRevision()))
        .setHash(h.hash()).setCompactRevision(h.compactRevision())).build().toByteArray();
  }

  private List<PeerHash> peerHashes(long revision) {
    byte[] question = MemberQuestion.newBuilder()
        .setHashKv(HashKVRequest.newBuilder().setRevision(revision)).build().toByteArray();
    List<Long> ids = new ArrayList<>();
    List<CompletableFuture<HashKVResponse>> asked = new ArrayList<>();
    for (long id : peerIds.get()) {
      if (id == localId) {
        continue;
      }
      ids.add(id);
      asked.add(raft.askMember(id, question)
          .thenApply(CorruptionCheck::parseAnswer)
          .orTimeout(timeoutMs, TimeUnit.MILLISECONDS));
    }
    List<PeerHash> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      try {
        out.add(new PeerHash(ids.get(i), asked.get(i).join(), null));
      } catch (RuntimeException e) {
        out.add(new PeerHash(ids.get(i), null, EtcdServer.unwrap(e)));
      }
    }
    return out;
  }

  private static HashKVResponse parseAnswer(byte[] answer) {
    try {
      return MemberAnswer.parseFrom(answer).getHashKv();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("unreadable member answer", e);
    }
  }

  private static String describe(Throwable error) {
    return error == null ? "no answer" : error.getClass().getSimpleName() + ": " + error.getMessage();
  }

  private String describe(KvStore.Hash local, PeerHash p) {
    return String.format("local-member-id=%x local-member-revision=%d "
            + "local-member-compact-revision=%d local-member-hash=%d remote-peer-id=%x "
            + "remote-peer-revision=%d remote-peer-compact-revision=%d remote-peer-hash=%d",
        localId, local.currentRevision(), local.compactRevision(), Integer.toUnsignedLong(local.hash()),
        p.memberId(), p.response().getHeader().getRevision(), p.response().getCompactRevision(),
        Integer.toUnsignedLong(p.response().getHash()));
  }
}
