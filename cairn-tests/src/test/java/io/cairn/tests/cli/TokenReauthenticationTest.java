package io.cairn.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.AuthGrpc;
import io.cairn.api.AuthenticateRequest;
import io.cairn.api.AuthenticateResponse;
import io.cairn.api.KVGrpc;
import io.cairn.api.KeyValue;
import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.cairn.cli.Main;
import io.cairn.cli.print.Out;
import io.cairn.tests.support.Ports;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * cairnctl's token handling against a scripted server (real etcd cannot be made to forget a token
 * within one command): the token rides in the {@code token} header, and a request refused with
 * "invalid auth token" is sent again after authenticating anew, as clientv3 does.
 */
class TokenReauthenticationTest {
  private static final Metadata.Key<String> TOKEN =
      Metadata.Key.of("token", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<String> CALL_TOKEN = Context.key("token");

  private final AtomicInteger authentications = new AtomicInteger();
  private final List<String> rangeTokens = new CopyOnWriteArrayList<>();
  private Server server;
  private int port;

  @BeforeEach
  void start() throws Exception {
    port = Ports.free();
    ServerInterceptor tokenToContext = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        return Contexts.interceptCall(Context.current().withValue(CALL_TOKEN, headers.get(TOKEN)),
            call, headers, next);
      }
    };
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
        .addService(new AuthGrpc.AuthImplBase() {
          @Override
          public void authenticate(AuthenticateRequest req, StreamObserver<AuthenticateResponse> out) {
            if (!req.getName().equals("u") || !req.getPassword().equals("p")) {
              out.onError(Status.INVALID_ARGUMENT.withDescription(
                  "etcdserver: authentication failed, invalid user ID or password").asRuntimeException());
              return;
            }
            // each authentication hands out a new token; only the latest is valid
            out.onNext(AuthenticateResponse.newBuilder()
                .setToken("token-" + authentications.incrementAndGet()).build());
            out.onCompleted();
          }
        })
        .addService(ServerInterceptors.intercept(new KVGrpc.KVImplBase() {
          @Override
          public void range(RangeRequest req, StreamObserver<RangeResponse> out) {
            String token = CALL_TOKEN.get();
            rangeTokens.add(String.valueOf(token));
            // the first token "expires" before the first request arrives
            if (!("token-" + authentications.get()).equals(token) || authentications.get() < 2) {
              out.onError(Status.UNAUTHENTICATED.withDescription("etcdserver: invalid auth token")
                  .asRuntimeException());
              return;
            }
            out.onNext(RangeResponse.newBuilder().setCount(1).addKvs(KeyValue.newBuilder()
                .setKey(req.getKey()).setValue(ByteString.copyFromUtf8("v"))).build());
            out.onCompleted();
          }
        }, tokenToContext))
        .build().start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  private Result cairnctl(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = Main.run(args, Map.of("ETCDCTL_ENDPOINTS", "127.0.0.1:" + port), new Out(out, err));
    return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aRequestRefusedForItsTokenIsSentAgainWithAFreshOne() {
    Result r = cairnctl("--user", "u:p", "get", "k");

    assertThat(r.stdout()).isEqualTo("k\nv\n");
    assertThat(r.exitCode()).isZero();
    assertThat(authentications.get()).isEqualTo(2);
    assertThat(rangeTokens).containsExactly("token-1", "token-2");
    // clientv3's retry interceptor logs the refused attempt before retrying
    assertThat(r.stderr()).contains("retrying of unary invoker failed")
        .contains("code = Unauthenticated desc = etcdserver: invalid auth token");
  }

  @Test
  void withoutCredentialsNoTokenIsSent() {
    Result r = cairnctl("get", "k");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).endsWith("Error: etcdserver: invalid auth token\n");
    assertThat(authentications.get()).isZero();
    assertThat(rangeTokens).containsExactly("null");
  }

  @Test
  void aFailedAuthenticationIsAConnectionError() {
    Result r = cairnctl("--user", "u", "--password", "wrong", "get", "k");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).endsWith(
        "Error: etcdserver: authentication failed, invalid user ID or password\n");
    assertThat(rangeTokens).isEmpty();
  }
}
