package io.cairn.cli;

import io.cairn.cli.print.GoFormat;
import io.cairn.cli.print.Out;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * etcdctl's endpointMemoryMetrics: the member's process_resident_memory_bytes from its /metrics
 * page (plain HTTP), or 0 after printing why it could not be read, in Go's net/http words for the
 * failures seen in practice (refused connection, a reply that is not HTTP/1.x).
 */
final class MemoryMetrics {
  private static final String RESIDENT_MEMORY = "process_resident_memory_bytes";
  private static final int TIMEOUT_MILLIS = 30_000;

  private MemoryMetrics() {}

  static double residentBytes(String endpoint, Out out) {
    String host = endpoint.startsWith("http://") || endpoint.startsWith("https://") ? endpoint
        : "http://" + endpoint;
    String url = host + "/metrics";
    String body;
    try {
      body = fetch(url);
    } catch (IOException e) {
      out.println("fetch error: Get " + GoFormat.quote(url) + ": " + goError(url, e));
      return 0;
    }
    String value = "";
    for (String line : body.split("\n", -1)) {
      if (line.startsWith(RESIDENT_MEMORY)) {
        value = line.substring(RESIDENT_MEMORY.length()).trim();
        break;
      }
    }
    if (value.isEmpty()) {
      out.println("could not find: " + RESIDENT_MEMORY);
      return 0;
    }
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      out.println("parse error: strconv.ParseFloat: parsing " + GoFormat.quote(value) + ": invalid syntax");
      return 0;
    }
  }

  private static String fetch(String url) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setConnectTimeout(TIMEOUT_MILLIS);
    c.setReadTimeout(TIMEOUT_MILLIS);
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      c.disconnect();
    }
  }

  private static String goError(String url, IOException e) {
    URI u = URI.create(url);
    int port = u.getPort() < 0 ? 80 : u.getPort();
    String address = u.getHost() + ":" + port;
    if (e instanceof ConnectException) {
      return "dial tcp " + address + ": connect: connection refused";
    }
    try {
      String malformed = statusLineError(u.getHost(), port, u.getRawPath());
      if (malformed != null) {
        return "net/http: HTTP/1.x transport connection broken: " + malformed;
      }
    } catch (IOException again) {
      // fall back to Java's account of the first failure
    }
    return String.valueOf(e.getMessage());
  }

  /**
   * Asks again and reads the reply's first line as Go's http.ReadResponse does; its complaint about
   * the line, or null if the line looks like an HTTP status line.
   */
  private static String statusLineError(String host, int port, String path) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      s.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
          + "\r\nUser-Agent: Go-http-client/1.1\r\nAccept-Encoding: gzip\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      byte[] line = firstLine(s.getInputStream());
      int space = indexOf(line, 0, (byte) ' ');
      if (space < 0) {
        return "malformed HTTP response " + GoFormat.quote(line);
      }
      int start = space + 1;
      while (start < line.length && line[start] == ' ') {
        start++;
      }
      int end = indexOf(line, start, (byte) ' ');
      byte[] code = java.util.Arrays.copyOfRange(line, start, end < 0 ? line.length : end);
      return code.length == 3 ? null : "malformed HTTP status code " + GoFormat.quote(code);
    }
  }

  /** The bytes up to the first newline (or the end of the stream), without the line ending. */
  private static byte[] firstLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      line.write(b);
    }
    byte[] bytes = line.toByteArray();
    int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    return java.util.Arrays.copyOf(bytes, n);
  }

  private static int indexOf(byte[] b, int from, byte x) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }
}
