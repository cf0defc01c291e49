package io.cairn.tests.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.tests.support.CairnProcess;
import io.cairn.tests.support.EtcdProcess;
import io.cairn.tests.support.Etcdctl;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.MemberProcess;
import io.cairn.tests.support.Ports;
import io.cairn.tests.support.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cairn's TLS client listeners against etcd 3.4.23's: each scenario starts a fresh etcd and then a
 * fresh Cairn member with the same flags and ports, runs the same real etcdctl commands against
 * each, and compares the transcripts after {@link CairnctlSecureDifferentialTest#normalize}. The
 * certificates are made by openssl ({@link TestCertificates}: a CA, a server certificate for
 * 127.0.0.1 and a client certificate).
 */
class ServerTlsDifferentialTest {
  private static final String FAST = "--dial-timeout=1s --command-timeout=1s";
  private static Path certs;

  @BeforeAll
  static void makeCertificates(@TempDir Path tmp) throws Exception {
    certs = TestCertificates.create(tmp.resolve("certs"), List.of());
  }

  /** A server kind and how to start one member of it. */
  private enum Server {
    ETCD, CAIRN;

    MemberProcess launch(MemberFlags flags, Path log) throws Exception {
      MemberProcess p = this == ETCD ? new EtcdProcess(flags, log) : new CairnProcess(flags, log);
      p.launch();
      return p;
    }
  }

  /** One etcdctl command line: the endpoint and the arguments (split at spaces). */
  private record Command(String endpoint, String args) {}

  private static String session(List<Command> commands) {
    StringBuilder t = new StringBuilder();
    for (Command c : commands) {
      t.append("$ etcdctl --endpoints=").append(c.endpoint()).append(' ').append(c.args()).append('\n');
      t.append(Etcdctl.run(c.endpoint(), c.args().split(" ")).transcript());
    }
    return t.toString();
  }

  /** Runs the commands against a fresh member of each kind; returns {etcd's, Cairn's} transcripts. */
  private static String[] runOnBoth(Path tmp, Function<Path, MemberFlags> flags,
      List<Command> commands) throws Exception {
    String[] out = new String[2];
    for (Server s : Server.values()) {
      Path dir = tmp.resolve(s.name().toLowerCase());
      Files.createDirectories(dir);
      MemberFlags f = flags.apply(dir);
      MemberProcess p = s.launch(f, dir.resolve("member.log"));
      try {
        p.awaitServing(Duration.ofSeconds(60));
        out[s.ordinal()] = session(commands);
      } finally {
        p.close();
      }
    }
    return out;
  }

  private static void assertSameOutcome(String[] transcripts) {
    assertThat(CairnctlSecureDifferentialTest.normalize(transcripts[1], Set.of()))
        .as("Cairn's normalised transcript (raw:%n%s%netcd's raw:%n%s)", transcripts[1], transcripts[0])
        .isEqualTo(CairnctlSecureDifferentialTest.normalize(transcripts[0], Set.of()));
  }

  @Test
  void clientCertificatesAreRequiredAndVerifiedUnderClientCertAuthAsByEtcd(@TempDir Path tmp) throws Exception {
    int tls = Ports.free();
    int plain = Ports.free();
    int peer = Ports.free();
    String https = "https://127.0.0.1:" + tls;
    String ca = "--cacert=" + certs.resolve("ca.crt");
    String client = ca + " --cert=" + certs.resolve("client.crt") + " --key=" + certs.resolve("client.key");
    List<Command> commands = List.of(
        new Command(https, client + " put foo bar"),
        new Command(https, client + " get foo"),
        // the client key in PKCS#1 and SEC 1 form
        new Command(https, ca + " --cert=" + certs.resolve("client-rsa.crt") + " --key="
            + certs.resolve("client-rsa.key") + " get foo"),
        new Command(https, ca + " --cert=" + certs.resolve("client-ec.crt") + " --key="
            + certs.resolve("client-ec.key") + " get foo"),
        // no client certificate: the handshake is refused
        new Command(https, ca + " " + FAST + " get foo"),
        // a server the CA does not know: the client refuses it
        new Command(https, "--cacert=" + certs.resolve("other-ca.crt") + " " + FAST + " get foo"),
        // the http listener beside the https one serves plaintext without certificates
        new Command("http://127.0.0.1:" + plain, "get foo"));

    String[] transcripts = runOnBoth(tmp, dir -> new MemberFlags("tls", dir.resolve("data"), tls, peer)
        .withTlsClients(certs.resolve("server.crt"), certs.resolve("server.key"), "--client-cert-auth",
            "--trusted-ca-file=" + certs.resolve("ca.crt"),
            "--listen-client-urls=" + https + ",http://127.0.0.1:" + plain), commands);

    assertThat(transcripts[1]).contains("put foo bar\nOK\n[exit 0]", "get foo\nfoo\nbar\n[exit 0]");
    assertThat(transcripts[1].split("\\[exit 1\\]", -1)).as("the two refused commands").hasSize(3);
    assertSameOutcome(transcripts);
  }

  @Test
  void plaintextOnTheTlsPortFailsAsOnEtcd(@TempDir Path tmp) throws Exception {
    int tls = Ports.free();
    int peer = Ports.free();
    List<Command> commands = List.of(new Command("http://127.0.0.1:" + tls, FAST + " get foo"));

    String[] transcripts = runOnBoth(tmp, dir -> new MemberFlags("tls", dir.resolve("data"), tls, peer)
        .withTlsClients(certs.resolve("server.crt"), certs.resolve("server.key")), commands);

    assertThat(transcripts[1]).contains("Error: context deadline exceeded", "[exit 1]");
    assertSameOutcome(transcripts);
  }

  @Test
  void autoTlsServesASelfSignedCertificateAsEtcdDoes(@TempDir Path tmp) throws Exception {
    int tls = Ports.free();
    int peer = Ports.free();
    String https = "https://127.0.0.1:" + tls;
    String skip = "--insecure-transport=false --insecure-skip-tls-verify";
    List<Command> commands = List.of(
        new Command(https, skip + " put greeting hello"),
        new Command(https, skip + " get greeting"),
        // verified against the CA it is not signed by
        new Command(https, "--cacert=" + certs.resolve("ca.crt") + " " + FAST + " get greeting"));

    String[] transcripts = runOnBoth(tmp, dir -> new MemberFlags("auto", dir.resolve("data"), tls, peer)
        .with("--listen-client-urls=" + https, "--advertise-client-urls=" + https, "--auto-tls"), commands);

    assertThat(transcripts[1]).contains("get greeting\ngreeting\nhello\n[exit 0]");
    assertThat(tmp.resolve("cairn/data/fixtures/client/cert.pem")).isRegularFile();
    assertThat(tmp.resolve("cairn/data/fixtures/client/key.pem")).isRegularFile();
    assertSameOutcome(transcripts);
  }

  @Test
  void cipherSuitesLimitTheTls12HandshakesAsOnEtcd(@TempDir Path tmp) throws Exception {
    int tls = Ports.free();
    int peer = Ports.free();
    String[] outcomes = new String[2];
    for (Server s : Server.values()) {
      Path dir = tmp.resolve(s.name().toLowerCase());
      Files.createDirectories(dir);
      MemberFlags f = new MemberFlags("ciphers", dir.resolve("data"), tls, peer)
          .withTlsClients(certs.resolve("server.crt"), certs.resolve("server.key"),
              "--cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305");
      MemberProcess p = s.launch(f, dir.resolve("member.log"));
      try {
        p.awaitServing(Duration.ofSeconds(60));
        outcomes[s.ordinal()] = String.join("\n",
            handshake(tls, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"),
            handshake(tls, "-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305"),
            handshake(tls, "-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384"),
            handshake(tls, "-tls1_2", "-cipher", "AES128-GCM-SHA256"),
            // TLS 1.3 suites are not configurable in Go: they stay on
            handshake(tls, "-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384"));
      } finally {
        p.close();
      }
    }

    assertThat(outcomes[1]).isEqualTo(String.join("\n", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-RSA-CHACHA20-POLY1305", "refused", "refused", "TLS_AES_256_GCM_SHA384"));
    assertThat(outcomes[1]).isEqualTo(outcomes[0]);
  }

  /** An openssl client's handshake with these options: the cipher agreed, or "refused". */
  private static String handshake(int port, String... options) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect",
        "127.0.0.1:" + port, "-CAfile", certs.resolve("ca.crt").toString()));
    cmd.addAll(List.of(options));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("openssl s_client hung: " + out);
    }
    Matcher cipher = Pattern.compile("Cipher is (\\S+)").matcher(out);
    return p.exitValue() == 0 && cipher.find() && !cipher.group(1).equals("(NONE)") ? cipher.group(1) : "refused";
  }

  @Test
  void anHttpsUrlWithoutCertificatesIsRefusedAtStartWithEtcdsMessage(@TempDir Path tmp) throws Exception {
    int tls = Ports.free();
    int peer = Ports.free();
    String https = "https://127.0.0.1:" + tls;
    String message = "TLS key/cert (--cert-file, --key-file) must be provided for client url " + https
        + " with HTTPS scheme";
    for (Server s : Server.values()) {
      Path dir = tmp.resolve(s.name().toLowerCase());
      Files.createDirectories(dir);
      Path log = dir.resolve("member.log");
      MemberFlags f = new MemberFlags("nocert", dir.resolve("data"), tls, peer)
          .with("--listen-client-urls=" + https, "--advertise-client-urls=" + https);

      int exit = exitOf(s.launch(f, log));

      assertThat(exit).as("%s's exit code", s).isNotZero();
      assertThat(Files.readString(log)).as("%s's log", s).contains(message);
    }
  }

  @Test
  void aBadCertificateOrKeyFileStopsCairnNamingTheFile(@TempDir Path tmp) throws Exception {
    Path garbage = Files.writeString(tmp.resolve("garbage.crt"), "this is no certificate\n");
    Path missing = tmp.resolve("missing.key");
    Path serverCrt = certs.resolve("server.crt");
    Path otherKey = certs.resolve("client.key");
    assertStopsNaming(tmp.resolve("garbage"), garbage, certs.resolve("server.key"),
        "cannot use --cert-file " + garbage + ": tls: failed to find any PEM data in certificate input");
    assertStopsNaming(tmp.resolve("missing"), serverCrt, missing,
        "cannot use --key-file " + missing + ": open " + missing + ": no such file or directory");
    assertStopsNaming(tmp.resolve("mismatch"), serverCrt, otherKey,
        "--key-file " + otherKey + " does not match --cert-file " + serverCrt
            + ": tls: private key does not match public key");
  }

  private static void assertStopsNaming(Path dir, Path cert, Path key, String message) throws Exception {
    Files.createDirectories(dir);
    Path log = dir.resolve("member.log");
    MemberFlags f = new MemberFlags("bad", dir.resolve("data"), Ports.free(), Ports.free()).withTlsClients(cert, key);

    int exit = exitOf(Server.CAIRN.launch(f, log));

    assertThat(exit).isNotZero();
    assertThat(Files.readString(log)).contains("cairn: " + message);
  }

  private static int exitOf(MemberProcess p) throws Exception {
    try {
      return p.awaitExit(Duration.ofSeconds(60));
    } finally {
      p.close();
    }
  }
}
