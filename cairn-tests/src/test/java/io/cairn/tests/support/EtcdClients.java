package io.cairn.tests.support;

import io.cairn.api.ClusterGrpc;
import io.cairn.api.KVGrpc;
import io.cairn.api.LeaseGrpc;
import io.cairn.api.MaintenanceGrpc;
import io.cairn.api.WatchGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;

/** Raw gRPC stubs of etcd's API, for tests that need to send exactly what they mean. */
public final class EtcdClients implements AutoCloseable {
  private final ManagedChannel channel;

  public EtcdClients(int clientPort) {
    this("127.0.0.1", clientPort);
  }

  public EtcdClients(String host, int clientPort) {
    channel = NettyChannelBuilder.forAddress(host, clientPort).usePlaintext()
        .maxInboundMessageSize(64 << 20).build();
  }

  public KVGrpc.KVBlockingStub kv() {
    return KVGrpc.newBlockingStub(channel).withDeadlineAfter(15, TimeUnit.SECONDS);
  }

  public ClusterGrpc.ClusterBlockingStub cluster() {
    return ClusterGrpc.newBlockingStub(channel).withDeadlineAfter(15, TimeUnit.SECONDS);
  }

  public LeaseGrpc.LeaseBlockingStub lease() {
    return LeaseGrpc.newBlockingStub(channel).withDeadlineAfter(15, TimeUnit.SECONDS);
  }

  public MaintenanceGrpc.MaintenanceBlockingStub maintenance() {
    return MaintenanceGrpc.newBlockingStub(channel).withDeadlineAfter(15, TimeUnit.SECONDS);
  }

  public WatchGrpc.WatchStub watch() {
    return WatchGrpc.newStub(channel);
  }

  public ManagedChannel channel() {
    return channel;
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
