package io.cairn.server.api.grpc;

import io.cairn.api.RangeRequest;
import io.cairn.api.StatusRequest;
import io.cairn.server.errors.EtcdError;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.function.BooleanSupplier;

/**
 * A learner serves only what cannot be wrong without a vote: Status and serializable Range. Every
 * other request gets "etcdserver: rpc not supported for learner", as in etcd.
 */
public final class LearnerInterceptor implements ServerInterceptor {
  private final BooleanSupplier isLearner;

  public LearnerInterceptor(BooleanSupplier isLearner) {
    this.isLearner = isLearner;
  }

  static boolean supportedForLearner(Object request) {
    return request instanceof StatusRequest
        || (request instanceof RangeRequest r && r.getSerializable());
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    ServerCall.Listener<Q> delegate = next.startCall(call, headers);
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
      private boolean closed;

      @Override
      public void onMessage(Q message) {
        if (closed) {
          return;
        }
        if (isLearner.getAsBoolean() && !supportedForLearner(message)) {
          closed = true;
          call.close(EtcdError.NOT_SUPPORTED_FOR_LEARNER.toStatus(), new Metadata());
          return;
        }
        super.onMessage(message);
      }

      @Override
      public void onHalfClose() {
        if (!closed) {
          super.onHalfClose();
        }
      }
    };
  }
}
