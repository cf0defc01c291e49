package io.cairn.cli.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Locale;

/**
 * Turns gRPC failures into the text etcd's Go client prints: server errors it knows by their
 * "etcdserver: ..." description (rpctypes), deadlines and cancellation as context errors, anything
 * else as grpc-go's "rpc error: code = X desc = Y".
 */
public final class Errors {
  private Errors() {}

  public static String message(Throwable t) {
    if (t instanceof ClientException) {
      return t.getMessage();
    }
    Status s = Status.fromThrowable(t);
    String desc = s.getDescription() == null ? "" : s.getDescription();
    switch (s.getCode()) {
      case DEADLINE_EXCEEDED:
        return "context deadline exceeded";
      case CANCELLED:
        if (desc.isEmpty() || desc.startsWith("context")) {
          return "context canceled";
        }
        break;
      case UNAVAILABLE:
        if (!desc.startsWith("etcdserver: ")) {
          return "context deadline exceeded";
        }
        break;
      default:
        break;
    }
    if (desc.startsWith("etcdserver: ")) {
      return desc;
    }
    return "rpc error: code = " + goCode(s.getCode()) + " desc = " + desc;
  }

  public static boolean isGrpc(Throwable t) {
    return t instanceof StatusRuntimeException || t instanceof ClientException;
  }

  /** grpc-go's codes.Code.String(): INVALID_ARGUMENT is InvalidArgument. */
  static String goCode(Status.Code code) {
    if (code == Status.Code.OK) {
      return "OK";
    }
    StringBuilder sb = new StringBuilder();
    for (String part : code.name().split("_")) {
      sb.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
    }
    return sb.toString();
  }
}
