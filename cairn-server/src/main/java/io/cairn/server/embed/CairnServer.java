package io.cairn.server.embed;

import io.cairn.server.api.grpc.ElectionService;
import io.cairn.server.api.grpc.LockService;
import io.cairn.server.concurrent.DaemonThreads;
import io.cairn.server.concurrency.Elections;
import io.cairn.server.concurrency.Locks;
import io.cairn.server.concurrency.ServerRecipeKv;
import io.cairn.server.auth.Credentials;
import io.cairn.api.AlarmMember;
import io.cairn.server.api.grpc.ClusterService;
import io.cairn.server.api.grpc.InFlightCalls;
import io.cairn.server.api.grpc.KvService;
import io.cairn.server.api.grpc.LeaderLossMonitor;
import io.cairn.server.api.grpc.LeaseService;
import io.cairn.server.api.grpc.LearnerInterceptor;
import io.cairn.server.api.grpc.MaintenanceService;
import io.cairn.server.api.grpc.MetricsInterceptor;
import io.cairn.server.api.grpc.NonBlockingCalls;
import io.cairn.server.api.grpc.RequireLeaderInterceptor;
import io.cairn.server.api.grpc.AuthService;
import io.cairn.server.api.grpc.CredentialsInterceptor;
import io.cairn.server.api.grpc.WatchService;
import io.cairn.server.api.http.AccessPolicy;
import io.cairn.server.api.http.HealthSource;
import io.cairn.server.api.http.HttpEndpoints;
import io.cairn.server.api.http.HttpRouter;
import io.cairn.server.api.http.JsonGateway;
import io.cairn.server.api.http.MetricsHttpServer;
import io.cairn.server.api.http.SharedPortNegotiator;
import io.cairn.server.config.ServerConfig;
import io.cairn.server.logging.Logging;
import io.cairn.server.core.EtcdServer;
import io.cairn.server.discovery.SrvCluster;
import io.cairn.server.membership.InitialCluster;
import io.cairn.server.membership.MemberStore;
import io.cairn.server.membership.Member;
import io.cairn.server.raft.RaftPeerAddress;
import io.cairn.server.raft.RaftSettings;
import io.cairn.server.raft.RatisRaftNode;
import io.cairn.server.tls.TlsCredentials;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.InternalNettyServerCredentials;
import io.grpc.netty.NettyServerBuilder;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running member: the server core, consensus, and the client gRPC listeners. */
public final class CairnServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CairnServer.class);
  /** gRPC accepts this much over --max-request-bytes, as etcd does, so etcd's own check answers. */
  private static final int GRPC_OVERHEAD_BYTES = 512 * 1024;

  private final ServerConfig config;
  private final EtcdServer etcd;
  private final LeaderLossMonitor leaderLoss;
  private final WatchService watchService;
  /** The lock and election recipes' watch callbacks, one at a time and in order. */
  private final ExecutorService recipeListeners = DaemonThreads.pool("lock-election", 1);
  private final LockService lockService;
  private final ElectionService electionService;
  private final TransportSecurity security;
  private final InFlightCalls inFlight = new InFlightCalls();
  private final List<Server> grpcServers = new ArrayList<>();
  private final HttpEndpoints httpEndpoints;
  /** HTTP handlers run here: some wait (/health's read), none on an event loop. */
  private final ExecutorService httpExecutor = DaemonThreads.cached("http");
  private final String gatewayName = "cairn-gateway-" + java.util.UUID.randomUUID();
  private volatile ManagedChannel gatewayChannel;
  private volatile MetricsHttpServer metricsHttp;

  private CairnServer(ServerConfig config) {
    this.config = config;
    // certificates are checked before anything starts: a bad file stops the member at once
    this.security = TransportSecurity.of(config);
    try {
      Files.createDirectories(config.dataDir().resolve("member"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data dir " + config.dataDir(), e);
    }
    boolean forced = config.forceNewCluster() && ForceNewCluster.applies(config.dataDir());
    List<Long> forcedOut = forced
        ? ForceNewCluster.configureOnlyThisMember(config.dataDir()) : List.of();
    this.etcd = newEtcdServer(config, forced);
    Logging.memberId(etcd.memberStore().localId());
    etcd.removeOnceLeading(forcedOut);
    this.leaderLoss = new LeaderLossMonitor(() -> etcd.raftStatus().leaderId(),
        config.electionTimeoutMs());
    this.watchService = new WatchService(etcd, leaderLoss);
    ServerRecipeKv recipeKv = new ServerRecipeKv(etcd, recipeListeners);
    // each call's recipe acts as its sender, whichever thread a step of it runs on
    this.lockService = new LockService(() -> new Locks(recipeKv.as(Credentials.current())));
    this.electionService = new ElectionService(
        () -> new Elections(recipeKv.as(Credentials.current())));
    etcd.metrics().withProcessMetrics();
    if (config.extensiveMetrics()) {
      etcd.metrics().grpc().withHandlingTime(etcd.metrics().registry());
    }
    this.httpEndpoints = new HttpEndpoints(healthSource(), etcd.metrics().registry(),
        EtcdServer.API_VERSION, EtcdServer.API_VERSION);
  }

  private HealthSource healthSource() {
    return new HealthSource() {
      @Override
      public List<AlarmMember> alarms() {
        return etcd.alarms().list();
      }

      @Override
      public boolean hasLeader() {
        return etcd.hasLeader();
      }

      @Override
      public CompletableFuture<Void> linearizableRead() {
        return etcd.linearizableBarrier();
      }

      @Override
      public CompletableFuture<Void> serializableRead() {
        return etcd.read(true, false, () -> null);
      }
    };
  }

  /**
   * The member's server core on its data dir. {@code forced}: by {@code --force-new-cluster}, so
   * the engine starts from its storage whatever the cluster state flag says.
   */
  private EtcdServer newEtcdServer(ServerConfig config, boolean forced) {
    return new EtcdServer(config, () -> initialCluster(config), (applier, members, timings) ->
        new RatisRaftNode(raftSettings(config, members, security.peerTls(), forced), applier,
            timings));
  }

  /** The cluster a fresh member bootstraps: from the flags, or found by DNS SRV discovery. */
  private static InitialCluster initialCluster(ServerConfig config) {
    if (config.discoverySrv().isEmpty()) {
      return InitialCluster.from(config);
    }
    try {
      String cluster = SrvCluster.system().initialCluster(config.discoverySrv(),
          config.discoverySrvName(), config.name(), config.initialAdvertisePeerUrls());
      return InitialCluster.from(config.withInitialCluster(cluster));
    } catch (SrvCluster.DiscoveryException e) {
      throw new IllegalStateException("error setting up initial cluster: " + e.getMessage(), e);
    }
  }

  private static RaftSettings raftSettings(ServerConfig config, MemberStore members,
      Optional<TlsCredentials> peerTls, boolean forced) {
    List<RaftPeerAddress> peers = new ArrayList<>();
    for (Member m : members.members()) {
      URI u = URI.create(m.peerUrls().get(0));
      peers.add(new RaftPeerAddress(m.id(), u.getHost(), u.getPort()));
    }
    URI listen = config.listenPeerUrls().get(0);
    return new RaftSettings(config.dataDir().resolve("member").resolve("raft"), members.localId(),
        peers, config.initialClusterToken(), config.heartbeatIntervalMs(), config.electionTimeoutMs(),
        config.preVote(), snapshotCount(config.snapshotCount()),
        !forced && "existing".equals(config.initialClusterState()),
        new RaftSettings.ListenAddress(ServerConfig.bindHost(listen), listen.getPort()), peerTls);
  }

  /** 0 means the default, as etcd's "updating snapshot-count to default" says. */
  private static long snapshotCount(long given) {
    if (given == 0) {
      LOG.info("updating snapshot-count to default: given 0, updated {}",
          ServerConfig.DEFAULT_SNAPSHOT_COUNT);
      return ServerConfig.DEFAULT_SNAPSHOT_COUNT;
    }
    return given;
  }

  /** Starts a member and returns once its client listeners accept connections. */
  public static CairnServer start(ServerConfig config) {
    CairnServer s = new CairnServer(config);
    try {
      // building the client services loads much of gRPC's and the API's classes (~0.5 s): done
      // while Raft starts and elects, the listeners open as soon as there is a leader
      CompletableFuture<List<Server>> built = CompletableFuture.supplyAsync(s::buildGrpc);
      s.etcd.start();
      // as etcd: /health and /metrics answer before there is a leader (health then says false)
      s.startMetrics();
      s.awaitReady();
      s.startGrpc(built.join());
    } catch (RuntimeException e) {
      s.close();
      throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause ? cause : e;
    }
    LOG.info("cairn member {} serving clients on {}", Long.toHexString(s.etcd.memberStore().localId()),
        config.listenClientUrls());
    return s;
  }

  private void startMetrics() {
    if (config.listenMetricsUrls().isEmpty()) {
      return;
    }
    try {
      metricsHttp = MetricsHttpServer.start(config.listenMetricsUrls(), new HttpRouter(
          httpEndpoints.metricsListener(), null, null, httpExecutor, 64 * 1024));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot listen on --listen-metrics-urls "
          + config.listenMetricsUrls() + ": " + e.getMessage(), e);
    }
  }

  /** Waits, as etcd does, until the member's publish has been applied; fails if it cannot be. */
  private void awaitReady() {
    LOG.info("waiting for a leader and for this member's publish before serving clients");
    Object end;
    try {
      end = CompletableFuture.anyOf(etcd.readyNotify(),
          etcd.removedNotify().thenApply(v -> EtcdServer.MEMBER_REMOVED),
          etcd.engineStoppedNotify()).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a leader", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    if (end != null) {
      throw new IllegalStateException("the member stopped before serving: " + end);
    }
  }

  /**
   * The client services with their interceptors, once for every listener and the gateway;
   * the last interceptor listed runs first.
   */
  private List<ServerServiceDefinition> clientServices() {
    List<ServerServiceDefinition> bare = new ArrayList<>();
    for (BindableService service : List.of(new KvService(etcd), watchService,
        new LeaseService(etcd, leaderLoss), new ClusterService(etcd), new MaintenanceService(etcd),
        lockService, electionService, new AuthService(etcd))) {
      bare.add(service.bindService());
    }
    MetricsInterceptor metrics = new MetricsInterceptor(etcd.metrics().grpc(), bare);
    List<ServerServiceDefinition> services = new ArrayList<>();
    for (ServerServiceDefinition service : bare) {
      services.add(ServerInterceptors.intercept(service,
          new LearnerInterceptor(() -> etcd.memberStore().isLocalLearner()),
          new RequireLeaderInterceptor(etcd::hasLeader),
          new CredentialsInterceptor(config.clientTls().clientCertAuth()),
          inFlight, metrics)); // outermost: they count every request, refused ones too
    }
    return services;
  }

  private List<Server> buildGrpc() {
    List<ServerServiceDefinition> services = clientServices();
    Server inProcess = InProcessServerBuilder.forName(gatewayName)
        .maxInboundMessageSize(config.maxRequestBytes() + GRPC_OVERHEAD_BYTES)
        .addServices(services).build();
    gatewayChannel = InProcessChannelBuilder.forName(gatewayName).directExecutor()
        .maxInboundMessageSize(Integer.MAX_VALUE).build();
    HttpRouter http = new HttpRouter(httpEndpoints.clientListener(),
        config.http().grpcGateway() ? new JsonGateway(gatewayChannel, services) : null,
        new AccessPolicy(config.http().cors(), config.http().hostWhitelist()), httpExecutor,
        config.maxRequestBytes() + GRPC_OVERHEAD_BYTES);
    List<Server> servers = new ArrayList<>();
    servers.add(inProcess);
    for (URI u : config.listenClientUrls()) {
      SslContext tls = security.clientContextFor(u).orElse(null);
      NettyServerBuilder builder = NettyServerBuilder.forAddress(
          new InetSocketAddress(ServerConfig.bindHost(u), u.getPort()),
          InternalNettyServerCredentials.create(new SharedPortNegotiator(tls, http)));
      builder
          .maxInboundMessageSize(config.maxRequestBytes() + GRPC_OVERHEAD_BYTES)
          .maxConcurrentCallsPerConnection(config.maxConcurrentStreams())
          .permitKeepAliveTime(config.grpcKeepAliveMinTime().toNanos(), TimeUnit.NANOSECONDS)
          .permitKeepAliveWithoutCalls(true)
          // HTTP/1.1 connections never finish gRPC's handshake; SharedPortNegotiator bounds the
          // silent ones instead
          .handshakeTimeout(3650, TimeUnit.DAYS)
          .callExecutor(new NonBlockingCalls());
      // etcd: 0 disables the server's pings and their timeout
      if (!config.grpcKeepAliveInterval().isZero()) {
        builder.keepAliveTime(config.grpcKeepAliveInterval().toNanos(), TimeUnit.NANOSECONDS);
      }
      if (!config.grpcKeepAliveTimeout().isZero()) {
        builder.keepAliveTimeout(config.grpcKeepAliveTimeout().toNanos(), TimeUnit.NANOSECONDS);
      }
      services.forEach(builder::addService);
      servers.add(builder.build());
    }
    return servers;
  }

  /** Starts the gateway's in-process server, then one server per client URL. */
  private void startGrpc(List<Server> servers) {
    for (int i = 0; i < servers.size(); i++) {
      Server s = servers.get(i);
      try {
        s.start();
      } catch (IOException e) {
        throw new UncheckedIOException(i == 0 ? "cannot start the gateway's in-process server"
            : "cannot listen on " + config.listenClientUrls().get(i - 1), e);
      }
      grpcServers.add(s);
    }
  }

  public EtcdServer etcd() {
    return etcd;
  }

  /** The port actually bound for the i-th client URL (useful with port 0). */
  public int clientPort(int i) {
    return grpcServers.get(i + 1).getPort(); // the first is the gateway's, in process
  }

  /** Refuses new client calls (GOAWAY); the calls running go on. For {@link GracefulStop}. */
  void stopAcceptingClients() {
    for (Server s : grpcServers) {
      s.shutdown();
    }
  }

  InFlightCalls inFlightCalls() {
    return inFlight;
  }

  /** The hard stop: cuts client calls and closes at once. SIGTERM goes through {@link GracefulStop}. */
  @Override
  public void close() {
    for (Server s : grpcServers) {
      s.shutdownNow();
    }
    for (Server s : grpcServers) {
      try {
        s.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (metricsHttp != null) {
      metricsHttp.close();
    }
    if (gatewayChannel != null) {
      gatewayChannel.shutdownNow();
    }
    httpExecutor.shutdownNow();
    watchService.close();
    leaderLoss.close();
    etcd.close();
    // after the server: its watch hub may still hand a recipe watcher an event until then
    recipeListeners.shutdownNow();
  }
}
