package io.cairn.server.concurrent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Executors of named daemon threads: the name says in a thread dump what the thread is for, and a
 * daemon never keeps the JVM of a stopping member alive.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** One thread running scheduled work. */
  public static ScheduledExecutorService scheduler(String name) {
    return Executors.newSingleThreadScheduledExecutor(named(name));
  }

  /** A fixed pool of {@code threads} threads, all named {@code name}. */
  public static ExecutorService pool(String name, int threads) {
    return Executors.newFixedThreadPool(threads, named(name));
  }

  /** Threads made as needed and kept a minute when idle, for work that may wait (HTTP handlers). */
  public static ExecutorService cached(String name) {
    return Executors.newCachedThreadPool(named(name));
  }

  private static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
