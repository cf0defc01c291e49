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
  private static final long COLD_START_SLACK_NANOS = 5_000_000_000L;

  private final List<String> endpoints;
  private final long dialTimeoutNanos;
  private final long commandTimeoutNanos;
  private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();

  private final java.util.function.Consumer<String> warn;

  public EtcdClient(List<String> endpoints, long dialTimeoutNanos, long commandTimeoutNanos) {
    this(endpoints, dialTimeoutNanos, commandTimeoutNanos, line -> { });
  }

  /** {@code warn} receives the Go client's warning lines (failed unary calls). */
  public EtcdClient(List<String> endpoints, long dialTimeoutNanos, long commandTimeoutNanos,
      java.util.function.Consumer<String> warn) {
    this.warn = warn;
    this.endpoints = List.copyOf(endpoints);
    this.dialTimeoutNanos = dialTimeoutNanos;
    this.commandTimeoutNanos = commandTimeoutNanos;
  }

  public List<String> endpoints() {
    return endpoints;
  }

  /** The channel to the first endpoint that is up, dialled within the dial timeout. */
  public ManagedChannel channel() {
    if (endpoints.size() == 1) {
      return dial(endpoints.get(0));
    }
    long deadline = System.nanoTime() + Math.max(dialTimeoutNanos, COLD_START_SLACK_NANOS);
    while (true) {
      boolean allFailing = true;
      for (String ep : endpoints) {
        ManagedChannel ch = channel(ep);
        ConnectivityState state = ch.getState(true);
        if (state == ConnectivityState.READY) {
          return ch;
        }
        allFailing &= state == ConnectivityState.TRANSIENT_FAILURE;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || (allFailing && left < COLD_START_SLACK_NANOS - dialTimeoutNanos)) {
        throw new ClientException("context deadline exceeded");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClientException("context canceled");
      }
    }
  }

  /** The channel to one endpoint, dialled within the dial timeout. */
  public ManagedChannel dial(String endpoint) {
    ManagedChannel ch = channel(endpoint);
    long start = System.nanoTime();
    while (true) {
      ConnectivityState state = ch.getState(true);
      if (state == ConnectivityState.READY) {
        return ch;
      }
      long elapsed = System.nanoTime() - start;
      // a refused or failing endpoint gets the dial timeout; a connection still being set up gets
      // some slack, as a cold JVM's first connection (class loading) is slower than Go's
      long limit = state == ConnectivityState.TRANSIENT_FAILURE ? dialTimeoutNanos
          : Math.max(dialTimeoutNanos, COLD_START_SLACK_NANOS);
      if (elapsed >= limit) {
        throw new ClientException("context deadline exceeded");
      }
      CountDownLatch changed = new CountDownLatch(1);
      ch.notifyWhenStateChanged(state, changed::countDown);
      try {
        changed.await(Math.min(limit - elapsed, 50_000_000L), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClientException("context canceled");
      }
    }
  }

  private synchronized ManagedChannel channel(String endpoint) {
    return channels.computeIfAbsent(endpoint, ep -> NettyChannelBuilder.forTarget(hostPort(ep))
        .usePlaintext().maxInboundMessageSize(Integer.MAX_VALUE)
        .intercept(new FailureLog(hostPort(ep), warn)).build());
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
