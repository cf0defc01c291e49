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
        if (ch == null) {
          continue; // malformed: never connects, as in Go
        }
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
    if (ch == null) {
      // grpc-go accepts any target and fails to connect; cairnctl fails at once
      throw new ClientException("context deadline exceeded");
    }
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

  /** The channel to an endpoint, or null for one that cannot be dialled (no host:port). */
  private synchronized ManagedChannel channel(String endpoint) {
    String hostPort = hostPort(endpoint);
    if (hostPort == null) {
      return null;
    }
    return channels.computeIfAbsent(endpoint, ep -> NettyChannelBuilder.forTarget(hostPort)
        .usePlaintext().maxInboundMessageSize(Integer.MAX_VALUE)
        .intercept(new FailureLog(hostPort, warn)).build());
  }

  /**
   * The host:port to dial: clientv3 drops an http(s) URL's scheme and dials the rest, which needs a
   * numeric port; anything else (empty, no port, bad URL, other schemes) is null.
   */
  static String hostPort(String endpoint) {
    String rest = endpoint;
    int scheme = endpoint.indexOf("://");
    if (scheme >= 0) {
      try {
        URI u = new URI(endpoint);
        boolean http = "http".equals(u.getScheme()) || "https".equals(u.getScheme());
        if (!http || u.getHost() == null || u.getPort() < 0) {
          return null;
        }
        return u.getHost() + ":" + u.getPort();
      } catch (java.net.URISyntaxException e) {
        return null;
      }
    }
    int colon = rest.lastIndexOf(':');
    if (colon <= 0 || colon == rest.length() - 1) {
      return null;
    }
    String host = rest.substring(0, colon);
    String port = rest.substring(colon + 1);
    if (!port.chars().allMatch(Character::isDigit) || port.length() > 5 || Integer.parseInt(port) > 65535) {
      return null;
    }
    if (host.contains(":") && !(host.startsWith("[") && host.endsWith("]"))) {
      return null; // an IPv6 address needs brackets
    }
    return rest;
  }

  /**
   * The channel for a unary call: when no endpoint connects, the Go client's retry interceptor
   * logs the failed call (with the balancer's error) before etcdctl prints its own error.
   */
  private ManagedChannel unaryChannel() {
    try {
      return channel();
    } catch (ClientException e) {
      if (e.getMessage().equals("context deadline exceeded")) {
        warn.accept(FailureLog.unreachable(endpoints.isEmpty() ? "" : endpoints.get(0)));
      }
      throw e;
    }
  }

  public KVGrpc.KVBlockingStub kv() {
    return KVGrpc.newBlockingStub(unaryChannel()).withDeadlineAfter(commandTimeoutNanos, TimeUnit.NANOSECONDS);
  }

  public LeaseGrpc.LeaseBlockingStub lease() {
    return LeaseGrpc.newBlockingStub(unaryChannel()).withDeadlineAfter(commandTimeoutNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Lease calls that wait, without a deadline, until the first endpoint is up: clientv3's calls
   * under its own context (concurrency's session grant) retry silently until they get through.
   */
  public LeaseGrpc.LeaseBlockingStub leaseWaitingForReady() {
    ManagedChannel ch = endpoints.isEmpty() ? null : channel(endpoints.get(0));
    if (ch == null) {
      throw new ClientException("context deadline exceeded");
    }
    return LeaseGrpc.newBlockingStub(ch).withWaitForReady();
  }

  public LeaseGrpc.LeaseStub leaseAsync() {
    return LeaseGrpc.newStub(channel());
  }

  public ClusterGrpc.ClusterBlockingStub cluster() {
    return ClusterGrpc.newBlockingStub(unaryChannel()).withDeadlineAfter(commandTimeoutNanos, TimeUnit.NANOSECONDS);
  }

  public MaintenanceGrpc.MaintenanceBlockingStub maintenance() {
    return maintenance(unaryChannel(), commandTimeoutNanos);
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
