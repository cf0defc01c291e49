package io.cairn.server.core;

import io.cairn.api.internal.InternalRaftRequest;
import io.cairn.api.internal.MemberAddEntry;
import io.cairn.api.internal.MemberPromoteEntry;
import io.cairn.api.internal.MemberRecord;
import io.cairn.api.internal.MemberRemoveEntry;
import io.cairn.api.internal.MemberUpdateEntry;
import io.cairn.server.errors.EtcdError;
import io.cairn.server.membership.Member;
import io.cairn.server.membership.MemberIds;
import io.cairn.server.membership.MemberStore;
import io.cairn.server.raft.RaftMembers;
import io.cairn.server.raft.RaftNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's membership API on top of the log. The member list is replicated state, changed by applied
 * entries; the leader then brings the Raft engine's configuration in line with it, adding a new
 * member once something answers on its peer URL (Ratis lets it catch up before it counts towards
 * quorum).
 */
final class MembershipChanges {
  private static final Logger LOG = LoggerFactory.getLogger(MembershipChanges.class);
  /** etcd promotes a learner only when it has at least 90% of the leader's log. */
  private static final double READY_PERCENT = 0.9;
  /** etcd's default --max-learners. */
  private static final int MAX_LEARNERS = 1;

  private final MemberStore members;
  private final RaftNode raft;
  private final String clusterToken;
  private final Function<InternalRaftRequest.Builder, CompletableFuture<Object>> proposer;
  private final AtomicReference<Change> running = new AtomicReference<>();
  /** New members already reported as not answering, so that the report is made once. */
  private final Set<Long> reportedSilent = ConcurrentHashMap.newKeySet();
  /** How long a new member may be silent before its stalled addition is ended. */
  private final long stalledAfterMs;
  /** Members removed from the list but still in the engine: the commit index to wait for. */
  private final Map<Long, long[]> leaving = new java.util.concurrent.ConcurrentHashMap<>();
  /** How long a removed member may take to learn of its removal before it is cut off anyway. */
  private static final long LEAVE_GRACE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

  MembershipChanges(MemberStore members, RaftNode raft, String clusterToken, long electionTimeoutMs,
      Function<InternalRaftRequest.Builder, CompletableFuture<Object>> proposer) {
    // twice the time after which Ratis itself gives up on a silent new member when it is idle
    this.stalledAfterMs = 12 * electionTimeoutMs;
    this.members = members;
    this.raft = raft;
    this.clusterToken = clusterToken;
    this.proposer = proposer;
  }

  /** Adds a member (ID from its peer URLs and the cluster token); returns it and all members. */
  CompletableFuture<List<Member>> add(List<String> peerUrls, boolean learner) {
    checkUrls(peerUrls);
    for (Member m : members.members()) {
      for (String u : peerUrls) {
        if (m.peerUrls().contains(u)) {
          throw EtcdError.PEER_URL_EXIST.exception();
        }
      }
    }
    if (learner && members.members().stream().filter(Member::isLearner).count() >= MAX_LEARNERS) {
      throw EtcdError.TOO_MANY_LEARNERS.exception();
    }
    long id = MemberIds.memberId(peerUrls, clusterToken, null);
    if (members.member(id).isPresent()) {
      throw EtcdError.MEMBER_EXIST.exception();
    }
    MemberAddEntry entry = MemberAddEntry.newBuilder().setClusterId(members.clusterId())
        .setMember(MemberRecord.newBuilder().setId(id).addAllPeerUrls(peerUrls)
            .setIsLearner(learner)).build();
    return proposer.apply(InternalRaftRequest.newBuilder().setMemberAdd(entry)).thenApply(r -> List.of(members.member(id).orElseThrow()));
  }

  CompletableFuture<Void> remove(long id) {
    requireMember(id);
    return proposer.apply(InternalRaftRequest.newBuilder()
        .setMemberRemove(MemberRemoveEntry.newBuilder().setId(id))).thenApply(r -> null);
  }

  CompletableFuture<Void> update(long id, List<String> peerUrls) {
    requireMember(id);
    checkUrls(peerUrls);
    return proposer.apply(InternalRaftRequest.newBuilder()
        .setMemberUpdate(MemberUpdateEntry.newBuilder().setId(id).addAllPeerUrls(peerUrls)))
        .thenApply(r -> null);
  }

  CompletableFuture<Void> promote(long id) {
    Member m = requireMember(id);
    if (!m.isLearner()) {
      throw EtcdError.MEMBER_NOT_LEARNER.exception();
    }
    // requests reach the leader (a follower forwards them): only it knows the learner's progress
    if (!raft.status().isLeader()) {
      throw EtcdError.NOT_LEADER.exception();
    }
    long commit = raft.status().commitIndex();
    long match = raft.matchIndex(id);
    if (match < 0 || match < READY_PERCENT * commit) {
      throw EtcdError.LEARNER_NOT_READY.exception();
    }
    return proposer.apply(InternalRaftRequest.newBuilder()
        .setMemberPromote(MemberPromoteEntry.newBuilder().setId(id))).thenApply(r -> null);
  }

  private Member requireMember(long id) {
    return members.member(id).orElseThrow(EtcdError.MEMBER_NOT_FOUND::exception);
  }

  private static void checkUrls(List<String> urls) {
    if (urls.isEmpty()) {
      throw EtcdError.MEMBER_BAD_URLS.exception();
    }
    for (String u : urls) {
      try {
        URI uri = new URI(u);
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null
            || uri.getPort() <= 0 || (uri.getPath() != null && !uri.getPath().isEmpty())) {
          throw EtcdError.MEMBER_BAD_URLS.exception();
        }
      } catch (java.net.URISyntaxException e) {
        throw EtcdError.MEMBER_BAD_URLS.exception();
      }
    }
  }

  /** Leader only: makes the engine's configuration match the member list, one change at a time. */
  void reconcile() {
    if (!raft.status().isLeader()) {
      running.set(null); // a change a former leadership started ended with it
      return;
    }
    Change current = running.get();
    if (current != null) {
      stepDownIfStalled(current);
      return;
    }
    RaftMembers target = target();
    RaftMembers actual = raft.members();
    if (target.equals(actual) || target.voters().isEmpty() || !removedMembersKnowIt(target, actual)) {
      return;
    }
    Map<Long, String> joining = new HashMap<>(target.voters());
    joining.putAll(target.learners());
    joining.keySet().removeAll(actual.voters().keySet());
    joining.keySet().removeAll(actual.learners().keySet());
    Change change = new Change(joining.keySet(), System.nanoTime(), new AtomicBoolean());
    if (!running.compareAndSet(null, change)) {
      return;
    }
    CompletableFuture.supplyAsync(() -> silent(joining)).thenCompose(silent -> {
      if (!silent.isEmpty()) {
        if (reportedSilent.addAll(silent)) {
          LOG.info("new member(s) {} not added to the Raft configuration yet: nothing answers on "
              + "their peer URLs; they are added once they do", hex(silent));
        }
        return CompletableFuture.completedFuture(null);
      }
      LOG.info("changing Raft configuration from {} to {}", actual, target);
      return raft.reconfigure(target);
    }).whenComplete((v, err) -> {
      running.compareAndSet(change, null);
      if (err != null) {
        LOG.info("Raft configuration change not done yet: {}", err.getMessage());
      }
    });
  }

  /**
   * Ratis lets a new member catch up before the configuration that adds it is committed, and
   * checks that catching up only when its event queue is idle or the new member answers. A new
   * member that stops answering under steady writes (killed while catching up, say) therefore
   * holds the change, and every later one (even its own removal), forever. Once it has been silent
   * this long the leader steps down: the change ends with its leadership, and the next leader
   * starts it again once the member answers.
   */
  private void stepDownIfStalled(Change change) {
    if (System.nanoTime() - change.startedNanos() < TimeUnit.MILLISECONDS.toNanos(stalledAfterMs)) {
      return;
    }
    for (long id : change.joining()) {
      long silentMs = raft.millisSinceHeardFrom(id);
      if (silentMs > stalledAfterMs && change.steppingDown().compareAndSet(false, true)) {
        LOG.warn("member {} being added has not answered for {} ms and its addition is stalled: "
            + "stepping down so that the next leader starts it again", Long.toHexString(id), silentMs);
        raft.stepDown().whenComplete((v, err) -> {
          if (err != null) {
            LOG.warn("stepping down failed: {}", err.getMessage());
          }
        });
        return;
      }
    }
  }

  /** The members among {@code peers} that refuse or ignore a connection to their peer address. */
  private Set<Long> silent(Map<Long, String> peers) {
    Set<Long> silent = new HashSet<>();
    int timeoutMs = (int) Math.min(stalledAfterMs, 1000);
    peers.forEach((id, hostPort) -> {
      int colon = hostPort.lastIndexOf(':');
      String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1))),
            timeoutMs);
        reportedSilent.remove(id);
      } catch (IOException e) {
        silent.add(id);
      }
    });
    return silent;
  }

  private static List<String> hex(Set<Long> ids) {
    return ids.stream().map(Long::toHexString).sorted().toList();
  }

  /** A configuration change the leader has started: the members it adds, and since when. */
  private record Change(Set<Long> joining, long startedNanos, AtomicBoolean steppingDown) {}

  /**
   * A removed member stops by applying its own removal; once the engine drops it, nothing reaches
   * it any more. So it stays in the engine until it has reported a commit index past its removal
   * (or a grace period has passed, for a member that is down).
   */
  private boolean removedMembersKnowIt(RaftMembers target, RaftMembers actual) {
    long now = System.nanoTime();
    java.util.Set<Long> inEngine = new java.util.HashSet<>(actual.voters().keySet());
    inEngine.addAll(actual.learners().keySet());
    leaving.keySet().retainAll(inEngine);
    boolean ready = true;
    for (Long id : inEngine) {
      if (target.voters().containsKey(id) || target.learners().containsKey(id)) {
        continue;
      }
      long[] since = leaving.computeIfAbsent(id, k -> new long[] {raft.status().commitIndex(), now});
      if (raft.commitIndexOf(id) < since[0] && now - since[1] < LEAVE_GRACE_NANOS) {
        ready = false;
      }
    }
    return ready;
  }

  private RaftMembers target() {
    Map<Long, String> voters = new HashMap<>();
    Map<Long, String> learners = new HashMap<>();
    for (Member m : members.members()) {
      URI u = URI.create(m.peerUrls().get(0));
      (m.isLearner() ? learners : voters).put(m.id(), u.getHost() + ":" + u.getPort());
    }
    return new RaftMembers(voters, learners);
  }
}
