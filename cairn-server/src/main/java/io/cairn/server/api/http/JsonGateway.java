package io.cairn.server.api.http;

import com.google.gson.JsonParseException;
import com.google.gson.JsonStreamParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.io.InputStreamReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * etcd 3.4's gRPC gateway: {@code POST /v3/<service>/<method>} with the request as JSON, the
 * response as JSON, in grpc-gateway v1's conventions as etcd configures it (proto field names,
 * 64-bit integers as strings, bytes as base64, defaults left out); errors as
 * {@code {"error","code","message"}} with grpc-gateway's HTTP status for the gRPC code; streams as
 * one {@code {"result":...}} line per message. Like etcd's gateway, which dials the member's own
 * gRPC port, it calls the member's gRPC services (in process), so every check and interceptor
 * applies; the {@code Authorization} header is the auth token.
 */
public final class JsonGateway implements HttpRouter.Handler {
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();
  /** grpc-gateway's JSONPb in etcd 3.4 ignores unknown fields, so does this. */
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final com.google.gson.Gson GSON =
      new com.google.gson.GsonBuilder().disableHtmlEscaping().create();
  /** The gRPC response's own header, which grpc-gateway forwards on every answer to a call. */
  private static final Map<String, String> FORWARDED =
      Map.of("Grpc-Metadata-Content-Type", "application/grpc");
  /** What grpc-gateway sends after the body of a failed call: the gRPC trailers it got. */
  private static final Map<String, String> FORWARDED_TRAILERS =
      Map.of("Grpc-Trailer-Content-Type", "application/grpc");
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  /** etcd 3.4's routes (google.api.http in its protos): path to gRPC method. */
  private static final Map<String, String> ROUTES = routes();

  private final Channel channel;
  private final Map<String, MethodDescriptor<Message, Message>> methods = new HashMap<>();

  /** @param services the member's gRPC services, whose methods the routes name */
  @SuppressWarnings("unchecked")
  public JsonGateway(Channel channel, List<ServerServiceDefinition> services) {
    this.channel = channel;
    Map<String, MethodDescriptor<?, ?>> byName = new HashMap<>();
    for (ServerServiceDefinition s : services) {
      s.getMethods().forEach(m -> byName.put(m.getMethodDescriptor().getFullMethodName(),
          m.getMethodDescriptor()));
    }
    ROUTES.forEach((path, name) -> {
      MethodDescriptor<?, ?> m = byName.get(name);
      if (m == null) {
        throw new IllegalStateException("the gateway routes " + path + " to " + name + ", not served");
      }
      methods.put(path, (MethodDescriptor<Message, Message>) m);
    });
  }

  private static Map<String, String> routes() {
    Map<String, String> r = new HashMap<>();
    for (String m : List.of("range", "put", "deleterange", "txn", "compaction")) {
      r.put("/v3/kv/" + m, "etcdserverpb.KV/" + switch (m) {
        case "range" -> "Range";
        case "put" -> "Put";
        case "deleterange" -> "DeleteRange";
        case "txn" -> "Txn";
        default -> "Compact";
      });
    }
    r.put("/v3/watch", "etcdserverpb.Watch/Watch");
    r.put("/v3/lease/grant", "etcdserverpb.Lease/LeaseGrant");
    r.put("/v3/lease/revoke", "etcdserverpb.Lease/LeaseRevoke");
    r.put("/v3/kv/lease/revoke", "etcdserverpb.Lease/LeaseRevoke");
    r.put("/v3/lease/keepalive", "etcdserverpb.Lease/LeaseKeepAlive");
    r.put("/v3/lease/timetolive", "etcdserverpb.Lease/LeaseTimeToLive");
    r.put("/v3/kv/lease/timetolive", "etcdserverpb.Lease/LeaseTimeToLive");
    r.put("/v3/lease/leases", "etcdserverpb.Lease/LeaseLeases");
    r.put("/v3/kv/lease/leases", "etcdserverpb.Lease/LeaseLeases");
    for (String m : List.of("add", "remove", "update", "list", "promote")) {
      r.put("/v3/cluster/member/" + m, "etcdserverpb.Cluster/Member" + capitalized(m));
    }
    r.put("/v3/maintenance/alarm", "etcdserverpb.Maintenance/Alarm");
    r.put("/v3/maintenance/status", "etcdserverpb.Maintenance/Status");
    r.put("/v3/maintenance/defragment", "etcdserverpb.Maintenance/Defragment");
    // Hash and HashKV share a path in etcd's protos; grpc-gateway v1 serves the first registered
    r.put("/v3/maintenance/hash", "etcdserverpb.Maintenance/Hash");
    r.put("/v3/maintenance/snapshot", "etcdserverpb.Maintenance/Snapshot");
    r.put("/v3/maintenance/transfer-leadership", "etcdserverpb.Maintenance/MoveLeader");
    r.put("/v3/auth/enable", "etcdserverpb.Auth/AuthEnable");
    r.put("/v3/auth/disable", "etcdserverpb.Auth/AuthDisable");
    r.put("/v3/auth/authenticate", "etcdserverpb.Auth/Authenticate");
    for (String m : List.of("add", "get", "list", "delete", "changepw", "grant", "revoke")) {
      r.put("/v3/auth/user/" + m, "etcdserverpb.Auth/User" + switch (m) {
        case "changepw" -> "ChangePassword";
        case "grant" -> "GrantRole";
        case "revoke" -> "RevokeRole";
        default -> capitalized(m);
      });
    }
    for (String m : List.of("add", "get", "list", "delete", "grant", "revoke")) {
      r.put("/v3/auth/role/" + m, "etcdserverpb.Auth/Role" + switch (m) {
        case "grant" -> "GrantPermission";
        case "revoke" -> "RevokePermission";
        default -> capitalized(m);
      });
    }
    r.put("/v3/lock/lock", "v3lockpb.Lock/Lock");
    r.put("/v3/lock/unlock", "v3lockpb.Lock/Unlock");
    for (String m : List.of("campaign", "proclaim", "leader", "observe", "resign")) {
      r.put("/v3/election/" + m, "v3electionpb.Election/" + capitalized(m));
    }
    return Map.copyOf(r);
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  @Override
  public void handle(HttpExchange x) {
    String path = x.path().startsWith("/v3beta/") ? "/v3/" + x.path().substring("/v3beta/".length())
        : x.path();
    MethodDescriptor<Message, Message> method = methods.get(path);
    if (method == null) {
      x.goError(404, "Not Found"); // grpc-gateway's DefaultOtherErrorHandler
      return;
    }
    if (!x.method().equals("POST")) {
      x.goError(405, "Method Not Allowed");
      return;
    }
    List<Message> requests;
    try {
      requests = requests(x.body(), prototype(method));
    } catch (InvalidProtocolBufferException | JsonParseException e) {
      error(x, Status.Code.INVALID_ARGUMENT, String.valueOf(e.getMessage()), Map.of());
      return;
    }
    Metadata headers = new Metadata();
    String token = x.header("Authorization");
    if (token != null) {
      headers.put(AUTHORIZATION, token);
    }
    Channel withHeaders = ClientInterceptors.intercept(channel,
        MetadataUtils.newAttachHeadersInterceptor(headers));
    ClientCall<Message, Message> call = withHeaders.newCall(method, CallOptions.DEFAULT);
    if (method.getType() == MethodDescriptor.MethodType.UNARY) {
      unary(x, call, requests.isEmpty() ? prototype(method) : requests.get(0));
    } else {
      stream(x, call, method, requests.isEmpty() ? List.of(prototype(method)) : requests);
    }
  }

  private static void unary(HttpExchange x, ClientCall<Message, Message> call, Message request) {
    ClientCalls.asyncUnaryCall(call, request, new io.grpc.stub.StreamObserver<>() {
      @Override
      public void onNext(Message response) {
        x.respond(200, "application/json", json(response), FORWARDED);
      }

      @Override
      public void onError(Throwable t) {
        Status s = Status.fromThrowable(t);
        x.respondWithTrailers(httpStatus(s.getCode()), "application/json",
            errorBody(s.getCode(), s.getDescription()), FORWARDED_TRAILERS);
      }

      @Override
      public void onCompleted() {}
    });
  }

  private static void stream(HttpExchange x, ClientCall<Message, Message> call,
      MethodDescriptor<Message, Message> method, List<Message> requests) {
    ClientResponseObserver<Message, Message> out = new ClientResponseObserver<>() {
      private HttpExchange.Stream body;

      @Override
      public void beforeStart(ClientCallStreamObserver<Message> requestStream) {
        x.onClose(() -> requestStream.cancel("the HTTP client went away", null));
      }

      @Override
      public synchronized void onNext(Message m) {
        if (body == null) {
          body = x.stream(200, "application/json", FORWARDED);
        }
        body.write(chunk("result", json(m)));
      }

      @Override
      public synchronized void onError(Throwable t) {
        Status s = Status.fromThrowable(t);
        if (s.getCode() == Status.Code.CANCELLED && x.closed()) {
          return; // the HTTP client left: nobody to tell
        }
        int http = httpStatus(s.getCode());
        String e = "{\"error\":{\"grpc_code\":" + s.getCode().value() + ",\"http_code\":" + http
            + ",\"message\":" + quoted(s.getDescription()) + ",\"http_status\":"
            + quoted(io.netty.handler.codec.http.HttpResponseStatus.valueOf(http).reasonPhrase())
            + "}}";
        if (body == null) {
          body = x.stream(http, "application/json", FORWARDED);
        }
        body.write(e.getBytes(StandardCharsets.UTF_8));
        body.end();
      }

      @Override
      public synchronized void onCompleted() {
        if (body == null) {
          body = x.stream(200, "application/json", FORWARDED);
        }
        body.end();
      }
    };
    if (method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING) {
      ClientCalls.asyncServerStreamingCall(call, requests.get(0), out);
    } else {
      var in = ClientCalls.asyncBidiStreamingCall(call, out);
      requests.forEach(in::onNext);
      in.onCompleted(); // grpc-gateway closes its side once the body is read
    }
  }

  private static byte[] chunk(String field, byte[] json) {
    byte[] head = ("{\"" + field + "\":").getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + json.length + 2];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(json, 0, out, head.length, json.length);
    out[out.length - 2] = '}';
    out[out.length - 1] = '\n';
    return out;
  }

  private static Message prototype(MethodDescriptor<Message, Message> m) {
    return (Message) ((MethodDescriptor.PrototypeMarshaller<?>) m.getRequestMarshaller())
        .getMessagePrototype();
  }

  /** The JSON values of a body, one request each (streams may send several). */
  private static List<Message> requests(byte[] body, Message prototype)
      throws InvalidProtocolBufferException {
    List<Message> out = new ArrayList<>();
    if (new String(body, StandardCharsets.UTF_8).isBlank()) {
      return out; // grpc-gateway: an empty body is the default request
    }
    JsonStreamParser values = new JsonStreamParser(
        new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
    while (values.hasNext()) {
      Message.Builder b = prototype.newBuilderForType();
      PARSER.merge(values.next().toString(), b);
      out.add(b.build());
    }
    return out;
  }

  private static byte[] json(Message m) {
    try {
      return PRINTER.print(m).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /** grpc-gateway's DefaultHTTPError, for a request that never became a call. */
  private static void error(HttpExchange x, Status.Code code, String message,
      Map<String, String> headers) {
    x.respond(httpStatus(code), "application/json", errorBody(code, message), headers);
  }

  private static byte[] errorBody(Status.Code code, String message) {
    return ("{\"error\":" + quoted(message) + ",\"message\":" + quoted(message) + ",\"code\":"
        + code.value() + "}").getBytes(StandardCharsets.UTF_8);
  }

  private static String quoted(String s) {
    return GSON.toJson(s == null ? "" : s);
  }

  /** grpc-gateway v1's HTTPStatusFromCode. */
  static int httpStatus(Status.Code code) {
    return switch (code) {
      case OK -> 200;
      case CANCELLED -> 408;
      case INVALID_ARGUMENT, OUT_OF_RANGE -> 400;
      case DEADLINE_EXCEEDED -> 504;
      case NOT_FOUND -> 404;
      case ALREADY_EXISTS, ABORTED -> 409;
      case PERMISSION_DENIED -> 403;
      case UNAUTHENTICATED -> 401;
      case RESOURCE_EXHAUSTED -> 429;
      case FAILED_PRECONDITION -> 412;
      case UNIMPLEMENTED -> 501;
      case UNAVAILABLE -> 503;
      default -> 500;
    };
  }
}
