package io.cairn.tests.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.tls.PemFiles;
import io.cairn.tests.support.CairnProcess;
import io.cairn.tests.support.Etcdctl;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.ProcessCluster;
import io.cairn.tests.support.Tcpdump;
import io.cairn.tests.support.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three member processes with https peer URLs and --peer-auto-tls (etcd's encryption without
 * authentication): writes replicate, no written value crosses a peer port in clear (a tcpdump
 * capture of the peer ports, with a capture of a plaintext client port as the control that would
 * show it), and a plaintext HTTP/2 client on a peer port gets no HTTP/2 answer.
 */
class PeerTlsProcessTest {
  /** The start of an HTTP/2 connection: the client preface and an empty SETTINGS frame. */
  private static final byte[] HTTP2_PREFACE = concat(
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
      new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});

  @Test
  void peerTrafficIsEncryptedAndWritesReplicate(@TempDir Path tmp) throws Exception {
    List<MemberFlags> flags = MemberFlags.cluster(3, tmp).stream()
        .map(f -> f.withTlsPeers("--peer-auto-tls")).toList();
    try (ProcessCluster cluster = ProcessCluster.start(flags, tmp)) {
      for (int i = 0; i < 3; i++) {
        assertThat(tmp.resolve("m" + (i + 1) + "/fixtures/peer/cert.pem")).isRegularFile();
      }
      String secret = "cairn-peer-secret-" + UUID.randomUUID();
      byte[] peerCapture;
      byte[] clientCapture;
      try (Tcpdump peers = Tcpdump.start(tmp.resolve("peers.pcap"),
              flags.stream().map(MemberFlags::peerPort).toList());
          Tcpdump client = Tcpdump.start(tmp.resolve("client.pcap"), List.of(flags.get(0).clientPort()))) {
        // through every member: a follower forwards its put to the leader over the peer port too
        for (int i = 0; i < 3; i++) {
          Etcdctl.Result put = Etcdctl.run(flags.get(i).clientUrl(), "put", "k" + i, secret + "-" + i);
          assertThat(put.stdout()).as(put.transcript()).isEqualTo("OK\n");
        }
        for (int i = 0; i < 3; i++) {
          String endpoint = flags.get(i).clientUrl();
          await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
              assertThat(Etcdctl.run(endpoint, "get", "k", "--prefix", "--consistency=s").stdout())
                  .isEqualTo("k0\n" + secret + "-0\nk1\n" + secret + "-1\nk2\n" + secret + "-2\n"));
        }
        peerCapture = peers.stop();
        clientCapture = client.stop();
      }
      // the control: the client's put of member 1 went in clear, and the capture shows it
      assertThat(Tcpdump.contains(clientCapture, secret + "-0")).as("the plaintext client capture").isTrue();
      assertThat(peerCapture.length).as("bytes captured on the peer ports").isGreaterThan(2000);
      for (int i = 0; i < 3; i++) {
        assertThat(Tcpdump.contains(peerCapture, secret + "-" + i)).as("value %d on a peer port", i).isFalse();
      }
      assertThat(Tcpdump.contains(peerCapture, secret)).isFalse();

      for (int i = 0; i < 3; i++) {
        assertThat(plaintextHttp2Answer(flags.get(i))).as("what a plaintext client got from m%d", i + 1)
            .satisfiesAnyOf(
                answer -> assertThat(answer).isEmpty(),
                // a TLS alert record (content type 21), not an HTTP/2 frame
                answer -> assertThat(answer[0]).isEqualTo((byte) 0x15));
      }
      assertThat(cluster.process(0).isAlive()).isTrue();
    }
  }

  @Test
  void peersWithCaSignedCertificatesAuthenticateEachOther(@TempDir Path tmp) throws Exception {
    Path certs = TestCertificates.create(tmp.resolve("certs"), List.of());
    List<MemberFlags> flags = MemberFlags.cluster(3, tmp).stream().map(f -> f.withTlsPeers(
        "--peer-cert-file=" + certs.resolve("peer.crt"), "--peer-key-file=" + certs.resolve("peer.key"),
        "--peer-trusted-ca-file=" + certs.resolve("ca.crt"), "--peer-client-cert-auth",
        "--peer-cert-allowed-cn=cairn-test-peer",
        // through Ratis's OpenSSL-backed server too (the certificates are RSA)
        "--cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")).toList();
    try (ProcessCluster cluster = ProcessCluster.start(flags, tmp)) {
      for (int i = 0; i < 3; i++) {
        Etcdctl.Result put = Etcdctl.run(flags.get(i).clientUrl(), "put", "k" + i, "v" + i);
        assertThat(put.stdout()).as(put.transcript()).isEqualTo("OK\n");
      }
      for (int i = 0; i < 3; i++) {
        String endpoint = flags.get(i).clientUrl();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(Etcdctl.run(endpoint, "get", "k", "--prefix", "--consistency=s").stdout())
                .isEqualTo("k0\nv0\nk1\nv1\nk2\nv2\n"));
      }

      // --peer-client-cert-auth: a TLS client that trusts the CA but shows no certificate gets no
      // HTTP/2 answer on a peer port; with a member's certificate it does
      assertThat(tlsHttp2Answer(flags.get(0), certs, false)).startsWith("refused");
      assertThat(tlsHttp2Answer(flags.get(0), certs, true)).isEqualTo("HTTP/2 frame of type 4");
      assertThat(cluster.process(0).isAlive()).isTrue();
    }
  }

  /**
   * Opens a TLS connection to a member's peer port trusting the test CA, with or without the peer
   * certificate, speaks HTTP/2 and says what came back: the type of the first frame, or "refused".
   */
  private static String tlsHttp2Answer(MemberFlags member, Path certs, boolean withCertificate)
      throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(withCertificate ? keyManagers(certs.resolve("peer.crt"), certs.resolve("peer.key")) : null,
        trustManagers(certs.resolve("ca.crt")), null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
      SSLParameters params = s.getSSLParameters();
      params.setApplicationProtocols(new String[] {"h2"});
      s.setSSLParameters(params);
      s.connect(new InetSocketAddress(member.host(), member.peerPort()), 5000);
      s.setSoTimeout(10_000);
      s.startHandshake();
      s.getOutputStream().write(HTTP2_PREFACE);
      s.getOutputStream().flush();
      byte[] header = s.getInputStream().readNBytes(9);
      return header.length < 9 ? "refused: the connection closed" : "HTTP/2 frame of type " + header[3];
    } catch (SSLException | SocketException e) {
      return "refused: " + e;
    }
  }

  private static KeyManager[] keyManagers(Path cert, Path key) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("peer", PemFiles.readPrivateKey(key), new char[0],
        PemFiles.readCertificates(cert).toArray(X509Certificate[]::new));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, new char[0]);
    return kmf.getKeyManagers();
  }

  private static TrustManager[] trustManagers(Path ca) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("ca", PemFiles.readCertificates(ca).get(0));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    return tmf.getTrustManagers();
  }

  @Test
  void mixedHttpAndHttpsPeerUrlsAreRefusedAtStart(@TempDir Path tmp) throws Exception {
    MemberFlags plain = MemberFlags.cluster(1, tmp).get(0);
    MemberFlags f = plain.with("--listen-peer-urls=https://" + plain.host() + ":" + plain.peerPort(),
        "--peer-auto-tls");
    Files.createDirectories(tmp);
    Path log = tmp.resolve("m1.log");
    CairnProcess p = new CairnProcess(f, log);
    p.launch();
    try {
      assertThat(p.awaitExit(Duration.ofSeconds(60))).isNotZero();
    } finally {
      p.close();
    }
    assertThat(Files.readString(log)).contains("cairn: peer URLs mix http and https");
  }

  /** Opens a plaintext connection to the member's peer port, speaks HTTP/2, returns what came back. */
  private static byte[] plaintextHttp2Answer(MemberFlags member) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(member.host(), member.peerPort()), 5000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(HTTP2_PREFACE);
      out.flush();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[4096];
      try {
        for (int n = in.read(buf); n >= 0 && answer.size() < 65536; n = in.read(buf)) {
          answer.write(buf, 0, n);
        }
      } catch (SocketException reset) {
        // the server closed the connection: what arrived before counts
      } catch (SocketTimeoutException stillOpen) {
        throw new AssertionError("the peer port kept a plaintext connection open for 10 s, answering "
            + answer.size() + " bytes");
      }
      return answer.toByteArray();
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
