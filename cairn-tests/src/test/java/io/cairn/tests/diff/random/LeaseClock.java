package io.cairn.tests.diff.random;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * When one server last started each lease's TTL (its grant or a keep-alive), seen from the client,
 * so that a remaining TTL is judged against the time that passed on that server's own run: the two
 * runs go at different speeds on a loaded machine, so their TTLs cannot be compared with each other.
 */
final class LeaseClock {
  /** What the client cannot see exactly: when within its request the server read its clock. */
  private static final long SLACK_SECONDS = 1;

  /** Real lease ID to {request sent, answer received} of the request that (re)started its TTL. */
  private final Map<Long, long[]> started = new HashMap<>();

  void started(long leaseId, long sentNanos, long answeredNanos) {
    started.put(leaseId, new long[] {sentNanos, answeredNanos});
  }

  /**
   * "TTL as expected" when {@code ttl}, answered to a request sent at {@code sentNanos} and answered
   * at {@code answeredNanos}, is what etcd computes (whole seconds left, truncated) for some instant
   * within both requests, give or take {@link #SLACK_SECONDS}; otherwise both numbers.
   */
  String judge(long leaseId, long grantedTtl, long ttl, long sentNanos, long answeredNanos) {
    long[] start = started.get(leaseId);
    if (start == null) {
      return "TTL " + ttl + " of a lease whose grant this run did not see";
    }
    long mostElapsed = TimeUnit.NANOSECONDS.toSeconds(answeredNanos - start[0]) + 1;
    long leastElapsed = TimeUnit.NANOSECONDS.toSeconds(sentNanos - start[1]);
    long low = grantedTtl - mostElapsed - SLACK_SECONDS;
    long high = grantedTtl - leastElapsed + SLACK_SECONDS;
    return ttl >= low && ttl <= high ? "TTL as expected"
        : "TTL " + ttl + ", expected " + low + ".." + high + " from the time since its grant or keep-alive";
  }
}
