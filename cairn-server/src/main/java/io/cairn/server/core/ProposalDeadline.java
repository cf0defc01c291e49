package io.cairn.server.core;

import io.grpc.Context;
import io.grpc.Deadline;
import java.util.concurrent.TimeUnit;

/**
 * How long a proposal waits for its apply. etcd bounds the wait by the client's deadline as well as
 * by its request timeout, so a client that gives up first still hears "etcdserver: request timed
 * out" from the server rather than its own "context deadline exceeded". The client's deadline
 * travels in the gRPC context of the calling thread; requests of the server's own (lease expiry)
 * have none and wait the request timeout.
 */
final class ProposalDeadline {
  /**
   * grpc-java cancels the call when its deadline passes, so the answer must leave before then:
   * this is the time allowed for sending it.
   */
  static final long ANSWER_MARGIN_MS = 100;

  private ProposalDeadline() {}

  /**
   * The wait, in milliseconds, at most {@code requestTimeoutMs}; 0 when the client's deadline has
   * passed (the request is then not proposed at all). A short deadline keeps most of its time: the
   * margin is at most a tenth of it.
   */
  static long waitMs(long requestTimeoutMs) {
    Deadline client = Context.current().getDeadline();
    if (client == null) {
      return requestTimeoutMs;
    }
    long remaining = client.timeRemaining(TimeUnit.MILLISECONDS);
    if (remaining <= 0) {
      return 0;
    }
    long beforeClient = remaining - Math.min(ANSWER_MARGIN_MS, remaining / 10);
    return Math.max(1, Math.min(requestTimeoutMs, beforeClient));
  }
}
