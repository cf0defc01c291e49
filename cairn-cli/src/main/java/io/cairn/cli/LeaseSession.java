package io.cairn.cli;

import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseKeepAliveRequest;
import io.cairn.api.LeaseKeepAliveResponse;
import io.cairn.cli.client.EtcdClient;
import io.cairn.cli.client.StreamQueue;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * clientv3/concurrency's Session: a lease granted with the session's TTL and kept alive in the
 * background (a renewal every third of the TTL, as clientv3's KeepAlive sends them) until the lease
 * is gone, the server stops answering for a whole TTL, or the process ends. etcdctl never closes its
 * sessions: the lease outlives the command until its TTL runs out.
 */
final class LeaseSession {
  /** concurrency's default TTL, used when none (or no positive one) is given. */
  static final int DEFAULT_TTL = 60;
  private static final long RETRY_MILLIS = 500;

  private final EtcdClient client;
  private final long leaseId;
  private final CountDownLatch done = new CountDownLatch(1);

  private LeaseSession(EtcdClient client, long leaseId) {
    this.client = client;
    this.leaseId = leaseId;
  }

  /** Grants the lease and starts keeping it alive; a non-positive TTL means the default. */
  static LeaseSession open(EtcdClient client, int ttl) {
    long grantedTtl = ttl > 0 ? ttl : DEFAULT_TTL;
    // etcdctl grants under the client's context, without a deadline: with no endpoint up it waits
    long id = client.leaseWaitingForReady()
        .leaseGrant(LeaseGrantRequest.newBuilder().setTTL(grantedTtl).build()).getID();
    LeaseSession session = new LeaseSession(client, id);
    Thread keeper = new Thread(() -> session.keepAlive(grantedTtl), "session-keepalive");
    keeper.setDaemon(true);
    keeper.start();
    return session;
  }

  long leaseId() {
    return leaseId;
  }

  /** Waits up to the timeout for the session to end; true when it has (lease expired or lost). */
  boolean awaitDone(long nanos) throws InterruptedException {
    return done.await(nanos, TimeUnit.NANOSECONDS);
  }

  private void keepAlive(long ttlSeconds) {
    // when the lease runs out unless renewed; only this thread touches it
    long[] expiresAt = {System.nanoTime() + TimeUnit.SECONDS.toNanos(ttlSeconds)};
    try {
      while (System.nanoTime() < expiresAt[0]) {
        StreamQueue<LeaseKeepAliveResponse> responses = new StreamQueue<>();
        StreamObserver<LeaseKeepAliveRequest> requests;
        try {
          requests = client.leaseAsync().leaseKeepAlive(responses);
        } catch (RuntimeException e) {
          Thread.sleep(RETRY_MILLIS);
          continue;
        }
        if (!renewUntilFailure(requests, responses, expiresAt)) {
          return; // the lease is gone
        }
        Thread.sleep(RETRY_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      done.countDown();
    }
  }

  /**
   * Renews on one stream, moving {@code expiresAt} on with each answer, until the stream fails
   * (true: worth another stream) or the server says the lease no longer exists (false).
   */
  private boolean renewUntilFailure(StreamObserver<LeaseKeepAliveRequest> requests,
      StreamQueue<LeaseKeepAliveResponse> responses, long[] expiresAt) throws InterruptedException {
    LeaseKeepAliveRequest req = LeaseKeepAliveRequest.newBuilder().setID(leaseId).build();
    try {
      while (true) {
        requests.onNext(req);
        StreamQueue.Next<LeaseKeepAliveResponse> next = responses.poll(expiresAt[0] - System.nanoTime());
        if (next == null || next.ended()) {
          return true;
        }
        long ttl = next.message().getTTL();
        if (ttl <= 0) {
          return false;
        }
        expiresAt[0] = System.nanoTime() + TimeUnit.SECONDS.toNanos(ttl);
        Thread.sleep(Math.max(500, ttl * 1000 / 3));
      }
    } catch (RuntimeException e) {
      return true;
    } finally {
      try {
        requests.onCompleted();
      } catch (RuntimeException ignored) {
        // the stream already failed
      }
    }
  }
}
