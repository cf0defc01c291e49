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
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The KV service's unary calls run on the transport's thread; the others on gRPC's executor. */
class NonBlockingCallsTest {
  /** The thread each method's handler ran on. */
  private final Map<String, String> ranOn = new ConcurrentHashMap<>();
  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
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

    assertThat(ranOn.get("put")).contains("worker-ELG");
    assertThat(ranOn.get("range")).contains("worker-ELG");
    assertThat(ranOn.get("leaseGrant")).startsWith("grpc-default-executor");
  }

  private <T> void answer(String method, T response, StreamObserver<T> out) {
    ranOn.put(method, Thread.currentThread().getName());
    out.onNext(response);
    out.onCompleted();
  }
}
