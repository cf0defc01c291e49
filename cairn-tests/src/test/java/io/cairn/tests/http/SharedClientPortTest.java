package io.cairn.tests.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.tests.support.CairnProcess;
import io.cairn.tests.support.Curl;
import io.cairn.tests.support.Etcdctl;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.Ports;
import io.cairn.tests.support.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gRPC and HTTP/1.1 share the client URL, in the clear and over TLS, and bytes that are neither
 * are closed without flooding the log: 300 such connections leave at most a few lines and no
 * stack trace, and the port goes on serving both protocols.
 */
class SharedClientPortTest {
  private static final int GARBAGE_CONNECTIONS = 300;

  @Test
  void plainPortServesBothAndClosesGarbageQuietly(@TempDir Path tmp) throws Exception {
    MemberFlags f = new MemberFlags("m1", tmp.resolve("m1"), Ports.free(), Ports.free());
    Path log = tmp.resolve("m1.log");
    try (CairnProcess p = new CairnProcess(f, log)) {
      p.launch();
      p.awaitServing(Duration.ofSeconds(90));
      long before = Files.size(log);
      for (int i = 0; i < GARBAGE_CONNECTIONS; i++) {
        byte[] garbage = switch (i % 3) {
          case 0 -> "hello\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
          case 1 -> new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5}; // a TLS record
          default -> "PRI * HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        };
        assertThat(sendAndAwaitClose(f.clientPort(), garbage)).as("connection %d closed", i).isTrue();
      }
      assertQuiet(log, before);
      assertThat(Etcdctl.run(f.clientUrl(), "put", "k", "v").stdout()).isEqualTo("OK\n");
      assertThat(Curl.run("http://127.0.0.1:" + f.clientPort() + "/health"))
          .isEqualTo("{\"health\":\"true\"}");
      // HTTP/1.1 keep-alive: two requests on one connection
      assertThat(Curl.run("http://127.0.0.1:" + f.clientPort() + "/version", "http://127.0.0.1:"
          + f.clientPort() + "/livez")).endsWith("}ok");
    }
  }

  @Test
  void tlsPortServesBothAndClosesGarbageQuietly(@TempDir Path tmp) throws Exception {
    Path certs = TestCertificates.create(tmp.resolve("certs"), List.of());
    MemberFlags f = new MemberFlags("m1", tmp.resolve("m1"), Ports.free(), Ports.free())
        .withTlsClients(certs.resolve("server.crt"), certs.resolve("server.key"));
    String url = "https://127.0.0.1:" + f.clientPort();
    Path log = tmp.resolve("m1.log");
    try (CairnProcess p = new CairnProcess(f, log)) {
      p.launch();
      p.awaitServing(Duration.ofSeconds(90));
      long before = Files.size(log);
      for (int i = 0; i < GARBAGE_CONNECTIONS; i++) {
        assertThat(sendAndAwaitClose(f.clientPort(), "GET /health HTTP/1.1\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII))).as("connection %d closed", i).isTrue();
      }
      assertQuiet(log, before);
      String cacert = certs.resolve("ca.crt").toString();
      assertThat(Curl.run("--cacert", cacert, url + "/health")).isEqualTo("{\"health\":\"true\"}");
      assertThat(Curl.run("--cacert", cacert, "-X", "POST", "-d",
          "{\"key\":\"Zm9v\",\"value\":\"YmFy\"}", url + "/v3/kv/put")).contains("\"revision\":\"2\"");
      Etcdctl.Result get = Etcdctl.run(url, "--cacert=" + cacert, "get", "foo");
      assertThat(get.stdout()).isEqualTo("foo\nbar\n");
    }
  }

  /** Sends bytes on a new connection; true once the member closed it (bounded at 10 s). */
  private static boolean sendAndAwaitClose(int port, byte[] bytes) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(bytes);
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[4096];
      while (true) {
        if (in.read(buf) < 0) {
          return true;
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException e) {
      return true; // reset: closed too
    }
  }

  /** What the member logged since {@code from}: a few rate-limited lines, never a stack trace. */
  private static void assertQuiet(Path log, long from) throws IOException {
    byte[] all = Files.readAllBytes(log);
    String since = new String(all, (int) from, all.length - (int) from, StandardCharsets.UTF_8);
    assertThat(since).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(since.lines().filter(l -> l.contains("closed a client connection")).count())
        .as("lines about refused connections:\n%s", since).isBetween(1L, 3L);
  }
}
