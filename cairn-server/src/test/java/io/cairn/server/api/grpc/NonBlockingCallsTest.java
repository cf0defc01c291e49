package io.cairn.server.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.KVGrpc;
import io.cairn.api.LeaseGrantRequest;
import io.cairn.api.LeaseGrantResponse;
import io.cairn.api.LeaseGrpc;
import io.cairn.api.PutRequest;
import io.cairn.api.PutResponse;
import io.cairn.api.RangeRequest;
import io.cairn.api.RangeResponse;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The KV service's unary calls leave gRPC's executor for the transport's thread; the others stay. */
class NonBlockingCallsTest {
  /** The thread each method's handler ran on. */
  private final Map<String, String> ranOn = new ConcurrentHashMap<>();
  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void close() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void kvCallsRunOnTheTransportThreadAndTheRestOnTheExecutor() throws Exception {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .callExecutor(new NonBlockingCalls())
        .addService(new KVGrpc.KVImplBase() {
          @Override
          public void put(PutRequest r, StreamObserver<PutResponse> out) {
            answer("put", PutResponse.getDefaultInstance(), out);
          }

          @Override
          public void range(RangeRequest r, StreamObserver<RangeResponse> out) {
            answer("range", RangeResponse.getDefaultInstance(), out);
          }
        })
        .addService(new LeaseGrpc.LeaseImplBase() {
          @Override
          public void leaseGrant(LeaseGrantRequest r, StreamObserver<LeaseGrantResponse> out) {
            answer("leaseGrant", LeaseGrantResponse.getDefaultInstance(), out);
          }
        })
        .build().start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();

    KVGrpc.newBlockingStub(channel).put(PutRequest.getDefaultInstance());
    KVGrpc.newBlockingStub(channel).range(RangeRequest.getDefaultInstance());
    LeaseGrpc.newBlockingStub(channel).leaseGrant(LeaseGrantRequest.getDefaultInstance());

    // gRPC looks each call's method up on its executor and then switches the call to the chosen
    // one; a handler whose messages arrive while that lookup still runs may run on its thread
    // too, so which thread ran put or range is not fixed: what NonBlockingCalls chose is
    assertThat(ranOn).containsKeys("put", "range");
    assertThat(ranOn.get("leaseGrant")).startsWith("grpc-default-executor");
  }

  @Test
  void kvCallsAreRunInPlaceAndTheOthersOnGrpcsExecutor() {
    NonBlockingCalls calls = new NonBlockingCalls();
    Thread caller = Thread.currentThread();
    Thread[] ranOnThread = new Thread[1];
    calls.getExecutor(call(KVGrpc.getPutMethod()), new Metadata())
        .execute(() -> ranOnThread[0] = Thread.currentThread());
    assertThat(ranOnThread[0]).isSameAs(caller);
    assertThat(calls.getExecutor(call(KVGrpc.getRangeMethod()), new Metadata())).isNotNull();
    assertThat(calls.getExecutor(call(KVGrpc.getTxnMethod()), new Metadata())).isNotNull();
    assertThat(calls.getExecutor(call(KVGrpc.getDeleteRangeMethod()), new Metadata())).isNotNull();
    assertThat(calls.getExecutor(call(LeaseGrpc.getLeaseGrantMethod()), new Metadata())).isNull();
    assertThat(calls.getExecutor(call(KVGrpc.getCompactMethod()), new Metadata())).isNull();
  }

  private static <Q, R> ServerCall<Q, R> call(MethodDescriptor<Q, R> method) {
    return new ServerCall<>() {
      @Override
      public MethodDescriptor<Q, R> getMethodDescriptor() {
        return method;
      }

      @Override
      public void request(int numMessages) {}

      @Override
      public void sendHeaders(Metadata headers) {}

      @Override
      public void sendMessage(R message) {}

      @Override
      public void close(io.grpc.Status status, Metadata trailers) {}

      @Override
      public boolean isCancelled() {
        return false;
      }
    };
  }

  private <T> void answer(String method, T response, StreamObserver<T> out) {
    ranOn.put(method, Thread.currentThread().getName());
    out.onNext(response);
    out.onCompleted();
  }
}
