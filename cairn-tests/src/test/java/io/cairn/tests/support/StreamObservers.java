package io.cairn.tests.support;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/** Answers of gRPC calls as futures, for tests that send on their own schedule. */
public final class StreamObservers {
  private StreamObservers() {}

  /**
   * An observer that completes {@code first} with the first message, or with the call's error; a
   * call that ends without a message fails it with UNAVAILABLE.
   */
  public static <T> StreamObserver<T> firstMessage(CompletableFuture<T> first) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T message) {
        first.complete(message);
      }

      @Override
      public void onError(Throwable t) {
        first.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        first.completeExceptionally(Status.UNAVAILABLE
            .withDescription("the call ended without an answer").asRuntimeException());
      }
    };
  }
}
