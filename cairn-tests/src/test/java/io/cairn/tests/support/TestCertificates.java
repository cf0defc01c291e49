package io.cairn.tests.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made with openssl for TLS tests: a CA, a server certificate it signed (for
 * 127.0.0.1, localhost and the given DNS names), a client certificate it signed, and a second CA
 * that signed nothing the servers use. Files: ca.crt, server.crt/.key, client.crt/.key (a PKCS#8
 * key), client-rsa.crt/.key (a PKCS#1 "RSA PRIVATE KEY"), client-ec.crt/.key (a SEC 1 "EC PRIVATE
 * KEY" after an "EC PARAMETERS" block), other-ca.crt, and peer.crt/.key: a member's peer
 * certificate (CN cairn-test-peer, for servers and clients, naming 127.0.0.1 and 127.0.1.1-9, the
 * hosts of {@link MemberFlags#cluster}'s members).
 */
public final class TestCertificates {
  private TestCertificates() {}

  /** Writes the files into {@code dir} and returns it. */
  public static Path create(Path dir, List<String> serverDnsNames) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    StringBuilder san = new StringBuilder("subjectAltName=IP:127.0.0.1,DNS:localhost");
    for (String n : serverDnsNames) {
      san.append(",DNS:").append(n);
    }
    Files.writeString(dir.resolve("server.ext"), san + "\nextendedKeyUsage=serverAuth\n");
    Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
    StringBuilder peerSan = new StringBuilder("subjectAltName=IP:127.0.0.1,DNS:localhost");
    for (int i = 1; i <= 9; i++) {
      peerSan.append(",IP:127.0.1.").append(i);
    }
    Files.writeString(dir.resolve("peer.ext"), peerSan + "\nextendedKeyUsage=serverAuth,clientAuth\n");
    openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
        "-days", "2", "-subj", "/CN=cairn-test-ca");
    openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key",
        "-out", "other-ca.crt", "-days", "2", "-subj", "/CN=cairn-other-ca");
    for (String who : List.of("server", "client", "peer")) {
      openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", who + ".key", "-out", who + ".csr",
          "-subj", "/CN=cairn-test-" + who);
      openssl(dir, "x509", "-req", "-in", who + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key",
          "-CAcreateserial", "-out", who + ".crt", "-days", "2", "-extfile", who + ".ext");
    }
    openssl(dir, "genrsa", "-traditional", "-out", "client-rsa.key", "2048");
    openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-out", "client-ec.key");
    for (String who : List.of("client-rsa", "client-ec")) {
      openssl(dir, "req", "-new", "-key", who + ".key", "-out", who + ".csr", "-subj", "/CN=cairn-test-" + who);
      openssl(dir, "x509", "-req", "-in", who + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key",
          "-CAcreateserial", "-out", who + ".crt", "-days", "2", "-extfile", "client.ext");
    }
    return dir;
  }

  private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
    }
  }
}
