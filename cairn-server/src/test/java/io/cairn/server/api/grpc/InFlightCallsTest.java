package io.cairn.server.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.KVGrpc;
import io.cairn.api.PutRequest;
import io.cairn.api.PutResponse;
import io.cairn.api.WatchGrpc;
import io.cairn.api.WatchRequest;
import io.cairn.api.WatchResponse;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A stopping member waits for requests, not for the watch and keep-alive sessions. */
class InFlightCallsTest {
  private final InFlightCalls inFlight = new InFlightCalls();
  /** Completes the put the service holds. */
  private final CompletableFuture<Void> release = new CompletableFuture<>();
  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void close() throws InterruptedException {
    release.complete(null);
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aRequestIsWaitedForUntilItIsAnswered() throws Exception {
    start();
    CompletableFuture<PutResponse> put = new CompletableFuture<>();
    KVGrpc.newStub(channel).put(PutRequest.getDefaultInstance(), completing(put));
    await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.running() == 1);

    assertThat(inFlight.awaitIdle(Duration.ofMillis(100))).isFalse();
    release.complete(null);
    assertThat(inFlight.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(put.get(10, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void aCancelledRequestEndsToo() throws Exception {
    start();
    io.grpc.Context.CancellableContext ctx = io.grpc.Context.current().withCancellation();
    ctx.run(() -> KVGrpc.newStub(channel).put(PutRequest.getDefaultInstance(),
        completing(new CompletableFuture<>())));
    await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.running() == 1);

    ctx.cancel(null);
    assertThat(inFlight.awaitIdle(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void anOpenWatchStreamIsNotARequestInFlight() throws Exception {
    start();
    CompletableFuture<WatchResponse> first = new CompletableFuture<>();
    StreamObserver<WatchRequest> watch = WatchGrpc.newStub(channel).watch(completing(first));
    watch.onNext(WatchRequest.getDefaultInstance());
    first.get(10, TimeUnit.SECONDS);

    assertThat(inFlight.running()).isZero();
    assertThat(inFlight.awaitIdle(Duration.ZERO)).isTrue();
  }

  private void start() throws Exception {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new KVGrpc.KVImplBase() {
          @Override
          public void put(PutRequest r, StreamObserver<PutResponse> out) {
            release.thenRun(() -> {
              out.onNext(PutResponse.getDefaultInstance());
              out.onCompleted();
            });
          }
        })
        .addService(new WatchGrpc.WatchImplBase() {
          @Override
          public StreamObserver<WatchRequest> watch(StreamObserver<WatchResponse> out) {
            return new StreamObserver<>() {
              @Override
              public void onNext(WatchRequest r) {
                out.onNext(WatchResponse.getDefaultInstance());
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {}
            };
          }
        })
        .intercept(inFlight)
        .build().start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
  }

  /** Completes {@code f} with the first response or the failure. */
  private static <T> StreamObserver<T> completing(CompletableFuture<T> f) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        f.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        f.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    };
  }
}
