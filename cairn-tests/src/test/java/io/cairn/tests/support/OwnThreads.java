package io.cairn.tests.support;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Blocking test work (a member's start, a pipe's reader, a write loop) on a daemon thread of its
 * own. The common pool has one worker on a 2-core machine: one task blocked there holds back every
 * other, and a test waiting on one of those hangs.
 */
public final class OwnThreads {
  private OwnThreads() {}

  public static Executor named(String name) {
    return task -> {
      Thread t = new Thread(task, name);
      t.setDaemon(true);
      t.start();
    };
  }

  public static <T> CompletableFuture<T> supply(String name, Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, named(name));
  }

  public static CompletableFuture<Void> run(String name, Runnable work) {
    return CompletableFuture.runAsync(work, named(name));
  }
}
