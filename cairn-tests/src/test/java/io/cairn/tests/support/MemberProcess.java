package io.cairn.tests.support;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

/** A member running in its own process, etcd or Cairn, that tests can start, kill and restart. */
public interface MemberProcess extends AutoCloseable {
  MemberFlags flags();

  /** Starts the process without waiting (cluster members wait for each other). */
  void launch() throws IOException;

  boolean isAlive();

  /** Waits for the process to end by itself (a start that fails) and returns its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException;

  /** SIGKILL, and wait for the process to be gone. */
  void kill() throws InterruptedException;

  default MemberProcess start() throws IOException {
    launch();
    awaitServing(Duration.ofSeconds(60));
    return this;
  }

  /** Waits until the member's client port accepts connections. */
  default void awaitServing(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!isAlive()) {
        throw new IOException(flags().name() + " exited");
      }
      try (Socket s = new Socket(flags().host(), flags().clientPort())) {
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
    }
    throw new IOException(flags().name() + " did not serve on " + flags().clientUrl());
  }

  @Override
  void close() throws InterruptedException;
}
