package io.cairn.cli.client;

import io.cairn.api.ClusterGrpc;
import io.cairn.api.KVGrpc;
import io.cairn.api.LeaseGrpc;
import io.cairn.api.MaintenanceGrpc;
import io.cairn.api.WatchGrpc;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Channels to the configured endpoints and blocking stubs with the command timeout as deadline.
 * Like etcdctl, it dials the first endpoint before running a command and fails with "context
 * deadline exceeded" when no connection is up within the dial timeout.
 */
public final class EtcdClient implements AutoCloseable {
  private final List<String> endpoints;
  private final long dialTimeoutNanos;
  private final long commandTimeoutNanos;
  private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();

  public EtcdClient(List<String> endpoints, long dialTimeoutNanos, long commandTimeoutNanos) {
    this.endpoints = List.copyOf(endpoints);
    this.dialTimeoutNanos = dialTimeoutNanos;
    this.commandTimeoutNanos = commandTimeoutNanos;
  }

  public List<String> endpoints() {
    return endpoints;
  }

  /** The channel to the first reachable endpoint, dialled within the dial timeout. */
  public ManagedChannel channel() {
    long deadline = System.nanoTime() + dialTimeoutNanos;
    while (true) {
      for (String ep : endpoints) {
        ManagedChannel ch = channel(ep);
        if (ch.getState(true) == ConnectivityState.READY) {
          return ch;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new ClientException("context deadline exceeded");
      }
      ManagedChannel first = channel(endpoints.get(0));
      CountDownLatch changed = new CountDownLatch(1);
      first.notifyWhenStateChanged(first.getState(false), changed::countDown);
      try {
        changed.await(Math.min(left, 50_000_000L), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClientException("context canceled");
      }
    }
  }

  /** The channel to one endpoint, dialled within the dial timeout. */
  public ManagedChannel dial(String endpoint) {
    ManagedChannel ch = channel(endpoint);
    long deadline = System.nanoTime() + dialTimeoutNanos;
    while (ch.getState(true) != ConnectivityState.READY) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new ClientException("context deadline exceeded");
      }
      CountDownLatch changed = new CountDownLatch(1);
      ch.notifyWhenStateChanged(ch.getState(false), changed::countDown);
      try {
        changed.await(Math.min(left, 50_000_000L), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClientException("context canceled");
      }
    }
    return ch;
  }

  private synchronized ManagedChannel channel(String endpoint) {
    return channels.computeIfAbsent(endpoint, ep -> NettyChannelBuilder.forTarget(hostPort(ep))
        .usePlaintext().maxInboundMessageSize(Integer.MAX_VALUE).build());
  }

  static String hostPort(String endpoint) {
    if (endpoint.contains("://")) {
      URI u = URI.create(endpoint);
      return u.getHost() + ":" + (u.getPort() < 0 ? 2379 : u.getPort());
    }
    return endpoint;
  }

  public KVGrpc.KVBlockingStub kv() {
    return KVGrpc.newBlockingStub(channel()).withDeadlineAfter(commandTimeoutNanos, TimeUnit.NANOSECONDS);
  }

  public LeaseGrpc.LeaseBlockingStub lease() {
    return LeaseGrpc.newBlockingStub(channel()).withDeadlineAfter(commandTimeoutNanos, TimeUnit.NANOSECONDS);
  }

  public LeaseGrpc.LeaseStub leaseAsync() {
    return LeaseGrpc.newStub(channel());
  }

  public ClusterGrpc.ClusterBlockingStub cluster() {
    return ClusterGrpc.newBlockingStub(channel()).withDeadlineAfter(commandTimeoutNanos, TimeUnit.NANOSECONDS);
  }

  public MaintenanceGrpc.MaintenanceBlockingStub maintenance() {
    return maintenance(channel(), commandTimeoutNanos);
  }

  /** Maintenance on one endpoint (Status, HashKV, Defragment are per member). */
  public MaintenanceGrpc.MaintenanceBlockingStub maintenance(String endpoint) {
    return maintenance(dial(endpoint), commandTimeoutNanos);
  }

  public MaintenanceGrpc.MaintenanceBlockingStub maintenance(String endpoint, long timeoutNanos) {
    return maintenance(dial(endpoint), timeoutNanos);
  }

  private static MaintenanceGrpc.MaintenanceBlockingStub maintenance(ManagedChannel ch, long timeoutNanos) {
    return MaintenanceGrpc.newBlockingStub(ch).withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS);
  }

  public MaintenanceGrpc.MaintenanceStub maintenanceAsync() {
    return MaintenanceGrpc.newStub(channel());
  }

  public WatchGrpc.WatchStub watch() {
    return WatchGrpc.newStub(channel());
  }

  public long commandTimeoutNanos() {
    return commandTimeoutNanos;
  }

  @Override
  public synchronized void close() {
    for (ManagedChannel ch : channels.values()) {
      ch.shutdownNow();
    }
  }
}
