package io.cairn.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.tls.PemFiles;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificatesTest {
  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
  private static final List<URI> URLS = List.of(URI.create("https://127.0.0.1:2379"),
      URI.create("https://localhost:2379"), URI.create("https://127.0.0.1:22379"),
      URI.create("https://[::1]:2379"), URI.create("https://node1.example:2379"));

  @TempDir Path dir;

  @Test
  void makesAnEcdsaP256CertificateValidForAYearNamingTheUrlsHosts() throws Exception {
    TlsFiles files = SelfSignedCertificates.ensure(dir, URLS, Clock.fixed(NOW, ZoneOffset.UTC));

    X509Certificate cert = PemFiles.readCertificates(files.certFile()).get(0);
    assertThat(cert.getPublicKey()).isInstanceOf(ECPublicKey.class);
    assertThat(((ECPublicKey) cert.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
    assertThat(cert.getNotBefore().toInstant()).isEqualTo(NOW);
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)));
    assertThat(cert.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
        List.of(7, "127.0.0.1"), List.of(2, "localhost"), List.of(7, "0:0:0:0:0:0:0:1"),
        List.of(2, "node1.example"));
    assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    cert.verify(cert.getPublicKey());
  }

  @Test
  void writesTheKeyInSec1FormForTheOwnerOnlyAndItMatches() throws Exception {
    TlsFiles files = SelfSignedCertificates.ensure(dir, URLS);

    assertThat(Files.readString(files.keyFile())).startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.keyFile()))).isEqualTo("rw-------");
    PemFiles.checkPair(PemFiles.readPrivateKey(files.keyFile()),
        PemFiles.readCertificates(files.certFile()).get(0));
  }

  @Test
  void reusesTheFilesItFinds() throws Exception {
    TlsFiles first = SelfSignedCertificates.ensure(dir, URLS);
    String cert = Files.readString(first.certFile());
    String key = Files.readString(first.keyFile());

    TlsFiles second = SelfSignedCertificates.ensure(dir, List.of(URI.create("https://10.0.0.1:2379")));

    assertThat(second).isEqualTo(first);
    assertThat(Files.readString(second.certFile())).isEqualTo(cert);
    assertThat(Files.readString(second.keyFile())).isEqualTo(key);
  }

  @Test
  void makesNewFilesWhenOneIsMissing() throws Exception {
    TlsFiles first = SelfSignedCertificates.ensure(dir, URLS);
    String cert = Files.readString(first.certFile());
    Files.delete(first.keyFile());

    TlsFiles second = SelfSignedCertificates.ensure(dir, URLS);

    assertThat(Files.readString(second.certFile())).isNotEqualTo(cert);
    PemFiles.checkPair(PemFiles.readPrivateKey(second.keyFile()),
        PemFiles.readCertificates(second.certFile()).get(0));
  }
}
