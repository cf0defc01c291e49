package io.cairn.server.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.server.config.ConfigParser;
import io.cairn.server.config.ServerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransportSecurityTest {
  @TempDir Path dir;

  private ServerConfig config(String... flags) {
    String[] all = new String[flags.length + 1];
    all[0] = "--data-dir=" + dir;
    System.arraycopy(flags, 0, all, 1, flags.length);
    return ConfigParser.parse(all, Map.of());
  }

  @Test
  void plainHttpEverywhereNeedsNoTls() {
    TransportSecurity s = TransportSecurity.of(config());

    assertThat(s.clientContext()).isEmpty();
    assertThat(s.peerTls()).isEmpty();
  }

  @Test
  void eachClientListenerUsesItsUrlsScheme() {
    TransportSecurity s = TransportSecurity.of(config(
        "--listen-client-urls=https://127.0.0.1:2379,http://127.0.0.1:22379",
        "--advertise-client-urls=https://127.0.0.1:2379", "--auto-tls"));

    assertThat(s.clientContextFor(URI.create("https://127.0.0.1:2379"))).isPresent();
    assertThat(s.clientContextFor(URI.create("http://127.0.0.1:22379"))).isEmpty();
    assertThat(dir.resolve("fixtures/client/cert.pem")).isRegularFile();
  }

  @Test
  void anHttpsClientUrlWithoutCertificatesIsRefusedWithEtcdsMessage() {
    assertThatThrownBy(() -> TransportSecurity.of(config("--listen-client-urls=https://127.0.0.1:2379",
        "--advertise-client-urls=https://127.0.0.1:2379")))
        .hasMessage("TLS key/cert (--cert-file, --key-file) must be provided for client url "
            + "https://127.0.0.1:2379 with HTTPS scheme");
  }

  @Test
  void httpsPeerUrlsWithoutCertificatesAreRefusedWithEtcdsMessage() {
    assertThatThrownBy(() -> TransportSecurity.of(config("--listen-peer-urls=https://127.0.0.1:2380",
        "--initial-advertise-peer-urls=https://127.0.0.1:2380")))
        .hasMessage("cannot listen on TLS for 127.0.0.1:2380: KeyFile and CertFile are not presented");
  }

  @Test
  void httpsPeersWithAutoTlsGetCredentials() {
    TransportSecurity s = TransportSecurity.of(config("--listen-peer-urls=https://127.0.0.1:2380",
        "--initial-advertise-peer-urls=https://127.0.0.1:2380", "--peer-auto-tls"));

    assertThat(s.peerTls()).isPresent();
    assertThat(dir.resolve("fixtures/peer/key.pem")).isRegularFile();
  }

  @Test
  void peerUrlsMixingSchemesAreRefused() {
    assertThatThrownBy(() -> TransportSecurity.of(config("--listen-peer-urls=https://127.0.0.1:2380",
        "--initial-advertise-peer-urls=https://127.0.0.1:2380", "--peer-auto-tls",
        "--initial-cluster=default=https://127.0.0.1:2380,other=http://127.0.0.2:2380")))
        .hasMessageStartingWith("peer URLs mix http and https");
  }

  @Test
  void anUnknownCipherSuiteIsRefusedEvenWithoutTls() {
    assertThatThrownBy(() -> TransportSecurity.of(config("--cipher-suites=TLS_FANCY")))
        .hasMessage("unexpected TLS cipher suite \"TLS_FANCY\"");
  }
}
