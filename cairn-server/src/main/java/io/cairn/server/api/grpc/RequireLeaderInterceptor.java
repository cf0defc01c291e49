package io.cairn.server.api.grpc;

import io.cairn.server.errors.EtcdError;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.function.BooleanSupplier;

/**
 * Clients that send the metadata {@code hasleader: true} (etcd's WithRequireLeader) get
 * "etcdserver: no leader" at once when this member knows of no leader, instead of waiting; their
 * long-lived streams are cut with the same error when the leader is lost ({@link LeaderLossMonitor}).
 */
public final class RequireLeaderInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> HAS_LEADER =
      Metadata.Key.of("hasleader", Metadata.ASCII_STRING_MARSHALLER);
  /** Set for calls whose client requires a leader, so long-lived streams can be cut when it goes. */
  static final Context.Key<Boolean> REQUIRES_LEADER = Context.key("cairn-requires-leader");

  private final BooleanSupplier hasLeader;

  public RequireLeaderInterceptor(BooleanSupplier hasLeader) {
    this.hasLeader = hasLeader;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    if (!"true".equals(headers.get(HAS_LEADER))) {
      return next.startCall(call, headers);
    }
    if (!hasLeader.getAsBoolean()) {
      call.close(EtcdError.NO_LEADER.toStatus(), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(Context.current().withValue(REQUIRES_LEADER, true), call, headers,
        next);
  }
}
