package io.cairn.cli.client;

import io.cairn.api.AuthGrpc;
import io.cairn.api.ClusterGrpc;
import io.cairn.api.KVGrpc;
import io.cairn.api.LeaseGrpc;
import io.cairn.api.MaintenanceGrpc;
import io.cairn.api.WatchGrpc;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Channels to the configured endpoints and blocking stubs with the command timeout as deadline.
 * Like etcdctl, it dials the first endpoint before running a command and fails with "context
 * deadline exceeded" when no connection is up within the dial timeout.
 */
public final class EtcdClient implements AutoCloseable {
  private static final long COLD_START_SLACK_NANOS = 5_000_000_000L;
  private static final long CLOSE_WAIT_MS = 1000;

  private final List<String> endpoints;
  private final long dialTimeoutNanos;
  private final long commandTimeoutNanos;
  private final long keepAliveTimeNanos;
  private final long keepAliveTimeoutNanos;
  private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();
  /**
   * The channels' event loop, owned so that {@link #close} can end its thread: the JVM's exit
   * waits up to 300 ms for threads still in native code, and an idle selector is (grpc's shared
   * loop outlives its channels by a second).
   */
  private EventLoopGroup eventLoop; // guarded by this

  private final java.util.function.Consumer<String> warn;
  private final TlsSettings tls;
  /** Present when requests carry a token (credentials given with both name and password). */
  private final Optional<TokenAuth> tokenAuth;

  /**
   * etcdctl's client timings: --dial-timeout, --command-timeout, and the keep-alive pings'
   * --keepalive-time and --keepalive-timeout (gRPC raises a ping interval under 10 s to 10 s, in
   * Go as in Java; pings go out only while a call is open, which etcd's servers require).
   */
  public record Timeouts(long dialNanos, long commandNanos, long keepAliveTimeNanos,
      long keepAliveTimeoutNanos) {
    public Timeouts withDial(long nanos) {
      return new Timeouts(nanos, commandNanos, keepAliveTimeNanos, keepAliveTimeoutNanos);
    }
  }

  /**
   * {@code warn} receives the Go client's warning lines (failed unary calls); with complete
   * {@code credentials}, {@link #authenticate()} gets the token every later request carries.
   */
  public EtcdClient(List<String> endpoints, Timeouts timeouts, TlsSettings tls,
      java.util.function.Consumer<String> warn, Optional<Credentials> credentials) {
    this.warn = warn;
    this.tls = tls;
    this.tokenAuth = credentials.filter(Credentials::complete).map(TokenAuth::new);
    this.endpoints = List.copyOf(endpoints);
    this.dialTimeoutNanos = timeouts.dialNanos();
    this.commandTimeoutNanos = timeouts.commandNanos();
    this.keepAliveTimeNanos = timeouts.keepAliveTimeNanos();
    this.keepAliveTimeoutNanos = timeouts.keepAliveTimeoutNanos();
  }

  public List<String> endpoints() {
    return endpoints;
  }

  /** The channel to the first endpoint that is up, dialled within the dial timeout. */
  public ManagedChannel channel() {
    if (endpoints.size() == 1) {
      return await(channel(endpoints.get(0), false));
    }
    long deadline = System.nanoTime() + Math.max(dialTimeoutNanos, COLD_START_SLACK_NANOS);
    while (true) {
      boolean allFailing = true;
      for (String ep : endpoints) {
        ManagedChannel ch = channel(ep, false);
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

  /**
   * A channel of its own to one endpoint (clientv3's direct dial, used for per-member requests),
   * dialled within the dial timeout.
   */
  public ManagedChannel dial(String endpoint) {
    ManagedChannel ch = channel(endpoint, true);
    try {
      return await(ch);
    } catch (ClientException e) {
      if (ch != null && e.getMessage().equals("context deadline exceeded")) {
        warn.accept(FailureLog.directUnreachable(endpoint,
            ConnectionFailure.describe(ch, hostPort(endpoint))));
      }
      throw e;
    }
  }

  private ManagedChannel await(ManagedChannel ch) {
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

  /**
   * The channel to an endpoint, or null for one that cannot be dialled (no host:port). Channels of
   * the client's balancer ({@code direct} false) secure every endpoint as the first endpoint's
   * scheme says and check the server's certificate against the discovery domain, or else the first
   * endpoint's host (grpc-go's authority of the balancer target); a direct channel follows its own
   * endpoint in both.
   */
  private synchronized ManagedChannel channel(String endpoint, boolean direct) {
    String hostPort = hostPort(endpoint);
    if (hostPort == null) {
      return null;
    }
    return channels.computeIfAbsent((direct ? "direct " : "balanced ") + endpoint, k -> {
      if (eventLoop == null) {
        eventLoop = new NioEventLoopGroup(1, new DefaultThreadFactory("cairnctl-io", true));
      }
      NettyChannelBuilder b = NettyChannelBuilder.forTarget(withoutRootDot(hostPort))
          .eventLoopGroup(eventLoop)
          .channelType(NioSocketChannel.class)
          .maxInboundMessageSize(Integer.MAX_VALUE);
      // as clientv3: no pings when the time is 0, and grpc-go's 20 s when the timeout is 0
      if (keepAliveTimeNanos > 0) {
        b.keepAliveTime(keepAliveTimeNanos, TimeUnit.NANOSECONDS).keepAliveTimeout(
            keepAliveTimeoutNanos > 0 ? keepAliveTimeoutNanos : TimeUnit.SECONDS.toNanos(20),
            TimeUnit.NANOSECONDS);
      }
      // the last interceptor runs first: the token is set before the failure log sees the call
      tokenAuth.ifPresentOrElse(a -> b.intercept(new FailureLog(hostPort, warn), a),
          () -> b.intercept(new FailureLog(hostPort, warn)));
      String secureAs = direct || endpoints.isEmpty() ? endpoint : endpoints.get(0);
      SslContext ssl = tls.contextFor(scheme(secureAs));
      if (ssl == null) {
        return b.usePlaintext().build();
      }
      b.sslContext(ssl);
      String authority = direct || tls.serverName().isEmpty() ? hostPort(secureAs)
          : tls.serverName();
      if (authority != null) {
        b.overrideAuthority(withoutRootDot(authority));
      }
      return b.build();
    });
  }

  /**
   * The host the Go client's balancer target names for an endpoint (endpoint.ParseEndpoint): an
   * http(s) URL's host:port, "" for other schemes, the endpoint itself when it is no URL.
   */
  static String balancerHost(String endpoint) {
    if (!endpoint.contains("://")) {
      return endpoint;
    }
    try {
      URI u = new URI(endpoint);
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
        return "";
      }
      return u.getRawAuthority() == null ? "" : u.getRawAuthority();
    } catch (java.net.URISyntaxException e) {
      return endpoint;
    }
  }

  /** The scheme of an endpoint URL, "" for a bare host:port. */
  static String scheme(String endpoint) {
    int end = endpoint.indexOf("://");
    return end < 0 ? "" : endpoint.substring(0, end);
  }

  /**
   * A discovered SRV target ends in the root's dot ("etcd1.example.com."); Go resolves and checks
   * certificates for it as for the name without, Java's TLS refuses it as a server name.
   */
  private static String withoutRootDot(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
    if (!host.endsWith(".")) {
      return hostPort;
    }
    return host.substring(0, host.length() - 1) + (colon < 0 ? "" : hostPort.substring(colon));
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
        warn.accept(FailureLog.unreachable(endpoints.isEmpty() ? "" : balancerHost(endpoints.get(0))));
      }
      throw e;
    }
  }

  /**
   * Gets the token, as clientv3.New does when given a user name and password: within the dial
   * timeout, and a server with auth disabled ("authentication is not enabled") leaves requests
   * without a token. Does nothing without complete credentials.
   *
   * @throws StatusRuntimeException or {@link ClientException} when authentication fails
   */
  public void authenticate() {
    if (tokenAuth.isPresent()) {
      authenticate(unaryChannel());
    }
  }

  private void authenticate(ManagedChannel ch) {
    if (tokenAuth.isEmpty()) {
      return;
    }
    try {
      tokenAuth.get().token(AuthGrpc.newBlockingStub(ch)
          .withDeadlineAfter(dialTimeoutNanos, TimeUnit.NANOSECONDS)
          .authenticate(tokenAuth.get().authenticateRequest()).getToken());
    } catch (StatusRuntimeException e) {
      if (!AUTH_NOT_ENABLED.equals(Status.fromThrowable(e).getDescription())) {
        throw e;
      }
    }
  }

  private static final String AUTH_NOT_ENABLED = "etcdserver: authentication is not enabled";

  public AuthGrpc.AuthBlockingStub auth() {
    return AuthGrpc.newBlockingStub(unaryChannel()).withDeadlineAfter(commandTimeoutNanos, TimeUnit.NANOSECONDS);
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
    ManagedChannel ch = endpoints.isEmpty() ? null : channel(endpoints.get(0), false);
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
    return maintenance(endpoint, commandTimeoutNanos);
  }

  /**
   * clientv3's Maintenance dials the endpoint anew for these calls, and that connection
   * authenticates again: the server sees one more Authenticate (a raft entry) per call.
   */
  public MaintenanceGrpc.MaintenanceBlockingStub maintenance(String endpoint, long timeoutNanos) {
    ManagedChannel ch = dial(endpoint);
    authenticate(ch);
    return maintenance(ch, timeoutNanos);
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
    try {
      for (ManagedChannel ch : channels.values()) {
        ch.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
      }
      if (eventLoop != null) {
        eventLoop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS)
            .await(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
