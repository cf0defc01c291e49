package io.cairn.server.config;

import static io.cairn.server.config.EtcdFlag.Kind.BOOL;
import static io.cairn.server.config.EtcdFlag.Kind.DURATION;
import static io.cairn.server.config.EtcdFlag.Kind.NUMBER;
import static io.cairn.server.config.EtcdFlag.Kind.SIGNED_NUMBER;
import static io.cairn.server.config.EtcdFlag.Kind.TEXT;
import static io.cairn.server.config.FlagGroup.AUTH;
import static io.cairn.server.config.FlagGroup.CAIRN;
import static io.cairn.server.config.FlagGroup.CLUSTERING;
import static io.cairn.server.config.FlagGroup.DEPRECATED;
import static io.cairn.server.config.FlagGroup.EXPERIMENTAL;
import static io.cairn.server.config.FlagGroup.HIDDEN;
import static io.cairn.server.config.FlagGroup.LOGGING;
import static io.cairn.server.config.FlagGroup.MEMBER;
import static io.cairn.server.config.FlagGroup.MONITORING;
import static io.cairn.server.config.FlagGroup.SECURITY;
import static io.cairn.server.config.FlagGroup.UNSAFE;
import static io.cairn.server.config.FlagGroup.V2_PROXY;

import io.cairn.server.config.EtcdFlag.Kind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every flag of etcd 3.4's server ({@code etcdmain/config.go}: the 84 that {@code etcd --help}
 * lists or hides, less {@code --config-file} and {@code --version}, which {@link ConfigParser} and
 * {@code Main} handle), in {@code --help}'s order, each implemented or refused with its reason.
 */
public final class EtcdFlags {
  private static final String LOG_ISSUE =
      "Cairn's logging is configured by --logger, --log-outputs and --log-level";
  private static final String V2 = "Cairn serves etcd's v3 API only";
  private static final String PROXY = "Cairn has no v2 proxy mode";

  private static final List<EtcdFlag> ALL = List.of(
      on("name", MEMBER, TEXT, "'default'", "Human-readable name for this member."),
      on("data-dir", MEMBER, TEXT, "'${name}.etcd'", "Path to the data directory."),
      off("wal-dir", MEMBER, TEXT, "''", "Path to the dedicated wal directory.", "",
          "the Raft log lives under --data-dir (member/raft)"),
      on("snapshot-count", MEMBER, NUMBER, "'100000'",
          "Number of committed transactions to trigger a snapshot to disk."),
      on("heartbeat-interval", MEMBER, NUMBER, "'100'", "Time (in milliseconds) of a heartbeat interval."),
      on("election-timeout", MEMBER, NUMBER, "'1000'",
          "Time (in milliseconds) for an election to timeout. See tuning documentation for details."),
      off("initial-election-tick-advance", MEMBER, BOOL, "'true'",
          "Whether to fast-forward initial election ticks on boot for faster election.", "false",
          "a starting member waits one randomized election timeout before it campaigns, as with false"),
      on("listen-peer-urls", MEMBER, TEXT, "'http://localhost:2380'", "List of URLs to listen on for peer traffic."),
      on("listen-client-urls", MEMBER, TEXT, "'http://localhost:2379'",
          "List of URLs to listen on for client traffic."),
      off("max-snapshots", MEMBER, NUMBER, "'5'",
          "Maximum number of snapshot files to retain (0 is unlimited).", "5",
          "the engine keeps its own snapshots (issue 14: backups)"),
      off("max-wals", MEMBER, NUMBER, "'5'", "Maximum number of wal files to retain (0 is unlimited).", "5",
          "the engine purges its own log segments"),
      on("quota-backend-bytes", MEMBER, SIGNED_NUMBER, "'0'",
          "Raise alarms when backend size exceeds the given quota (0 defaults to low space quota)."),
      off("backend-batch-interval", MEMBER, DURATION, "''",
          "BackendBatchInterval is the maximum time before commit the backend transaction.", "0",
          "every applied entry is committed to the backend at once (issue 15)"),
      off("backend-batch-limit", MEMBER, NUMBER, "'0'",
          "BackendBatchLimit is the maximum operations before commit the backend transaction.", "0",
          "every applied entry is committed to the backend at once (issue 15)"),
      on("max-txn-ops", MEMBER, NUMBER, "'128'", "Maximum number of operations permitted in a transaction."),
      on("max-request-bytes", MEMBER, NUMBER, "'1572864'",
          "Maximum client request size in bytes the server will accept."),
      on("max-concurrent-streams", MEMBER, NUMBER, "'math.MaxUint32'",
          "Maximum concurrent streams that each client can open at a time."),
      on("grpc-keepalive-min-time", MEMBER, DURATION, "'5s'",
          "Minimum duration interval that a client should wait before pinging server."),
      on("grpc-keepalive-interval", MEMBER, DURATION, "'2h'",
          "Frequency duration of server-to-client ping to check if a connection is alive (0 to disable)."),
      on("grpc-keepalive-timeout", MEMBER, DURATION, "'20s'",
          "Additional duration of wait before closing a non-responsive connection (0 to disable)."),

      on("initial-advertise-peer-urls", CLUSTERING, TEXT, "'http://localhost:2380'",
          "List of this member's peer URLs to advertise to the rest of the cluster."),
      on("initial-cluster", CLUSTERING, TEXT, "'default=http://localhost:2380'",
          "Initial cluster configuration for bootstrapping."),
      on("initial-cluster-state", CLUSTERING, TEXT, "'new'", "Initial cluster state ('new' or 'existing')."),
      on("initial-cluster-token", CLUSTERING, TEXT, "'etcd-cluster'",
          "Initial cluster token for the etcd cluster during bootstrap.\n"
              + "Specifying this can protect you from unintended cross-cluster interaction when running "
              + "multiple clusters."),
      on("advertise-client-urls", CLUSTERING, TEXT, "'http://localhost:2379'",
          "List of this member's client URLs to advertise to the public.\nThe client URLs advertised "
              + "should be accessible to machines that talk to etcd cluster. etcd client libraries parse "
              + "these URLs to connect to the cluster."),
      off("discovery", CLUSTERING, TEXT, "''", "Discovery URL used to bootstrap the cluster.", "",
          "the v2 discovery service is not supported: use --discovery-srv or --initial-cluster"),
      off("discovery-fallback", CLUSTERING, TEXT, "'proxy'",
          "Expected behavior ('exit' or 'proxy') when discovery services fails.\n\"proxy\" supports v2 "
              + "API only.", "proxy", "it applies to --discovery only, which is not supported"),
      off("discovery-proxy", CLUSTERING, TEXT, "''", "HTTP proxy to use for traffic to discovery service.", "",
          "it applies to --discovery only, which is not supported"),
      on("discovery-srv", CLUSTERING, TEXT, "''", "DNS srv domain used to bootstrap the cluster."),
      on("discovery-srv-name", CLUSTERING, TEXT, "''",
          "Suffix to the dns srv name queried when bootstrapping."),
      off("strict-reconfig-check", CLUSTERING, BOOL, "'true'",
          "Reject reconfiguration requests that would cause quorum loss.", "false",
          "Cairn does not check member changes against quorum yet"),
      on("pre-vote", CLUSTERING, BOOL, "'true'",
          "Enable to run an additional Raft election phase. (Cairn: on unless set to false, as in "
              + "etcd 3.5.)"),
      on("auto-compaction-retention", CLUSTERING, TEXT, "'0'",
          "Auto compaction retention length. 0 means disable auto compaction."),
      on("auto-compaction-mode", CLUSTERING, TEXT, "'periodic'",
          "Interpret 'auto-compaction-retention' one of: periodic|revision. 'periodic' for duration based "
              + "retention, defaulting to hours if no time unit is provided (e.g. '5m'). 'revision' for "
              + "revision number based retention."),
      off("enable-v2", CLUSTERING, BOOL, "'false'", "Accept etcd V2 client requests.", "false", V2),

      on("cert-file", SECURITY, TEXT, "''", "Path to the client server TLS cert file."),
      on("key-file", SECURITY, TEXT, "''", "Path to the client server TLS key file."),
      on("client-cert-auth", SECURITY, BOOL, "'false'", "Enable client cert authentication."),
      on("client-crl-file", SECURITY, TEXT, "''", "Path to the client certificate revocation list file."),
      off("client-cert-allowed-hostname", SECURITY, TEXT, "''",
          "Allowed TLS hostname for client cert authentication.", "", "not implemented yet"),
      on("trusted-ca-file", SECURITY, TEXT, "''", "Path to the client server TLS trusted CA cert file."),
      on("auto-tls", SECURITY, BOOL, "'false'", "Client TLS using generated certificates."),
      on("peer-cert-file", SECURITY, TEXT, "''", "Path to the peer server TLS cert file."),
      on("peer-key-file", SECURITY, TEXT, "''", "Path to the peer server TLS key file."),
      on("peer-client-cert-auth", SECURITY, BOOL, "'false'", "Enable peer client cert authentication."),
      on("peer-trusted-ca-file", SECURITY, TEXT, "''", "Path to the peer server TLS trusted CA file."),
      on("peer-cert-allowed-cn", SECURITY, TEXT, "''",
          "Required CN for client certs connecting to the peer endpoint."),
      off("peer-cert-allowed-hostname", SECURITY, TEXT, "''",
          "Allowed TLS hostname for inter peer authentication.", "", "not implemented yet"),
      on("peer-auto-tls", SECURITY, BOOL, "'false'",
          "Peer TLS using self-generated certificates if --peer-key-file and --peer-cert-file are not "
              + "provided."),
      on("peer-crl-file", SECURITY, TEXT, "''", "Path to the peer certificate revocation list file."),
      on("cipher-suites", SECURITY, TEXT, "''",
          "Comma-separated list of supported TLS cipher suites between client/server and peers (empty "
              + "will be auto-populated by Go)."),
      on("cors", SECURITY, TEXT, "'*'",
          "Comma-separated whitelist of origins for CORS, or cross-origin resource sharing, (empty or * "
              + "means allow all)."),
      on("host-whitelist", SECURITY, TEXT, "'*'",
          "Acceptable hostnames from HTTP client requests, if server is not secure (empty or * means "
              + "allow all)."),

      on("auth-token", AUTH, TEXT, "'simple'",
          "Specify a v3 authentication token type and its options ('simple' or 'jwt')."),
      on("bcrypt-cost", AUTH, NUMBER, "10",
          "Specify the cost / strength of the bcrypt algorithm for hashing auth passwords. Valid values "
              + "are between 4 and 31."),
      on("auth-token-ttl", AUTH, NUMBER, "300", "Time (in seconds) of the auth-token-ttl."),

      off("enable-pprof", MONITORING, BOOL, "'false'",
          "Enable runtime profiling data via HTTP server. Address is at client URL + \"/debug/pprof/\"",
          "false", "Go's pprof has no JVM equivalent on an HTTP endpoint"),
      on("metrics", MONITORING, TEXT, "'basic'",
          "Set level of detail for exported metrics, specify 'extensive' to include histogram metrics."),
      on("listen-metrics-urls", MONITORING, TEXT, "''",
          "List of URLs to listen on for the metrics and health endpoints."),

      on("logger", LOGGING, TEXT, "'capnslog'",
          "Specify 'zap' for structured logging or 'capnslog'. [WARN] 'capnslog' will be deprecated in "
              + "v3.5."),
      on("log-outputs", LOGGING, TEXT, "'default'",
          "Specify 'stdout' or 'stderr' to skip journald logging even when running under systemd, or "
              + "list of comma separated output targets."),
      on("log-level", LOGGING, TEXT, "'info'",
          "Configures log level. Only supports debug, info, warn, error, panic, or fatal."),

      off("proxy", V2_PROXY, TEXT, "'off'", "Proxy mode setting ('off', 'readonly' or 'on').", "off", PROXY),
      off("proxy-failure-wait", V2_PROXY, NUMBER, "5000",
          "Time (in milliseconds) an endpoint will be held in a failed state.", "5000", PROXY),
      off("proxy-refresh-interval", V2_PROXY, NUMBER, "30000",
          "Time (in milliseconds) of the endpoints refresh interval.", "30000", PROXY),
      off("proxy-dial-timeout", V2_PROXY, NUMBER, "1000",
          "Time (in milliseconds) for a dial to timeout.", "1000", PROXY),
      off("proxy-write-timeout", V2_PROXY, NUMBER, "5000",
          "Time (in milliseconds) for a write to timeout.", "5000", PROXY),
      off("proxy-read-timeout", V2_PROXY, NUMBER, "0",
          "Time (in milliseconds) for a read to timeout.", "0", PROXY),

      on("experimental-initial-corrupt-check", EXPERIMENTAL, BOOL, "'false'",
          "Enable to check data corruption before serving any client/peer traffic."),
      on("experimental-corrupt-check-time", EXPERIMENTAL, DURATION, "'0s'",
          "Duration of time between cluster corruption check passes."),
      off("experimental-enable-v2v3", EXPERIMENTAL, TEXT, "''",
          "Serve v2 requests through the v3 backend under a given prefix.", "", V2),
      off("experimental-backend-bbolt-freelist-type", EXPERIMENTAL, TEXT, "'array'",
          "ExperimentalBackendFreelistType specifies the type of freelist that boltdb backend uses(array "
              + "and map are supported types).", "array", "Cairn's backend is RocksDB, not bbolt"),
      off("experimental-enable-lease-checkpoint", EXPERIMENTAL, BOOL, "'false'",
          "ExperimentalEnableLeaseCheckpoint enables primary lessor to persist lease remainingTTL to "
              + "prevent indefinite auto-renewal of long lived leases.", "false", "not implemented yet"),
      off("experimental-compaction-batch-limit", EXPERIMENTAL, NUMBER, "1000",
          "ExperimentalCompactionBatchLimit sets the maximum revisions deleted in each compaction batch.",
          "1000", "a compaction is applied in one backend batch"),
      off("experimental-peer-skip-client-san-verification", EXPERIMENTAL, BOOL, "'false'",
          "Skip verification of SAN field in client certificate for peer connections.", "false",
          "not implemented yet"),
      on("experimental-watch-progress-notify-interval", EXPERIMENTAL, DURATION, "'10m'",
          "Duration of periodical watch progress notification."),
      off("experimental-warning-apply-duration", EXPERIMENTAL, DURATION, "'100ms'",
          "Warning is generated if requests take more than this duration.", "100ms",
          "slow-request warnings are not implemented yet (issue 12)"),

      on("force-new-cluster", UNSAFE, BOOL, "'false'", "Force to create a new one-member cluster."),

      on("debug", DEPRECATED, BOOL, "'false'",
          "Enable debug-level logging for etcd. [WARN] Will be deprecated in v3.5. Use "
              + "'--log-level=debug' instead."),
      off("log-package-levels", DEPRECATED, TEXT, "''",
          "Specify a particular log level for each etcd package (eg: 'etcdmain=CRITICAL,etcdserver=DEBUG').",
          "", LOG_ISSUE),

      on("backup-dir", CAIRN, TEXT, "''",
          "Directory for scheduled backups in etcd's snapshot format, taken by the leader (empty: none)."),
      on("backup-interval", CAIRN, DURATION, "'1h'", "Time between scheduled backups."),
      on("backup-retention", CAIRN, NUMBER, "'24'", "Number of scheduled backups to keep (the newest)."),

      off("log-output", HIDDEN, TEXT, "'default'", "[TO BE DEPRECATED IN v3.5] use '--log-outputs'.",
          "default", LOG_ISSUE),
      on("enable-grpc-gateway", HIDDEN, BOOL, "'true'", "Enable GRPC gateway."),
      off("experimental-enable-lease-checkpoint-persist", HIDDEN, BOOL, "'false'",
          "Enable persisting remainingTTL to prevent indefinite auto-renewal of long lived leases.", "false",
          "not implemented yet"),
      off("unsafe-no-fsync", HIDDEN, BOOL, "'false'", "Disables fsync, unsafe, will cause data loss.", "false",
          "Cairn always syncs its log"));

  private static final Map<String, EtcdFlag> BY_NAME = new LinkedHashMap<>();

  static {
    for (EtcdFlag f : ALL) {
      BY_NAME.put(f.name(), f);
    }
  }

  private EtcdFlags() {}

  public static List<EtcdFlag> all() {
    return ALL;
  }

  public static Optional<EtcdFlag> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  private static EtcdFlag on(String name, FlagGroup group, Kind kind, String dflt, String help) {
    return new EtcdFlag(name, group, kind, dflt, help, null, null);
  }

  private static EtcdFlag off(String name, FlagGroup group, Kind kind, String dflt, String help,
      String accepted, String refusal) {
    return new EtcdFlag(name, group, kind, dflt, help, accepted, refusal);
  }
}
