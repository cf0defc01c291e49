package io.cairn.server.config;

import io.cairn.server.tls.TlsInfo;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A member's configuration, with etcd's flag names and defaults ({@code embed/config.go}). Immutable;
 * build it with {@link ConfigParser}. {@code initialCluster} is empty when the cluster comes from
 * DNS SRV discovery ({@code discoverySrv}) until {@link #withInitialCluster} fills it in.
 */
public record ServerConfig(
    String name,
    Path dataDir,
    List<URI> listenClientUrls,
    List<URI> advertiseClientUrls,
    List<URI> listenPeerUrls,
    List<URI> initialAdvertisePeerUrls,
    String initialCluster,
    String initialClusterToken,
    String initialClusterState,
    boolean forceNewCluster,
    String discoverySrv,
    String discoverySrvName,
    long heartbeatIntervalMs,
    long electionTimeoutMs,
    boolean preVote,
    long snapshotCount,
    long quotaBackendBytes,
    AutoCompaction autoCompaction,
    Auth auth,
    int maxRequestBytes,
    int maxTxnOps,
    int maxConcurrentStreams,
    Duration grpcKeepAliveMinTime,
    Duration grpcKeepAliveInterval,
    Duration grpcKeepAliveTimeout,
    long watchProgressNotifyIntervalMs,
    CorruptCheck corruptCheck,
    Backups backups,
    List<URI> listenMetricsUrls,
    boolean extensiveMetrics,
    String logLevel,
    Logging logging,
    Http http,
    TlsInfo clientTls,
    TlsInfo peerTls) {

  public static final String DEFAULT_NAME = "default";
  public static final String DEFAULT_CLIENT_URL = "http://localhost:2379";
  public static final String DEFAULT_PEER_URL = "http://localhost:2380";
  public static final String DEFAULT_CLUSTER_TOKEN = "etcd-cluster";
  public static final long DEFAULT_HEARTBEAT_MS = 100;
  public static final long DEFAULT_ELECTION_MS = 1000;
  public static final long DEFAULT_SNAPSHOT_COUNT = 100_000;
  public static final int DEFAULT_MAX_REQUEST_BYTES = 1536 * 1024;
  public static final int DEFAULT_MAX_TXN_OPS = 128;
  public static final long DEFAULT_PROGRESS_NOTIFY_MS = 10 * 60 * 1000;

  public ServerConfig {
    listenClientUrls = List.copyOf(listenClientUrls);
    advertiseClientUrls = List.copyOf(advertiseClientUrls);
    listenPeerUrls = List.copyOf(listenPeerUrls);
    initialAdvertisePeerUrls = List.copyOf(initialAdvertisePeerUrls);
    listenMetricsUrls = List.copyOf(listenMetricsUrls);
  }

  /**
   * etcd's corruption checks: {@code initial} compares this member's HashKV with its peers' before
   * it joins the cluster; a non-zero {@code interval} makes the leader compare everyone's that often.
   */
  public record CorruptCheck(boolean initial, Duration interval) {
    public static final CorruptCheck NONE = new CorruptCheck(false, Duration.ZERO);
  }

  /**
   * etcd's auto-compaction: {@code periodic} keeps {@code retention} of history (a whole number
   * means hours), {@code revision} keeps that many revisions (etcd reads a duration given there as
   * its nanoseconds); a zero retention turns it off.
   */
  public record AutoCompaction(String mode, Duration retention) {
    public static final String PERIODIC = "periodic";
    public static final String REVISION = "revision";

    public boolean enabled() {
      return !retention.isZero();
    }

    /** For {@code revision} mode: how many revisions to keep. */
    public long revisions() {
      return retention.toNanos();
    }
  }

  /**
   * Auth's settings: the token provider (etcd's --auth-token: "simple" or "jwt,..."), simple
   * tokens' time to live from their last use, and bcrypt's cost.
   */
  public record Auth(String token, long tokenTtlSeconds, int bcryptCost) {}

  /** etcd's --logger ("capnslog" or "zap") and --log-outputs ("default", stderr, stdout, files). */
  public record Logging(String logger, List<String> outputs) {
    public Logging {
      outputs = List.copyOf(outputs);
    }
  }

  /**
   * HTTP on the client URLs: etcd's {@code --cors} origins and {@code --host-whitelist} hosts
   * (empty or containing {@code *}: any), and whether the /v3 JSON gateway is served.
   */
  public record Http(List<String> cors, List<String> hostWhitelist, boolean grpcGateway) {
    public Http {
      cors = List.copyOf(cors);
      hostWhitelist = List.copyOf(hostWhitelist);
    }
  }

  /** Scheduled backups (Cairn's own flags): none when {@code dir} is null. */
  public record Backups(Path dir, Duration interval, int retention) {
    public boolean enabled() {
      return dir != null;
    }
  }

  /** This configuration with the initial cluster found by discovery. */
  public ServerConfig withInitialCluster(String cluster) {
    return new ServerConfig(name, dataDir, listenClientUrls, advertiseClientUrls, listenPeerUrls,
        initialAdvertisePeerUrls, cluster, initialClusterToken, initialClusterState, forceNewCluster,
        discoverySrv, discoverySrvName, heartbeatIntervalMs, electionTimeoutMs, preVote, snapshotCount,
        quotaBackendBytes, autoCompaction, auth, maxRequestBytes, maxTxnOps, maxConcurrentStreams,
        grpcKeepAliveMinTime, grpcKeepAliveInterval,
        grpcKeepAliveTimeout, watchProgressNotifyIntervalMs, corruptCheck, backups, listenMetricsUrls,
        extensiveMetrics, logLevel, logging, http, clientTls, peerTls);
  }

  /** The initial cluster as name → peer URLs, in flag order. */
  public Map<String, List<String>> initialClusterMap() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (String part : initialCluster.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("invalid --initial-cluster entry: " + p);
      }
      m.computeIfAbsent(p.substring(0, eq), k -> new ArrayList<>()).add(p.substring(eq + 1));
    }
    return m;
  }

  /** The host to bind for a listen URL: an IPv6 literal without its brackets ("::" for [::]). */
  public static String bindHost(URI url) {
    String h = url.getHost();
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }

  /** etcd's minimum lease TTL: ⌈1.5 × election timeout⌉ in seconds. */
  public long minLeaseTtlSeconds() {
    long ticks = electionTimeoutMs / heartbeatIntervalMs;
    long ms = (3 * ticks / 2) * heartbeatIntervalMs;
    return (ms + 999) / 1000;
  }

  /** etcd's request timeout: 5 s plus twice the election timeout. */
  public long requestTimeoutMs() {
    return 5000 + 2 * electionTimeoutMs;
  }
}
