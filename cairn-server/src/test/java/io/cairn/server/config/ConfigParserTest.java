package io.cairn.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
    assertThat(c.quotaBackendBytes()).isEqualTo(2L * 1024 * 1024 * 1024);
    assertThat(c.watchProgressNotifyIntervalMs()).isEqualTo(10 * 60 * 1000);
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
        "--quota-backend-bytes=1048576",
        "--experimental-watch-progress-notify-interval", "5s");

    assertThat(c.name()).isEqualTo("n1");
    assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/n1"));
    assertThat(c.maxTxnOps()).isEqualTo(64);
    assertThat(c.electionTimeoutMs()).isEqualTo(2500);
    assertThat(c.heartbeatIntervalMs()).isEqualTo(250);
    assertThat(c.listenClientUrls()).containsExactly(
        URI.create("http://127.0.0.1:3379"), URI.create("http://10.0.0.1:3379"));
    assertThat(c.quotaBackendBytes()).isEqualTo(1_048_576);
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
    ServerConfig c = parse(Map.of(), "--enable-v2", "--name", "after-bool", "--debug=false");

    assertThat(c.name()).isEqualTo("after-bool");
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
    assertThat(ConfigParser.durationMs("200ms")).isEqualTo(200);
    assertThat(ConfigParser.durationMs("1.5s")).isEqualTo(1500);
    assertThat(ConfigParser.durationMs("10m")).isEqualTo(600_000);
    assertThat(ConfigParser.durationMs("1h")).isEqualTo(3_600_000);
    assertThatThrownBy(() -> ConfigParser.durationMs("5d")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void securityFlagsFillBothSides() {
    ServerConfig c = parse(Map.of(), "--cert-file=/c.crt", "--key-file", "/c.key", "--trusted-ca-file=/ca.crt",
        "--client-cert-auth", "--client-crl-file=/c.crl", "--auto-tls",
        "--peer-cert-file=/p.crt", "--peer-key-file=/p.key", "--peer-trusted-ca-file=/pca.crt",
        "--peer-client-cert-auth", "--peer-cert-allowed-cn=member", "--peer-crl-file=/p.crl", "--peer-auto-tls",
        "--cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");

    assertThat(c.clientTls()).isEqualTo(new io.cairn.server.tls.TlsInfo(Path.of("/c.crt"), Path.of("/c.key"),
        Path.of("/ca.crt"), true, Path.of("/c.crl"), null, true,
        List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")));
    assertThat(c.peerTls()).isEqualTo(new io.cairn.server.tls.TlsInfo(Path.of("/p.crt"), Path.of("/p.key"),
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

    assertThat(c.clientTls()).isEqualTo(io.cairn.server.tls.TlsInfo.NONE);
    assertThat(c.peerTls()).isEqualTo(io.cairn.server.tls.TlsInfo.NONE);
  }
}
