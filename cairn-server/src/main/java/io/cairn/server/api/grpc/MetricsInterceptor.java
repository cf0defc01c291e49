package io.cairn.server.api.grpc;

import com.google.protobuf.MessageLite;
import io.cairn.server.metrics.ServerMetrics;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts every call as etcd's go-grpc-prometheus interceptors do (started, handled by code,
 * messages each way) and the bytes of the messages (etcd's client traffic counters). Every
 * method's series exist at zero from the start, as etcd's dashboards expect.
 */
public final class MetricsInterceptor implements ServerInterceptor {
  private final Map<String, ServerMetrics.Grpc.Method> methods = new ConcurrentHashMap<>();
  private final ServerMetrics.Grpc metrics;

  public MetricsInterceptor(ServerMetrics.Grpc metrics, List<ServerServiceDefinition> services) {
    this.metrics = metrics;
    for (ServerServiceDefinition s : services) {
      s.getMethods().forEach(m -> series(m.getMethodDescriptor()));
    }
  }

  private ServerMetrics.Grpc.Method series(MethodDescriptor<?, ?> m) {
    return methods.computeIfAbsent(m.getFullMethodName(), name -> metrics.method(
        type(m.getType()), m.getServiceName(), m.getBareMethodName()));
  }

  /** go-grpc-prometheus's names of the call types. */
  private static String type(MethodDescriptor.MethodType t) {
    return switch (t) {
      case UNARY -> "unary";
      case CLIENT_STREAMING -> "client_stream";
      case SERVER_STREAMING -> "server_stream";
      default -> "bidi_stream";
    };
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    ServerMetrics.Grpc.Method m = series(call.getMethodDescriptor());
    long start = System.nanoTime();
    m.started().inc();
    ServerCall<Q, R> counted = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void sendMessage(R message) {
        m.sent(size(message));
        super.sendMessage(message);
      }

      @Override
      public void close(Status status, Metadata trailers) {
        m.handled(status.getCode().value(), start);
        super.close(status, trailers);
      }
    };
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
        next.startCall(counted, headers)) {
      @Override
      public void onMessage(Q message) {
        m.received(size(message));
        super.onMessage(message);
      }
    };
  }

  private static long size(Object message) {
    return message instanceof MessageLite l ? l.getSerializedSize() : 0;
  }
}
