package io.cairn.cli.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.cairn.cli.print.GoJson;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The Go client's retry interceptor logs every failed unary call as a zap warning on stderr
 * ("retrying of unary invoker failed"); etcdctl's users see that line before the error, so cairnctl
 * writes it too, in the same shape.
 */
final class FailureLog implements ClientInterceptor {
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
  private static final String CLIENT = "client-" + UUID.randomUUID();

  private final String target;
  private final Consumer<String> sink;

  FailureLog(String hostPort, Consumer<String> sink) {
    this.target = "endpoint://" + CLIENT + "/" + hostPort;
    this.sink = sink;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    ClientCall<Q, R> call = next.newCall(method, options);
    if (method.getType() != MethodDescriptor.MethodType.UNARY
        || options.getOption(ConnectionFailure.PROBE)) {
      return call;
    }
    return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
          @Override
          public void onClose(Status status, Metadata trailers) {
            if (!status.isOk()) {
              sink.accept(line(status));
            }
            super.onClose(status, trailers);
          }
        }, headers);
      }
    };
  }

  private String line(Status s) {
    String desc = s.getCode() == Status.Code.DEADLINE_EXCEEDED ? "context deadline exceeded"
        : s.getDescription() == null ? "" : s.getDescription();
    return line(target, "rpc error: code = " + Errors.goCode(s.getCode()) + " desc = " + desc);
  }

  /** The line for a call that found no connected endpoint until its deadline. */
  static String unreachable(String endpoint) {
    return line("endpoint://" + CLIENT + "/" + endpoint, "rpc error: code = DeadlineExceeded desc ="
        + " latest balancer error: all SubConns are in TransientFailure");
  }

  /** The line for a call to one member (a direct dial) that could not connect. */
  static String directUnreachable(String endpoint, String connectionError) {
    return line("passthrough:///" + endpoint, "rpc error: code = DeadlineExceeded desc = latest"
        + " balancer error: " + connectionError);
  }

  private static String line(String target, String error) {
    return new GoJson().raw("{").key("level").string("warn").raw(",").key("ts")
        .string(ZonedDateTime.now(ZoneOffset.UTC).format(TS)).raw(",").key("caller")
        .string("clientv3/retry_interceptor.go:62").raw(",").key("msg")
        .string("retrying of unary invoker failed").raw(",").key("target").string(target)
        .raw(",").key("attempt").raw("0").raw(",").key("error").string(error).raw("}").toString();
  }
}
