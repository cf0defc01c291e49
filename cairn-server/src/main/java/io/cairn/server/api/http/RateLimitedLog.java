package io.cairn.server.api.http;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning logged at most once per period, with the count of those it held back: what a
 * client can cause on every connection must not flood the log.
 */
final class RateLimitedLog {
  private final Logger log;
  private final long periodNanos;
  private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  RateLimitedLog(Logger log, long periodMillis) {
    this.log = log;
    this.periodNanos = periodMillis * 1_000_000L;
  }

  void warn(String format, Object... args) {
    long now = System.nanoTime();
    long next = nextAllowed.get();
    if ((next != Long.MIN_VALUE && now - next < 0) || !nextAllowed.compareAndSet(next, now + periodNanos)) {
      suppressed.incrementAndGet();
      return;
    }
    long held = suppressed.getAndSet(0);
    log.warn(held == 0 ? format : format + " (and " + held + " more like it)", args);
  }
}
