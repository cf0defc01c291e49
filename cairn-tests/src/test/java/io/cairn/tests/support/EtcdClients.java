package io.cairn.tests.support;

import com.google.protobuf.ByteString;
import io.cairn.api.AlarmMember;
import io.cairn.api.AlarmRequest;
import io.cairn.api.ClusterGrpc;
import io.cairn.api.KVGrpc;
import io.cairn.api.LeaseGrpc;
import io.cairn.api.MaintenanceGrpc;
import io.cairn.api.PutRequest;
import io.cairn.api.PutResponse;
import io.cairn.api.WatchGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.util.List;
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

  /** Stubs for a member's client URL. */
  public static EtcdClients of(MemberFlags member) {
    return new EtcdClients(member.host(), member.clientPort());
  }

  /** A plain put of UTF-8 key and value. */
  public PutResponse put(String key, String value) {
    return kv().put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key))
        .setValue(ByteString.copyFromUtf8(value)).build());
  }

  /** Every active alarm, as {@code etcdctl alarm list} asks for them. */
  public List<AlarmMember> alarms() {
    return maintenance().alarm(AlarmRequest.newBuilder()
        .setAction(AlarmRequest.AlarmAction.GET).build()).getAlarmsList();
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
