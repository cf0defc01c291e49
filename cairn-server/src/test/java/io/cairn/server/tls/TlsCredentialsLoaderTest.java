package io.cairn.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.tls.PemFiles;
import io.cairn.server.tls.TlsCredentialsLoader.Side;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TlsCredentialsLoaderTest {
  private static final List<URI> URLS = List.of(URI.create("https://127.0.0.1:2379"));
  private static TestPki pki;

  @TempDir Path dir;

  @BeforeAll
  static void makeCa() throws Exception {
    pki = new TestPki();
  }

  private static TlsInfo files(Path cert, Path key) {
    return new TlsInfo(cert, key, null, false, null, null, false, List.of());
  }

  private TlsCredentials load(TlsInfo info) {
    return TlsCredentialsLoader.load(info, Side.CLIENT, dir, URLS).orElseThrow();
  }

  @ParameterizedTest(name = "{0} key in {1} form")
  @CsvSource({"RSA, pkcs8", "RSA, traditional", "EC, pkcs8", "EC, traditional"})
  void readsEachKeyFormGoReads(String algorithm, String form) throws Exception {
    KeyPair keys = TestPki.keys(algorithm);
    Path cert = TestPki.writePem(dir.resolve("server.crt"), pki.issue(keys, "server"));
    Path key = form.equals("pkcs8") ? TestPki.writePkcs8(dir.resolve("server.key"), keys)
        : TestPki.writeTraditional(dir.resolve("server.key"), keys);
    if (form.equals("traditional")) {
      assertThat(Files.readString(key)).startsWith(algorithm.equals("EC")
          ? "-----BEGIN EC PRIVATE KEY-----" : "-----BEGIN RSA PRIVATE KEY-----");
    }

    TlsCredentials c = load(files(cert, key));

    X509Certificate served = c.keyManager().getCertificateChain("cairn")[0];
    assertThat(served.getSubjectX500Principal().getName()).isEqualTo("CN=server");
    // the key serves: it signs what the certificate's public key verifies
    PemFiles.checkPair(c.keyManager().getPrivateKey("cairn"), served);
    assertThat(c.keyManager().getPrivateKey("cairn").getAlgorithm()).isEqualTo(algorithm);
    assertThat(c.requireClientCert()).isFalse();
  }

  @Test
  void aMissingCertFileStopsTheStartNamingIt() throws Exception {
    Path key = TestPki.writePkcs8(dir.resolve("server.key"), TestPki.keys("EC"));
    Path missing = dir.resolve("nothing.crt");

    assertThatThrownBy(() -> load(files(missing, key)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot use --cert-file " + missing + ": open " + missing + ": no such file or directory");
  }

  @Test
  void aKeyThatIsNoPemStopsTheStartNamingIt() throws Exception {
    KeyPair keys = TestPki.keys("EC");
    Path cert = TestPki.writePem(dir.resolve("server.crt"), pki.issue(keys, "server"));
    Path key = Files.writeString(dir.resolve("server.key"), "not a key\n");

    assertThatThrownBy(() -> load(files(cert, key)))
        .hasMessage("cannot use --key-file " + key + ": tls: failed to parse private key");
  }

  @Test
  void aCertificateFileWithGarbageStopsTheStartNamingIt() throws Exception {
    Path key = TestPki.writePkcs8(dir.resolve("server.key"), TestPki.keys("EC"));
    Path cert = Files.writeString(dir.resolve("server.crt"),
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

    assertThatThrownBy(() -> load(files(cert, key)))
        .hasMessage("cannot use --cert-file " + cert + ": x509: malformed tbs certificate");
  }

  @Test
  void anEmptyCertificateFileStopsTheStart() throws Exception {
    Path key = TestPki.writePkcs8(dir.resolve("server.key"), TestPki.keys("EC"));
    Path cert = Files.writeString(dir.resolve("server.crt"), "");

    assertThatThrownBy(() -> load(files(cert, key)))
        .hasMessage("cannot use --cert-file " + cert + ": tls: failed to find any PEM data in certificate input");
  }

  @Test
  void aDirectoryInsteadOfAFileIsNamed() throws Exception {
    Path key = TestPki.writePkcs8(dir.resolve("server.key"), TestPki.keys("EC"));
    Path sub = Files.createDirectory(dir.resolve("certs"));

    assertThatThrownBy(() -> load(files(sub, key)))
        .hasMessage("cannot use --cert-file " + sub + ": read " + sub + ": is a directory");
  }

  @ParameterizedTest(name = "key {0}, certificate {1}")
  @CsvSource({"EC, EC, tls: private key does not match public key",
      "RSA, RSA, tls: private key does not match public key",
      "EC, RSA, tls: private key type does not match public key type"})
  void aKeyOfAnotherCertificateStopsTheStartNamingBothFiles(String keyAlgorithm, String certAlgorithm,
      String goMessage) throws Exception {
    Path cert = TestPki.writePem(dir.resolve("server.crt"), pki.issue(TestPki.keys(certAlgorithm), "server"));
    Path key = TestPki.writePkcs8(dir.resolve("other.key"), TestPki.keys(keyAlgorithm));

    assertThatThrownBy(() -> TlsCredentialsLoader.load(files(cert, key), Side.PEER, dir, URLS))
        .hasMessage("--peer-key-file " + key + " does not match --peer-cert-file " + cert + ": " + goMessage);
  }

  @Test
  void aCertFileWithoutKeyFileIsRefusedWithEtcdsMessage() throws Exception {
    Path cert = TestPki.writePem(dir.resolve("server.crt"), pki.issue(TestPki.keys("EC"), "server"));

    assertThatThrownBy(() -> load(files(cert, null)))
        .hasMessage("KeyFile and CertFile must both be present[key: , cert: " + cert + "]");
  }

  @Test
  void noFilesAndNoAutoTlsGiveNoCredentials() {
    assertThat(TlsCredentialsLoader.load(TlsInfo.NONE, Side.CLIENT, dir, URLS)).isEmpty();
  }

  @Test
  void aTrustedCaRequiresClientCertificatesSignedByIt() throws Exception {
    TlsCredentials c = withCa(null, null);
    KeyPair clientKeys = TestPki.keys("EC");
    X509Certificate signed = pki.issue(clientKeys, "client");
    X509Certificate foreign = new TestPki().issue(clientKeys, "client");

    assertThat(c.requireClientCert()).isTrue();
    c.trustManager().checkClientTrusted(new X509Certificate[] {signed, pki.ca}, "ECDHE_ECDSA");
    assertThatThrownBy(() -> c.trustManager().checkClientTrusted(new X509Certificate[] {foreign}, "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void aCrlRefusesTheCertificatesItLists() throws Exception {
    X509Certificate revoked = pki.issue(TestPki.keys("EC"), "revoked");
    X509Certificate good = pki.issue(TestPki.keys("EC"), "good");
    Path crl = TestPki.writePem(dir.resolve("ca.crl"), pki.revoking(revoked));
    TlsCredentials c = withCa(crl, null);

    c.trustManager().checkClientTrusted(new X509Certificate[] {good, pki.ca}, "ECDHE_ECDSA");
    assertThatThrownBy(() -> c.trustManager().checkClientTrusted(new X509Certificate[] {revoked, pki.ca},
        "ECDHE_ECDSA"))
        .hasMessage("transport: certificate serial " + revoked.getSerialNumber().toString(16) + " revoked");
  }

  @Test
  void anAllowedCommonNameRefusesOtherNamesOnBothEnds() throws Exception {
    TlsCredentials c = withCa(null, "member");
    X509Certificate member = pki.issue(TestPki.keys("EC"), "member");
    X509Certificate intruder = pki.issue(TestPki.keys("EC"), "intruder");

    c.trustManager().checkClientTrusted(new X509Certificate[] {member, pki.ca}, "ECDHE_ECDSA");
    c.trustManager().checkServerTrusted(new X509Certificate[] {member, pki.ca}, "ECDHE_ECDSA");
    assertThatThrownBy(() -> c.trustManager().checkClientTrusted(new X509Certificate[] {intruder, pki.ca},
        "ECDHE_ECDSA")).hasMessage("client certificate authentication failed");
    assertThatThrownBy(() -> c.trustManager().checkServerTrusted(new X509Certificate[] {intruder, pki.ca},
        "ECDHE_ECDSA")).hasMessage("client certificate authentication failed");
  }

  @Test
  void aMissingCrlFileIsNamed() throws Exception {
    Path crl = dir.resolve("none.crl");

    assertThatThrownBy(() -> withCa(crl, null))
        .hasMessage("cannot use --peer-crl-file " + crl + ": open " + crl + ": no such file or directory");
  }

  private TlsCredentials withCa(Path crl, String allowedCn) throws Exception {
    KeyPair keys = TestPki.keys("EC");
    Path cert = TestPki.writePem(dir.resolve("server.crt"), pki.issue(keys, "member"));
    Path key = TestPki.writePkcs8(dir.resolve("server.key"), keys);
    Path ca = TestPki.writePem(dir.resolve("ca.crt"), pki.ca);
    return TlsCredentialsLoader.load(new TlsInfo(cert, key, ca, false, crl, allowedCn, false, List.of()),
        Side.PEER, dir, URLS).orElseThrow();
  }

  @Test
  void autoTlsMakesACertificateUnderFixturesAndTrustsEveryPeer() throws Exception {
    TlsInfo auto = new TlsInfo(null, null, null, true, null, null, true, List.of());

    TlsCredentials c = TlsCredentialsLoader.load(auto, Side.PEER, dir, URLS).orElseThrow();

    assertThat(dir.resolve("fixtures/peer/cert.pem")).isRegularFile();
    assertThat(dir.resolve("fixtures/peer/key.pem")).isRegularFile();
    // encryption without authentication, as etcd's peer auto-TLS: --peer-client-cert-auth is dropped
    assertThat(c.requireClientCert()).isFalse();
    X509Certificate stranger = pki.issue(TestPki.keys("EC"), "anyone");
    c.trustManager().checkServerTrusted(new X509Certificate[] {stranger}, "ECDHE_ECDSA");
  }

  @Test
  void certificateFilesWinOverAutoTls() throws Exception {
    KeyPair keys = TestPki.keys("EC");
    Path cert = TestPki.writePem(dir.resolve("server.crt"), pki.issue(keys, "server"));
    Path key = TestPki.writePkcs8(dir.resolve("server.key"), keys);

    TlsCredentials c = load(new TlsInfo(cert, key, null, false, null, null, true, List.of()));

    assertThat(c.keyManager().getPrivateKey("cairn")).isEqualTo(keys.getPrivate());
    assertThat(dir.resolve("fixtures")).doesNotExist();
  }

  @Test
  void anUnknownCipherSuiteIsRefusedByName() throws Exception {
    TlsInfo info = new TlsInfo(null, null, null, false, null, null, true, List.of("TLS_NO_SUCH_SUITE"));

    assertThatThrownBy(() -> load(info)).hasMessage("unexpected TLS cipher suite \"TLS_NO_SUCH_SUITE\"");
  }
}
