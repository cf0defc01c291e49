package io.cairn.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGINT and SIGTERM caught as etcdctl's {@code signal.Notify} catches them, for commands that end
 * cleanly when stopped (lock releases its lock, elect resigns). Unlike Go, the JVM cannot catch a
 * signal its parent ignored: a cairnctl started in the background by a non-interactive shell (SIGINT
 * ignored) is stopped with SIGTERM instead.
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported) is reached by reflection: it is the only way
 * to catch a signal and go on running, and javac warns about any direct use of it, which this
 * build treats as an error.
 */
final class Interrupts {
  private final CountDownLatch fired = new CountDownLatch(1);

  private Interrupts() {}

  static Interrupts catchStopSignals() {
    Interrupts interrupts = new Interrupts();
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Class<?> signal = Class.forName("sun.misc.Signal");
        Class<?> handler = Class.forName("sun.misc.SignalHandler");
        Object onSignal = Proxy.newProxyInstance(Interrupts.class.getClassLoader(),
            new Class<?>[] {handler}, (proxy, method, args) -> {
              if (method.getName().equals("handle")) {
                interrupts.fired.countDown();
              }
              return null;
            });
        signal.getMethod("handle", signal, handler)
            .invoke(null, signal.getConstructor(String.class).newInstance(name), onSignal);
      } catch (InvocationTargetException e) {
        // the JVM keeps this signal for itself (-Xrs) or its parent ignored it: it stays as it was
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("this JVM has no sun.misc.Signal", e);
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
