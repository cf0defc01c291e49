package io.cairn.server.core;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.api.LeaseKeepAliveRequest;
import io.cairn.api.LeaseLeasesRequest;
import io.cairn.api.LeaseLeasesResponse;
import io.cairn.api.LeaseStatus;
import io.cairn.api.LeaseTimeToLiveRequest;
import io.cairn.api.LeaseTimeToLiveResponse;
import io.cairn.api.internal.LeaderLeaseAnswer;
import io.cairn.api.internal.LeaderLeaseQuestion;
import io.cairn.server.errors.EtcdError;
import io.cairn.server.errors.EtcdException;
import io.cairn.server.lease.Lessor;
import io.cairn.server.lease.NotPrimaryException;
import io.cairn.server.raft.RaftNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Lease requests that only the leader can answer, because only its lessor keeps expiry times:
 * keep-alive, time-to-live and the lease list. On the leader they are answered locally; any other
 * member asks the leader and retries, across leadership changes, until the request timeout (etcd's
 * LeaseRenew and LeaseTimeToLive forward to the leader the same way).
 */
final class LeaderLeases {
  private static final long RETRY_DELAY_MS = 50;

  private final Lessor lessor;
  private final RaftNode raft;
  private final ScheduledExecutorService timers;
  private final long timeoutMs;

  LeaderLeases(Lessor lessor, RaftNode raft, ScheduledExecutorService timers, long timeoutMs) {
    this.lessor = lessor;
    this.raft = raft;
    this.timers = timers;
    this.timeoutMs = timeoutMs;
  }

  /** Renews the lease on the leader; the TTL it was renewed with, or LEASE_NOT_FOUND. */
  CompletableFuture<Long> renew(long id) {
    return ask(LeaderLeaseQuestion.newBuilder()
        .setKeepAlive(LeaseKeepAliveRequest.newBuilder().setID(id)).build(), a -> a.getRenewedTtl());
  }

  /** The leader's view of the lease; the caller fills the header. */
  CompletableFuture<LeaseTimeToLiveResponse> timeToLive(LeaseTimeToLiveRequest r) {
    return ask(LeaderLeaseQuestion.newBuilder().setTimeToLive(r).build(),
        LeaderLeaseAnswer::getTimeToLive);
  }

  /** The leases the leader knows; the caller fills the header. */
  CompletableFuture<LeaseLeasesResponse> leases() {
    return ask(LeaderLeaseQuestion.newBuilder()
        .setLeases(LeaseLeasesRequest.getDefaultInstance()).build(), LeaderLeaseAnswer::getLeases);
  }

  /** Answers a question as the leader; an empty answer tells the asker to ask again. */
  byte[] answer(byte[] question) {
    try {
      return answer(LeaderLeaseQuestion.parseFrom(question)).toByteArray();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a lease question", e);
    }
  }

  private LeaderLeaseAnswer answer(LeaderLeaseQuestion q) {
    LeaderLeaseAnswer.Builder a = LeaderLeaseAnswer.newBuilder();
    if (!lessor.isPrimary()) {
      return a.build();
    }
    try {
      switch (q.getQuestionCase()) {
        case KEEP_ALIVE -> a.setRenewedTtl(lessor.renew(q.getKeepAlive().getID()));
        case TIME_TO_LIVE -> a.setTimeToLive(localTimeToLive(q.getTimeToLive()));
        case LEASES -> a.setLeases(localLeases());
        default -> throw new IllegalArgumentException("empty lease question");
      }
    } catch (NotPrimaryException e) {
      return LeaderLeaseAnswer.getDefaultInstance();
    } catch (EtcdException e) {
      if (e.error() != EtcdError.LEASE_NOT_FOUND) {
        throw e;
      }
      a.setLeaseNotFound(true);
    }
    if (!lessor.isPrimary()) {
      return LeaderLeaseAnswer.getDefaultInstance(); // demoted meanwhile: the answer may be stale
    }
    return a.build();
  }

  private LeaseTimeToLiveResponse localTimeToLive(LeaseTimeToLiveRequest r) {
    LeaseTimeToLiveResponse.Builder resp = LeaseTimeToLiveResponse.newBuilder().setID(r.getID());
    try {
      Lessor.LeaseInfo info = lessor.timeToLive(r.getID());
      resp.setTTL(info.remainingSeconds()).setGrantedTTL(info.ttl());
      if (r.getKeys()) {
        resp.addAllKeys(info.keys());
      }
    } catch (EtcdException e) {
      if (e.error() != EtcdError.LEASE_NOT_FOUND) {
        throw e;
      }
      resp.setTTL(-1); // etcd answers an unknown lease with TTL -1, not an error
    }
    return resp.build();
  }

  private LeaseLeasesResponse localLeases() {
    LeaseLeasesResponse.Builder resp = LeaseLeasesResponse.newBuilder();
    for (long id : lessor.ids()) {
      resp.addLeases(LeaseStatus.newBuilder().setID(id));
    }
    return resp.build();
  }

  private <T> CompletableFuture<T> ask(LeaderLeaseQuestion q, Function<LeaderLeaseAnswer, T> pick) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    CompletableFuture<LeaderLeaseAnswer> done = new CompletableFuture<>();
    attempt(q, done, deadline);
    return done.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).handle((a, err) -> {
      if (err != null) {
        Throwable t = EtcdServer.unwrap(err);
        throw new CompletionException(t instanceof EtcdException ? t : EtcdError.TIMEOUT.exception());
      }
      if (a.getAnswerCase() == LeaderLeaseAnswer.AnswerCase.LEASE_NOT_FOUND) {
        throw new CompletionException(EtcdError.LEASE_NOT_FOUND.exception());
      }
      return pick.apply(a);
    });
  }

  private void attempt(LeaderLeaseQuestion q, CompletableFuture<LeaderLeaseAnswer> done,
      long deadline) {
    if (done.isDone()) {
      return;
    }
    CompletableFuture<LeaderLeaseAnswer> answer = lessor.isPrimary()
        ? supply(() -> answer(q))
        : raft.askLeader(q.toByteArray()).thenApply(LeaderLeases::parse);
    answer.whenComplete((a, err) -> {
      if (err == null && a.getAnswerCase() != LeaderLeaseAnswer.AnswerCase.ANSWER_NOT_SET) {
        done.complete(a);
        return;
      }
      Throwable cause = err == null ? null : EtcdServer.unwrap(err);
      if (cause instanceof EtcdException) {
        done.completeExceptionally(cause);
      } else if (System.nanoTime() < deadline && !timers.isShutdown()) {
        // no leader yet, a leader not yet ready, or one that just stepped down: ask again
        timers.schedule(() -> attempt(q, done, deadline), RETRY_DELAY_MS, TimeUnit.MILLISECONDS);
      } else {
        done.completeExceptionally(EtcdError.TIMEOUT.exception());
      }
    });
  }

  private static <T> CompletableFuture<T> supply(Supplier<T> s) {
    try {
      return CompletableFuture.completedFuture(s.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static LeaderLeaseAnswer parse(byte[] bytes) {
    try {
      return LeaderLeaseAnswer.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the leader answered a lease question with garbage", e);
    }
  }
}
