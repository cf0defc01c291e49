package io.cairn.tests.support;

import io.cairn.api.LeaseGrpc;
import io.cairn.api.LeaseKeepAliveRequest;
import io.cairn.api.LeaseKeepAliveResponse;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Lease keep-alives as clients send them. */
public final class KeepAlives {
  private KeepAlives() {}

  /**
   * One keep-alive on a stream of its own, as {@code etcdctl lease keep-alive --once} sends it:
   * the answer, or the stream's error as a {@link StatusRuntimeException} (DEADLINE_EXCEEDED when
   * no answer came within {@code timeout}). The stream is closed after an answer and cancelled
   * otherwise.
   */
  public static LeaseKeepAliveResponse once(Channel channel, long lease, Duration timeout) {
    CompletableFuture<LeaseKeepAliveResponse> answer = new CompletableFuture<>();
    StreamObserver<LeaseKeepAliveRequest> stream = LeaseGrpc.newStub(channel)
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .leaseKeepAlive(StreamObservers.firstMessage(answer));
    boolean answered = false;
    try {
      stream.onNext(LeaseKeepAliveRequest.newBuilder().setID(lease).build());
      LeaseKeepAliveResponse r = answer.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
      answered = true;
      return r;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof StatusRuntimeException s ? s
          : Status.fromThrowable(cause).asRuntimeException();
    } catch (TimeoutException e) {
      throw Status.DEADLINE_EXCEEDED.withDescription("no keep-alive answer within " + timeout)
          .asRuntimeException();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.withCause(e).asRuntimeException();
    } finally {
      if (answered) {
        stream.onCompleted();
      } else {
        stream.onError(Status.CANCELLED.asRuntimeException());
      }
    }
  }
}
