package io.cairn.server.api.grpc;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.time.Duration;

/**
 * Counts the client requests running on this member, so a stopping member can let them finish
 * before it closes. Requests are the unary and server-streaming calls (a Put, a Snapshot download);
 * the bidirectional streams (Watch, LeaseKeepAlive) are sessions that a client keeps open as long as
 * it lives and opens again on another member, so they are not waited for.
 */
public final class InFlightCalls implements ServerInterceptor {
  /** Guarded by {@code this}. */
  private int running;

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    MethodType type = call.getMethodDescriptor().getType();
    if (type != MethodType.UNARY && type != MethodType.SERVER_STREAMING) {
      return next.startCall(call, headers);
    }
    started();
    ServerCall.Listener<Q> listener;
    try {
      listener = next.startCall(call, headers);
    } catch (RuntimeException e) {
      ended();
      throw e;
    }
    // gRPC ends every call with exactly one of onComplete and onCancel
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onComplete() {
        try {
          super.onComplete();
        } finally {
          ended();
        }
      }

      @Override
      public void onCancel() {
        try {
          super.onCancel();
        } finally {
          ended();
        }
      }
    };
  }

  private synchronized void started() {
    running++;
  }

  private synchronized void ended() {
    running--;
    if (running == 0) {
      notifyAll();
    }
  }

  /** The requests running now. */
  public synchronized int running() {
    return running;
  }

  /** Waits until no request runs, at most {@code timeout}; true if none does. */
  public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (running > 0) {
      long leftMs = (deadline - System.nanoTime()) / 1_000_000;
      if (leftMs <= 0) {
        return false;
      }
      wait(leftMs);
    }
    return true;
  }
}
