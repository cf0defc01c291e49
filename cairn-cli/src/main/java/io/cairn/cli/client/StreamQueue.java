package io.cairn.cli.client;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response stream read by a blocking command loop (as etcdctl's Go code reads a channel): the
 * messages, then how the stream ended, in arrival order.
 */
public final class StreamQueue<T> implements StreamObserver<T> {
  /** A message, or the end of the stream ({@code error} null when the server completed it). */
  public record Next<T>(T message, Throwable error, boolean ended) {}

  private final BlockingQueue<Next<T>> queue = new LinkedBlockingQueue<>();

  @Override
  public void onNext(T message) {
    queue.add(new Next<>(message, null, false));
  }

  @Override
  public void onError(Throwable t) {
    queue.add(new Next<>(null, t, true));
  }

  @Override
  public void onCompleted() {
    queue.add(new Next<>(null, null, true));
  }

  public Next<T> take() throws InterruptedException {
    return queue.take();
  }

  /** The next item, or null if none came within the timeout. */
  public Next<T> poll(long timeoutNanos) throws InterruptedException {
    return queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
  }
}
