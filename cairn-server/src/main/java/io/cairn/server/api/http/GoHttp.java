package io.cairn.server.api.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Responses as Go's net/http writes them, which is what clients and probes of etcd see: a body
 * written without a content type is sniffed as {@code text/plain; charset=utf-8}, and
 * {@code http.Error} adds {@code X-Content-Type-Options: nosniff} and a newline.
 */
final class GoHttp {
  private GoHttp() {}

  static void write(HttpExchange x, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Go's http.Error. */
  static void error(HttpExchange x, int status, String message) throws IOException {
    x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    write(x, status, message + "\n");
  }
}
