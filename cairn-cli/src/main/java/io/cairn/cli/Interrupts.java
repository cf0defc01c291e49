package io.cairn.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM caught as etcdctl's {@code signal.Notify} catches them, for commands that end
 * cleanly when stopped (lock releases its lock, elect resigns). Unlike Go, the JVM cannot catch a
 * signal its parent ignored: a cairnctl started in the background by a non-interactive shell (SIGINT
 * ignored) is stopped with SIGTERM instead.
 */
final class Interrupts {
  private final CountDownLatch fired = new CountDownLatch(1);

  private Interrupts() {}

  static Interrupts catchStopSignals() {
    Interrupts interrupts = new Interrupts();
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal.handle(new Signal(name), s -> interrupts.fired.countDown());
      } catch (IllegalArgumentException e) {
        // the JVM keeps this signal for itself (-Xrs) or its parent ignored it: it stays as it was
      }
    }
    return interrupts;
  }

  boolean fired() {
    return fired.getCount() == 0;
  }

  /** Waits up to the timeout for a signal; true when one came. */
  boolean await(long nanos) throws InterruptedException {
    return fired.await(nanos, TimeUnit.NANOSECONDS);
  }

  /** clientv3's error for a call whose context a signal cancelled. */
  void throwIfFired() {
    if (fired()) {
      throw new io.cairn.cli.client.ClientException("context canceled");
    }
  }
}
