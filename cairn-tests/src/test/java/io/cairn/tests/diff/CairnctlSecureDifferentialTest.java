package io.cairn.tests.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.tests.support.CairnctlWrapper;
import io.cairn.tests.support.DnsResponder;
import io.cairn.tests.support.EtcdProcess;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.NetworkNamespace;
import io.cairn.tests.support.Ports;
import io.cairn.tests.support.TestCertificates;
import io.cairn.tests.support.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * cairnctl's TLS and DNS discovery against etcdctl's: Cairn's server has neither, so both clients
 * run against real etcd 3.4.23 members (fresh ones, same flags, for each client): "secure" serves
 * https with a certificate of the test CA, "mutual" also requires a client certificate, "plain"
 * serves http. Everything runs in a network namespace of the test's own whose resolv.conf names a
 * DNS responder the test runs there ({@link DnsResponder}), which serves the SRV records of the
 * cairn.test domain. The sessions are in {@code etcdctl-secure-sessions}; transcripts are compared
 * after {@link TranscriptNormalizer}. So that a broken setup failing both clients alike is noticed,
 * etcdctl's transcript must contain each "# etcdctl prints: TEXT" of its session ("\\n" for a
 * line break).
 */
class CairnctlSecureDifferentialTest {
  private static final String DOMAIN = "cairn.test";
  private static final String PROMISE = "# etcdctl prints: ";

  private static Path binDir;
  private static Path certs;
  private static NetworkNamespace ns;
  private static Process dns;
  private static final int SECURE_PORT = Ports.free();
  private static final int MUTUAL_PORT = Ports.free();
  private static final int PLAIN_PORT = Ports.free();
  /** Peer ports too stay the same for both clients' members, and so do the member IDs. */
  private static final int[] PEER_PORTS = {Ports.free(), Ports.free(), Ports.free()};

  static Stream<Path> sessions() throws IOException {
    return SessionRunner.list("/etcdctl-secure-sessions", ".*").stream();
  }

  @BeforeAll
  static void setUp(@TempDir Path tmp) throws Exception {
    binDir = CairnctlWrapper.create(tmp);
    certs = TestCertificates.create(tmp.resolve("certs"),
        List.of(DOMAIN, "secure." + DOMAIN, "mutual." + DOMAIN));
    ns = NetworkNamespace.create();
    Path zone = tmp.resolve("cairn.test.zone");
    Files.writeString(zone, zone());
    dns = DnsResponder.launch(ns.launcher(), zone, tmp.resolve("dns.log"));
  }

  @AfterAll
  static void tearDown() throws Exception {
    try {
      if (dns != null) {
        dns.getOutputStream().close();
        if (!dns.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          dns.destroyForcibly();
        }
      }
    } finally {
      if (ns != null) {
        ns.close();
      }
    }
  }

  /**
   * The domain's records: both services, an https-only and an http-only service name, and a name
   * with a TXT record only (Go's "no such host" too).
   */
  private static String zone() {
    String d = DOMAIN + ".";
    return String.join("\n",
        "_etcd-client-ssl._tcp." + d + " 60 IN SRV 0 0 " + SECURE_PORT + " secure." + d,
        "_etcd-client._tcp." + d + " 60 IN SRV 0 0 " + PLAIN_PORT + " plain." + d,
        "_etcd-client-ssl-sslonly._tcp." + d + " 60 IN SRV 0 0 " + SECURE_PORT + " secure." + d,
        "_etcd-client-plainonly._tcp." + d + " 60 IN SRV 0 0 " + PLAIN_PORT + " plain." + d,
        "_etcd-client-ssl-txtonly._tcp." + d + " 60 IN TXT \"no srv here\"",
        d + " 60 IN A 127.0.0.1",
        "secure." + d + " 60 IN A 127.0.0.1",
        "mutual." + d + " 60 IN A 127.0.0.1",
        "plain." + d + " 60 IN A 127.0.0.1", "");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sessions")
  void cairnctlPrintsWhatEtcdctlPrints(Path session, @TempDir Path tmp) throws Exception {
    String expected = runAgainstFreshMembers(session, tmp.resolve("etcdctl"), Tools.etcdctl().getParent());
    // a broken setup (no DNS, members down) would fail both clients alike: etcdctl's transcript
    // must show what the session's "# etcdctl prints: TEXT" lines promise
    for (String line : Files.readAllLines(session)) {
      if (line.startsWith(PROMISE)) {
        assertThat(expected).as("etcdctl's transcript of %s", session.getFileName())
            .contains(line.substring(PROMISE.length()).replace("\\n", "\n"));
      }
    }
    String actual = runAgainstFreshMembers(session, tmp.resolve("cairnctl"), binDir);
    Set<String> stable = Set.of();
    assertThat(normalize(actual, stable))
        .as("normalised cairnctl transcript of %s (raw:%n%s%nexpected raw:%n%s)", session.getFileName(),
            actual, expected)
        .isEqualTo(normalize(expected, stable));
  }

  /**
   * As the cairnctl differential test normalises, and: a server that drops the TLS handshake (no
   * client certificate) is seen by grpc-go as "connection closed", a failed write or read, or a
   * closed connection, whichever the race between its alert and the client's next write gives (all
   * seen from etcdctl 3.4.23; the last one in a clean-clone CI rehearsal on 2026-12-05).
   */
  static String normalize(String transcript, Set<String> stable) {
    return CairnctlDifferentialTest.normalize(transcript, stable).replaceAll(
        "latest balancer error: (connection closed|use of closed network connection"
            + "|write tcp [0-9.:]+->[0-9.:]+: write: broken pipe"
            + "|read tcp [0-9.:]+->[0-9.:]+: read: connection reset by peer)",
        "latest balancer error: <handshake dropped by the server>");
  }

  private static String runAgainstFreshMembers(Path session, Path work, Path bin) throws Exception {
    Files.createDirectories(work);
    Path cert = certs.resolve("server.crt");
    Path key = certs.resolve("server.key");
    List<MemberFlags> flags = List.of(
        member("secure", work, SECURE_PORT, PEER_PORTS[0]).withTlsClients(cert, key),
        member("mutual", work, MUTUAL_PORT, PEER_PORTS[1]).withTlsClients(cert, key, "--client-cert-auth",
            "--trusted-ca-file=" + certs.resolve("ca.crt")),
        member("plain", work, PLAIN_PORT, PEER_PORTS[2]));
    List<EtcdProcess> members = new ArrayList<>();
    try {
      for (MemberFlags f : flags) {
        EtcdProcess e = new EtcdProcess(f, work.resolve(f.name() + ".log"), ns.launcher());
        members.add(e);
        e.launch();
      }
      for (EtcdProcess e : members) {
        e.awaitServing(java.time.Duration.ofSeconds(30));
      }
      Map<String, String> env = Map.of(
          "CERTS", certs.toString(),
          "SECURE_PORT", Integer.toString(SECURE_PORT),
          "MUTUAL_PORT", Integer.toString(MUTUAL_PORT),
          "PLAIN_PORT", Integer.toString(PLAIN_PORT));
      return SessionRunner.run(session, env, work.resolve("session"), bin, ns.launcher());
    } finally {
      for (EtcdProcess e : members) {
        e.close();
      }
    }
  }

  private static MemberFlags member(String name, Path work, int clientPort, int peerPort) {
    return new MemberFlags(name, work.resolve(name), clientPort, peerPort);
  }
}
