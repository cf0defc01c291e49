package io.cairn.server.api.grpc;

import io.cairn.server.core.EtcdServer;
import io.cairn.server.errors.EtcdException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become gRPC statuses (etcd's togRPCError). */
final class GrpcErrors {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcErrors.class);

  private GrpcErrors() {}

  static StatusRuntimeException toStatus(Throwable failure) {
    Throwable t = EtcdServer.unwrap(failure);
    if (t instanceof EtcdException e) {
      return e.error().toStatus().asRuntimeException();
    }
    if (t instanceof StatusRuntimeException s) {
      return s;
    }
    LOG.warn("unexpected failure", t);
    return Status.UNKNOWN.withDescription(String.valueOf(t.getMessage())).asRuntimeException();
  }

  /**
   * etcd's lock and election services call the server through a client, which turns the server's
   * statuses into plain errors: their callers see code UNKNOWN with the server's message.
   */
  static StatusRuntimeException relayed(Throwable failure) {
    Status s = toStatus(failure).getStatus();
    return Status.UNKNOWN.withDescription(s.getDescription()).asRuntimeException();
  }

  /** Replies as {@link #reply} does, failures {@link #relayed}. */
  static <T> void replyRelayed(CompletableFuture<T> f, StreamObserver<T> out) {
    reply(f.exceptionally(err -> {
      throw relayed(err);
    }), out);
  }

  /** Runs a permission check; a refusal is the call's answer, and false. */
  static boolean permitted(Runnable check, StreamObserver<?> out) {
    try {
      check.run();
      return true;
    } catch (RuntimeException e) {
      out.onError(toStatus(e));
      return false;
    }
  }

  /** Sends the future's result, or its failure as etcd's status, to a unary call. */
  static <T> void reply(CompletableFuture<T> f, StreamObserver<T> out) {
    f.whenComplete((r, err) -> {
      if (err != null) {
        out.onError(toStatus(err));
      } else {
        out.onNext(r);
        out.onCompleted();
      }
    });
  }

  /** Runs a synchronous handler, answering with its result or etcd's status. */
  static <T> void replyNow(java.util.function.Supplier<T> handler, StreamObserver<T> out) {
    T r;
    try {
      r = handler.get();
    } catch (RuntimeException e) {
      out.onError(toStatus(e));
      return;
    }
    out.onNext(r);
    out.onCompleted();
  }
}
