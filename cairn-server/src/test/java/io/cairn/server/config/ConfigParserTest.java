package io.cairn.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.server.tls.TlsInfo;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigParserTest {

  private static ServerConfig parse(Map<String, String> env, String... args) {
    return ConfigParser.parse(args, env);
  }

  @Test
  void defaultsAreEtcds() {
    ServerConfig c = parse(Map.of());

    assertThat(c.name()).isEqualTo("default");
    assertThat(c.dataDir()).isEqualTo(Path.of("default.cairn"));
    assertThat(c.listenClientUrls()).containsExactly(URI.create("http://localhost:2379"));
    assertThat(c.advertiseClientUrls()).containsExactly(URI.create("http://localhost:2379"));
    assertThat(c.listenPeerUrls()).containsExactly(URI.create("http://localhost:2380"));
    assertThat(c.initialAdvertisePeerUrls()).containsExactly(URI.create("http://localhost:2380"));
    assertThat(c.initialCluster()).isEqualTo("default=http://localhost:2380");
    assertThat(c.initialClusterToken()).isEqualTo("etcd-cluster");
    assertThat(c.initialClusterState()).isEqualTo("new");
    assertThat(c.heartbeatIntervalMs()).isEqualTo(100);
    assertThat(c.electionTimeoutMs()).isEqualTo(1000);
    assertThat(c.snapshotCount()).isEqualTo(100_000);
    assertThat(c.maxRequestBytes()).isEqualTo(1_572_864);
    assertThat(c.maxTxnOps()).isEqualTo(128);
    assertThat(c.watchProgressNotifyIntervalMs()).isEqualTo(10 * 60 * 1000);
    assertThat(c.preVote()).as("etcd 3.5's default").isTrue();
    assertThat(c.maxConcurrentStreams()).isEqualTo(Integer.MAX_VALUE);
    assertThat(c.grpcKeepAliveMinTime()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.grpcKeepAliveInterval()).isEqualTo(Duration.ofHours(2));
    assertThat(c.grpcKeepAliveTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.logLevel()).isEqualTo("info");
    assertThat(c.discoverySrv()).isEmpty();
    assertThat(c.clientTls()).isEqualTo(TlsInfo.NONE);
    assertThat(c.peerTls()).isEqualTo(TlsInfo.NONE);
    assertThat(c.minLeaseTtlSeconds()).as("ceil(1.5 x 1s)").isEqualTo(2);
    assertThat(c.initialClusterMap()).containsExactly(Map.entry("default", List.of("http://localhost:2380")));
  }

  @Test
  void flagsTakeSeparateOrEqualsValuesWithOneOrTwoDashes() {
    ServerConfig c = parse(Map.of(),
        "--name", "n1",
        "--data-dir=/var/lib/n1",
        "-max-txn-ops", "64",
        "-election-timeout=2500",
        "--heartbeat-interval", "250",
        "--listen-client-urls", "http://127.0.0.1:3379,http://10.0.0.1:3379",
        "--advertise-client-urls", "http://127.0.0.1:3379",
        "--grpc-keepalive-interval=1h30m",
        "--experimental-watch-progress-notify-interval", "5s");

    assertThat(c.name()).isEqualTo("n1");
    assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/n1"));
    assertThat(c.maxTxnOps()).isEqualTo(64);
    assertThat(c.electionTimeoutMs()).isEqualTo(2500);
    assertThat(c.heartbeatIntervalMs()).isEqualTo(250);
    assertThat(c.listenClientUrls()).containsExactly(
        URI.create("http://127.0.0.1:3379"), URI.create("http://10.0.0.1:3379"));
    assertThat(c.grpcKeepAliveInterval()).isEqualTo(Duration.ofMinutes(90));
    assertThat(c.watchProgressNotifyIntervalMs()).isEqualTo(5_000);
    assertThat(c.minLeaseTtlSeconds()).as("ceil(1.5 x 10 ticks x 250ms)").isEqualTo(4);
  }

  @Test
  void nameChangesTheDefaultDataDirAndInitialCluster() {
    ServerConfig c = parse(Map.of(), "--name", "infra1", "--initial-advertise-peer-urls",
        "http://10.0.0.1:2380,http://10.0.0.1:2390");

    assertThat(c.dataDir()).isEqualTo(Path.of("infra1.cairn"));
    assertThat(c.initialCluster()).isEqualTo("infra1=http://10.0.0.1:2380,infra1=http://10.0.0.1:2390");
    assertThat(c.initialClusterMap())
        .containsExactly(Map.entry("infra1", List.of("http://10.0.0.1:2380", "http://10.0.0.1:2390")));
  }

  @Test
  void environmentVariablesApplyWhenNoFlagIsGiven() {
    ServerConfig c = parse(Map.of(
        "ETCD_NAME", "from-env",
        "ETCD_INITIAL_CLUSTER_TOKEN", "tok",
        "ETCD_MAX_REQUEST_BYTES", "1024",
        "ETCD_LISTEN_PEER_URLS", "http://127.0.0.1:12380"));

    assertThat(c.name()).isEqualTo("from-env");
    assertThat(c.dataDir()).isEqualTo(Path.of("from-env.cairn"));
    assertThat(c.initialClusterToken()).isEqualTo("tok");
    assertThat(c.maxRequestBytes()).isEqualTo(1024);
    assertThat(c.listenPeerUrls()).containsExactly(URI.create("http://127.0.0.1:12380"));
  }

  @Test
  void environmentFillsWhatTheFlagsLeaveOut() {
    ServerConfig c = parse(Map.of("ETCD_MAX_TXN_OPS", "7"), "--name=from-flag");

    assertThat(c.name()).isEqualTo("from-flag");
    assertThat(c.maxTxnOps()).isEqualTo(7);
  }

  @Test
  void aFlagAndItsEnvironmentVariableTogetherAreRefusedAsEtcdDoes() {
    assertThatThrownBy(() -> parse(Map.of("ETCD_NAME", "from-env"), "--name=from-flag"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conflicting environment variable \"ETCD_NAME\" is shadowed by corresponding "
            + "command-line flag (either unset environment variable or disable flag)");
  }

  @Test
  void booleanFlagsNeedNoValue() {
    ServerConfig c = parse(Map.of(), "--debug", "--name", "after-bool", "--pre-vote=false");

    assertThat(c.name()).isEqualTo("after-bool");
    assertThat(c.logLevel()).isEqualTo("debug");
    assertThat(c.preVote()).isFalse();
  }

  @Test
  void unknownFlagIsRejected() {
    assertThatThrownBy(() -> parse(Map.of(), "--no-such-flag", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("flag provided but not defined: -no-such-flag");
    assertThatThrownBy(() -> parse(Map.of(), "--name", "a", "stray"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void valueFlagWithoutAValueIsRejected() {
    assertThatThrownBy(() -> parse(Map.of(), "--name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("flag needs an argument");
  }

  @Test
  void urlsMustHaveSchemeAndHost() {
    assertThatThrownBy(() -> parse(Map.of(), "--listen-client-urls", "localhost:2379"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void goDurations() {
    assertThat(GoValues.parseDuration("200ms")).isEqualTo(Duration.ofMillis(200));
    assertThat(GoValues.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(GoValues.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(GoValues.parseDuration("2h45m")).isEqualTo(Duration.ofMinutes(165));
    assertThat(GoValues.parseDuration("0")).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> GoValues.parseDuration("5d"))
        .hasMessage("time: unknown unit \"d\" in duration \"5d\"");
    assertThatThrownBy(() -> GoValues.parseDuration("5")).hasMessage("time: missing unit in duration \"5\"");
  }

  @Test
  void badValuesNameTheFlag() {
    assertThatThrownBy(() -> parse(Map.of(), "--max-txn-ops", "many"))
        .hasMessage("invalid value \"many\" for flag -max-txn-ops: parse error: strconv.ParseUint: "
            + "parsing \"many\": invalid syntax");
    assertThatThrownBy(() -> parse(Map.of("ETCD_PRE_VOTE", "yes")))
        .hasMessageStartingWith("invalid value \"yes\" for flag -pre-vote");
    assertThatThrownBy(() -> parse(Map.of(), "--initial-cluster-state", "old"))
        .hasMessage("invalid value \"old\" for flag -initial-cluster-state: valid values are \"new\", "
            + "\"existing\"");
    assertThatThrownBy(() -> parse(Map.of(), "--log-level", "loud"))
        .hasMessageContaining("-log-level: only supports debug, info, warn, error, panic, or fatal");
    assertThatThrownBy(() -> parse(Map.of(), "--heartbeat-interval", "300"))
        .hasMessage("--election-timeout[1000ms] should be at least as 5 times as --heartbeat-interval[300ms]");
  }

  @Test
  void aFlagCairnDoesNotImplementIsRefusedUnlessItAsksForWhatCairnDoes() {
    assertThatThrownBy(() -> parse(Map.of(), "--enable-v2"))
        .hasMessage("--enable-v2=true is not supported by Cairn: Cairn serves etcd's v3 API only "
            + "(only \"false\" is accepted)");
    assertThatThrownBy(() -> parse(Map.of("ETCD_MAX_SNAPSHOTS", "10")))
        .hasMessageStartingWith("--max-snapshots=10 is not supported by Cairn: ");
    assertThatThrownBy(() -> parse(Map.of(), "--experimental-enable-lease-checkpoint"))
        .hasMessageContaining("--experimental-enable-lease-checkpoint=true is not supported by Cairn");
    assertThatThrownBy(() -> parse(Map.of(), "--backend-batch-interval", "5m"))
        .hasMessageContaining("--backend-batch-interval=5m is not supported");
    assertThat(parse(Map.of("ETCD_EXPERIMENTAL_INITIAL_CORRUPT_CHECK", "true"),
        "--experimental-corrupt-check-time", "5m").corruptCheck())
        .isEqualTo(new ServerConfig.CorruptCheck(true, Duration.ofMinutes(5)));
    assertThat(parse(Map.of()).corruptCheck()).isEqualTo(ServerConfig.CorruptCheck.NONE);
    assertThat(parse(Map.of("ETCD_BACKUP_DIR", "/var/backups/cairn"), "--backup-interval", "30m")
        .backups()).isEqualTo(new ServerConfig.Backups(Path.of("/var/backups/cairn"),
            Duration.ofMinutes(30), 24));
    assertThat(parse(Map.of()).backups().enabled()).isFalse();
    assertThatThrownBy(() -> parse(Map.of(), "--backup-retention", "0"))
        .hasMessage("invalid value \"0\" for flag -backup-retention: must be at least 1");
    assertThatThrownBy(() -> parse(Map.of(), "--backup-interval", "0s"))
        .hasMessage("invalid value \"0s\" for flag -backup-interval: must be positive");

    ServerConfig c = parse(Map.of("ETCD_ENABLE_V2", "false", "ETCD_MAX_WALS", "5"),
        "--auto-compaction-mode=periodic", "--experimental-warning-apply-duration=0.1s");
    assertThat(c.name()).isEqualTo("default");
  }

  @Test
  void everyRefusedFlagAcceptsItsAcceptedValueAndRefusesAnother() {
    for (EtcdFlag f : EtcdFlags.all()) {
      if (f.implemented()) {
        continue;
      }
      parse(Map.of(), "--" + f.name() + "=" + f.accepted());
      String other = switch (f.kind()) {
        case BOOL -> Boolean.toString(!GoValues.parseBool(f.accepted()));
        case NUMBER -> Long.toString(GoValues.parseUint(f.accepted()) + 1);
        case SIGNED_NUMBER -> Long.toString(GoValues.parseInt(f.accepted()) + 1);
        case DURATION -> "17s";
        case TEXT -> f.accepted() + "x";
      };
      assertThatThrownBy(() -> parse(Map.of(), "--" + f.name() + "=" + other))
          .as(f.name()).hasMessageStartingWith("--" + f.name() + "=" + other + " is not supported by Cairn: ");
    }
  }

  @Test
  void unknownEtcdVariablesAreWarnedAboutNotFatal() {
    ServerConfig c = parse(Map.of("ETCD_NO_SUCH_THING", "1", "ETCDCTL_API", "3", "ETCD_NAME", "n"));

    assertThat(c.name()).isEqualTo("n");
  }

  @Test
  void listenAndAdvertiseUrlsAreSeparateAndIpv6WildcardsBind() {
    ServerConfig c = parse(Map.of(),
        "--listen-peer-urls", "https://[::]:2380",
        "--initial-advertise-peer-urls", "https://k8s-etcd-1.c1.example.com:2380",
        "--listen-client-urls", "http://[::]:2379,http://127.0.0.1:2379",
        "--advertise-client-urls", "http://k8s-etcd-1.c1.example.com:2379",
        "--peer-auto-tls");

    assertThat(c.listenPeerUrls()).containsExactly(URI.create("https://[::]:2380"));
    assertThat(ServerConfig.bindHost(c.listenPeerUrls().get(0))).isEqualTo("::");
    assertThat(ServerConfig.bindHost(c.listenClientUrls().get(1))).isEqualTo("127.0.0.1");
    assertThat(c.initialCluster()).isEqualTo("default=https://k8s-etcd-1.c1.example.com:2380");
    assertThat(c.peerTls().autoTls()).isTrue();
  }

  @Test
  void urlsAreCheckedAsEtcdChecksThem() {
    assertThatThrownBy(() -> parse(Map.of(), "--listen-client-urls", "http://127.0.0.1:2379"))
        .hasMessage("--advertise-client-urls is required when --listen-client-urls is set explicitly");
    assertThatThrownBy(() -> parse(Map.of(), "--listen-peer-urls", "http://etcd.example.com:2380"))
        .hasMessageStartingWith("expected IP in URL for binding (http://etcd.example.com:2380)");
    assertThatThrownBy(() -> parse(Map.of(), "--initial-advertise-peer-urls", "ftp://10.0.0.1:2380"))
        .hasMessageContaining("URL scheme must be http or https");
    assertThatThrownBy(() -> parse(Map.of(), "--initial-advertise-peer-urls", "http://10.0.0.1:2380/x"))
        .hasMessageContaining("URL must not contain a path");
    assertThatThrownBy(() -> parse(Map.of(), "--listen-peer-urls", "http://127.0.0.1:2380,http://127.0.0.2:2380"))
        .hasMessageContaining("Cairn listens for peers on one URL");
  }

  @Test
  void discoverySrvLeavesTheInitialClusterToDnsAndExcludesInitialCluster() {
    ServerConfig c = parse(Map.of("ETCD_DISCOVERY_SRV", "lab.example.com", "ETCD_DISCOVERY_SRV_NAME", "c1"));

    assertThat(c.discoverySrv()).isEqualTo("lab.example.com");
    assertThat(c.discoverySrvName()).isEqualTo("c1");
    assertThat(c.initialCluster()).isEmpty();
    assertThatThrownBy(() -> parse(Map.of(), "--discovery-srv", "lab.example.com", "--initial-cluster",
        "default=http://localhost:2380"))
        .hasMessage("multiple discovery or bootstrap flags are set. Choose one of \"initial-cluster\", "
            + "\"discovery\" or \"discovery-srv\"");
  }

  @Test
  void aConfigFileReplacesFlagsAndVariables(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("etcd.conf.yml");
    Files.writeString(file, String.join("\n",
        "name: 'infra1'",
        "data-dir: /var/lib/etcd/infra1",
        "wal-dir:",
        "snapshot-count: 10000",
        "heartbeat-interval: 100",
        "election-timeout: 1000",
        "listen-peer-urls: https://[::]:2380",
        "listen-client-urls: http://127.0.0.1:2379",
        "initial-advertise-peer-urls: https://10.0.0.1:2380",
        "advertise-client-urls: http://10.0.0.1:2379",
        "initial-cluster: infra1=https://10.0.0.1:2380",
        "initial-cluster-state: 'new'",
        "enable-v2: false",
        "max-wals: 5",
        "cors:",
        "grpc-keepalive-timeout: 30000000000",
        "cipher-suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]",
        "client-transport-security:",
        "  cert-file: /etc/etcd/server.pem",
        "  key-file: /etc/etcd/server-key.pem",
        "  client-cert-auth: false",
        "peer-transport-security:",
        "  auto-tls: true",
        "log-level: warn",
        ""));

    ServerConfig c = parse(Map.of("ETCD_NAME", "ignored", "ETCD_CONFIG_FILE", file.toString()),
        "--max-txn-ops", "1");

    assertThat(c.name()).isEqualTo("infra1");
    assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/etcd/infra1"));
    assertThat(c.snapshotCount()).isEqualTo(10_000);
    assertThat(c.maxTxnOps()).as("flags are ignored").isEqualTo(128);
    assertThat(c.grpcKeepAliveTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.clientTls().certFile()).isEqualTo(Path.of("/etc/etcd/server.pem"));
    assertThat(c.peerTls().autoTls()).isTrue();
    assertThat(c.clientTls().cipherSuites()).hasSize(2);
    assertThat(c.logLevel()).isEqualTo("warn");

    Files.writeString(file, "name: x\nno-such-setting: 1\n");
    assertThatThrownBy(() -> parse(Map.of(), "--config-file", file.toString()))
        .hasMessage("--config-file " + file + ": unknown setting \"no-such-setting\"");
    Files.writeString(file, "name: x\nexperimental-enable-lease-checkpoint: true\n");
    assertThatThrownBy(() -> parse(Map.of(), "--config-file", file.toString()))
        .hasMessageContaining("--experimental-enable-lease-checkpoint=true is not supported by Cairn");
    Files.writeString(file, "name: x\nforce-new-cluster: true\n");
    assertThat(parse(Map.of(), "--config-file", file.toString()).forceNewCluster()).isTrue();
    assertThatThrownBy(() -> parse(Map.of(), "--config-file", dir.resolve("missing.yml").toString()))
        .hasMessageStartingWith("cannot read --config-file");
  }

  @Test
  void helpListsEveryListedFlagInEtcdsGroups() {
    String help = HelpText.render();

    for (EtcdFlag f : EtcdFlags.all()) {
      if (f.group() != FlagGroup.HIDDEN) {
        assertThat(help).contains("\n  --" + f.name() + " " + f.etcdDefault() + "\n");
      }
    }
    assertThat(help).containsSubsequence("\nMember:\n", "\nClustering:\n", "\nSecurity:\n", "\nAuth:\n",
        "\nProfiling and Monitoring:\n", "\nLogging:\n", "\nv2 Proxy (to be deprecated in v4):\n",
        "\nExperimental feature:\n", "\nUnsafe feature:\n", "\nTO BE DEPRECATED:\n");
  }

  @Test
  void securityFlagsFillBothSides() {
    ServerConfig c = parse(Map.of(), "--cert-file=/c.crt", "--key-file", "/c.key", "--trusted-ca-file=/ca.crt",
        "--client-cert-auth", "--client-crl-file=/c.crl", "--auto-tls",
        "--peer-cert-file=/p.crt", "--peer-key-file=/p.key", "--peer-trusted-ca-file=/pca.crt",
        "--peer-client-cert-auth", "--peer-cert-allowed-cn=member", "--peer-crl-file=/p.crl", "--peer-auto-tls",
        "--cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");

    assertThat(c.clientTls()).isEqualTo(new TlsInfo(Path.of("/c.crt"), Path.of("/c.key"),
        Path.of("/ca.crt"), true, Path.of("/c.crl"), null, true,
        List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")));
    assertThat(c.peerTls()).isEqualTo(new TlsInfo(Path.of("/p.crt"), Path.of("/p.key"),
        Path.of("/pca.crt"), true, Path.of("/p.crl"), "member", true,
        List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")));
  }

  @Test
  void securityFlagsComeFromTheirEtcdVariables() {
    ServerConfig c = parse(Map.of("ETCD_PEER_AUTO_TLS", "true", "ETCD_CERT_FILE", "/c.crt",
        "ETCD_CLIENT_CERT_AUTH", "true", "ETCD_PEER_CERT_ALLOWED_CN", "member"));

    assertThat(c.peerTls().autoTls()).isTrue();
    assertThat(c.peerTls().allowedCn()).isEqualTo("member");
    assertThat(c.clientTls().certFile()).isEqualTo(Path.of("/c.crt"));
    assertThat(c.clientTls().clientCertAuth()).isTrue();
    assertThat(c.clientTls().autoTls()).isFalse();
  }

  @Test
  void noSecurityFlagsMeanPlaintext() {
    ServerConfig c = parse(Map.of());

    assertThat(c.clientTls()).isEqualTo(TlsInfo.NONE);
    assertThat(c.peerTls()).isEqualTo(TlsInfo.NONE);
  }

  @Test
  void quotaAndAutoCompactionParseAsEtcds() {
    ServerConfig defaults = parse(Map.of());
    assertThat(defaults.quotaBackendBytes()).isZero();
    assertThat(defaults.autoCompaction().enabled()).isFalse();
    assertThat(defaults.autoCompaction().mode()).isEqualTo("periodic");

    assertThat(parse(Map.of("ETCD_QUOTA_BACKEND_BYTES", "-1")).quotaBackendBytes()).isEqualTo(-1);
    assertThatThrownBy(() -> parse(Map.of(), "--quota-backend-bytes", "8GB"))
        .hasMessageStartingWith("invalid value \"8GB\" for flag -quota-backend-bytes: parse error");

    // periodic: a whole number means hours, else a Go duration
    assertThat(parse(Map.of(), "--auto-compaction-retention", "2").autoCompaction().retention())
        .isEqualTo(Duration.ofHours(2));
    assertThat(parse(Map.of(), "--auto-compaction-retention", "90s").autoCompaction().retention())
        .isEqualTo(Duration.ofSeconds(90));
    ServerConfig.AutoCompaction byRevision = parse(Map.of(), "--auto-compaction-mode", "revision",
        "--auto-compaction-retention", "1000").autoCompaction();
    assertThat(byRevision.mode()).isEqualTo("revision");
    assertThat(byRevision.revisions()).isEqualTo(1000);

    assertThatThrownBy(() -> parse(Map.of(), "--auto-compaction-mode", "hourly"))
        .hasMessage("unknown auto-compaction-mode \"hourly\"");
    assertThatThrownBy(() -> parse(Map.of(), "--auto-compaction-retention", "soon"))
        .hasMessage("error parsing CompactionRetention: time: invalid duration \"soon\"");
    assertThatThrownBy(() -> parse(Map.of(), "--auto-compaction-retention", "-5m"))
        .hasMessageStartingWith("error parsing CompactionRetention");
  }
}
