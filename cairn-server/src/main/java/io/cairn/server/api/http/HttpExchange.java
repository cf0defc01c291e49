package io.cairn.server.api.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 request and its answer, written as Go's net/http writes it (a {@code Date} header,
 * {@code Content-Length} on whole bodies, chunked streams), since etcd's clients and probes are
 * what read it. Writes go through the request's own pipeline context, never the channel's tail.
 */
public final class HttpExchange {
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
  private final ChannelHandlerContext ctx;
  private final String method;
  private final String path;
  private final QueryStringDecoder query;
  private final HttpHeaders headers;
  private final byte[] body;
  private final boolean keepAlive;
  private final Map<String, String> common = new java.util.HashMap<>();

  HttpExchange(ChannelHandlerContext ctx, String method, String uri, HttpHeaders headers,
      byte[] body, boolean keepAlive) {
    this.ctx = ctx;
    this.method = method;
    this.query = new QueryStringDecoder(uri);
    this.path = query.path();
    this.headers = headers;
    this.body = body;
    this.keepAlive = keepAlive;
  }

  /** Headers every answer to this request carries. */
  void addHeaders(Map<String, String> headers) {
    common.putAll(headers);
  }

  /** Whether the request came over TLS. */
  public boolean secure() {
    return ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  /** The values of a query parameter, empty when absent. */
  public List<String> query(String name) {
    return query.parameters().getOrDefault(name, List.of());
  }

  public boolean hasQuery(String name) {
    return query.parameters().containsKey(name);
  }

  /** A request header, null when absent. */
  public String header(String name) {
    return headers.get(name);
  }

  public byte[] body() {
    return body;
  }

  /** A whole response; {@code contentType} null for none (Go's bare WriteHeader). */
  public void respond(int status, String contentType, byte[] content, Map<String, String> extra) {
    respond(status, contentType, false, content, extra);
  }

  /** {@code sniffed}: Go chose the content type from the body, and writes it after the length. */
  private void respond(int status, String contentType, boolean sniffed, byte[] content,
      Map<String, String> extra) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(content));
    fill(r.headers(), sniffed ? null : contentType, extra);
    r.headers().setInt("Content-Length", content.length);
    if (sniffed) {
      r.headers().set("Content-Type", contentType);
    }
    var written = ctx.writeAndFlush(r);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  /**
   * A whole body sent chunked, with HTTP trailers after it, as grpc-gateway answers a call that
   * failed: it announces them in a {@code Trailer} header.
   */
  public void respondWithTrailers(int status, String contentType, byte[] content,
      Map<String, String> trailers) {
    Map<String, String> announce = Map.of("Trailer", String.join(", ", new TreeMap<>(trailers).keySet()));
    Stream body = stream(status, contentType, announce);
    body.write(content);
    LastHttpContent last = new DefaultLastHttpContent();
    new TreeMap<>(trailers).forEach(last.trailingHeaders()::add);
    body.end(last);
  }

  /** A body written without a content type in Go: sniffed as text. */
  public void text(int status, String content) {
    respond(status, "text/plain; charset=utf-8", true, content.getBytes(StandardCharsets.UTF_8),
        Map.of());
  }

  /** Go's {@code http.Error}: nosniff and a newline after the message. */
  public void goError(int status, String message) {
    goError(status, message, Map.of());
  }

  public void goError(int status, String message, Map<String, String> extra) {
    var all = new java.util.LinkedHashMap<>(extra);
    all.put("X-Content-Type-Options", "nosniff");
    respond(status, "text/plain; charset=utf-8",
        (message + "\n").getBytes(StandardCharsets.UTF_8), all);
  }

  /** Answers a method other than {@code allowed} as Go's etcdhttp.allowMethod does; true if it did. */
  public boolean refuseMethodOtherThan(String allowed) {
    if (method.equals(allowed)) {
      return false;
    }
    goError(405, "Method Not Allowed", Map.of("Allow", allowed));
    return true;
  }

  /** Starts a chunked response; each {@link Stream#write} is sent and flushed at once. */
  public Stream stream(int status, String contentType, Map<String, String> extra) {
    HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
    fill(r.headers(), contentType, extra);
    r.headers().set("Transfer-Encoding", HttpHeaderValues.CHUNKED);
    ctx.writeAndFlush(r);
    return new Stream();
  }

  /** Whether the client's connection is gone. */
  public boolean closed() {
    return !ctx.channel().isActive();
  }

  /** Runs {@code action} once the client's connection is gone. */
  public void onClose(Runnable action) {
    ctx.channel().closeFuture().addListener(f -> action.run());
  }

  /**
   * Headers as Go's net/http writes them: the handler's sorted by name (canonical case), then
   * {@code Date}; the caller adds the length or chunking last. Clients that compare bytes see
   * etcd's.
   */
  private void fill(HttpHeaders h, String contentType, Map<String, String> extra) {
    TreeMap<String, String> sorted = new TreeMap<>(extra);
    sorted.putAll(common);
    if (contentType != null) {
      sorted.put("Content-Type", contentType);
    }
    sorted.forEach(h::add);
    h.set("Date", HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
  }

  /** The body of a chunked response. */
  public final class Stream {
    private Stream() {}

    public void write(byte[] chunk) {
      ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk)));
    }

    public void end() {
      end(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    private void end(LastHttpContent last) {
      var written = ctx.writeAndFlush(last);
      if (!keepAlive) {
        written.addListener(ChannelFutureListener.CLOSE);
      }
    }
  }
}
