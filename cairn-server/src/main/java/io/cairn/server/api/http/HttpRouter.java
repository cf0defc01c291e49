package io.cairn.server.api.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves HTTP/1.1 requests by exact path, as Go's ServeMux does for etcd's handlers, plus one
 * prefix handler for {@code /v3/} (the JSON gateway, which etcd 3.4 also serves under
 * {@code /v3beta/}). Handlers run on {@code executor}, off the event loop, because some wait (a
 * linearizable read for /health) and some call into the store.
 */
@ChannelHandler.Sharable
public final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
  /** One endpoint. */
  @FunctionalInterface
  public interface Handler {
    void handle(HttpExchange x) throws Exception;
  }

  private static final Logger LOG = LoggerFactory.getLogger(HttpRouter.class);
  private static final RateLimitedLog BAD_REQUESTS = new RateLimitedLog(LOG, 10_000);

  private final Map<String, Handler> byPath;
  private final Handler v3;
  private final AccessPolicy access;
  private final Executor executor;
  private final int maxBodyBytes;

  /**
   * @param v3 the gateway, or null for listeners without it
   * @param access etcd's access controller (client URLs), or null for none (metrics URLs)
   */
  public HttpRouter(Map<String, Handler> byPath, Handler v3, AccessPolicy access,
      Executor executor, int maxBodyBytes) {
    this.byPath = Map.copyOf(byPath);
    this.v3 = v3;
    this.access = access;
    this.executor = executor;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Adds the HTTP/1.1 codec and this router after {@code after} in a pipeline. */
  public void install(ChannelPipeline pipeline, String after) {
    pipeline.addAfter(after, null, this);
    pipeline.addAfter(after, null, new HttpObjectAggregator(maxBodyBytes));
    pipeline.addAfter(after, null, new HttpServerCodec());
  }

  /** Adds the HTTP/1.1 codec and this router at the end of a pipeline. */
  public void install(ChannelPipeline pipeline) {
    pipeline.addLast(new HttpServerCodec(), new HttpObjectAggregator(maxBodyBytes), this);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    if (!req.decoderResult().isSuccess()) {
      BAD_REQUESTS.warn("closed an HTTP connection from {}: malformed request ({})",
          ctx.channel().remoteAddress(), req.decoderResult().cause());
      ctx.close();
      return;
    }
    HttpExchange x = new HttpExchange(ctx, req.method().name(), req.uri(), req.headers(),
        ByteBufUtil.getBytes(req.content()), HttpUtil.isKeepAlive(req));
    try {
      executor.execute(() -> dispatch(x));
    } catch (RejectedExecutionException e) {
      ctx.close(); // shutting down
    }
  }

  private void dispatch(HttpExchange x) {
    try {
      if (access != null) {
        if (!x.secure() && !access.hostAllowed(x.header("Host"))) {
          String host = AccessPolicy.hostname(String.valueOf(x.header("Host")));
          LOG.warn("rejecting HTTP request to prevent DNS rebinding attacks host={}", host);
          x.goError(421, AccessPolicy.refusal(host));
          return;
        }
        x.addHeaders(access.headersFor(x));
        if (x.method().equals("OPTIONS")) {
          x.respond(200, null, new byte[0], Map.of()); // etcd's CORS preflight
          return;
        }
      }
      Handler h = byPath.get(x.path());
      if (h == null && v3 != null && (x.path().startsWith("/v3/") || x.path().startsWith("/v3beta/"))) {
        h = v3;
      }
      if (h == null) {
        x.goError(404, "404 page not found");
        return;
      }
      h.handle(x);
    } catch (Exception | AssertionError e) {
      LOG.warn("HTTP {} {} failed", x.method(), x.path(), e);
      x.goError(500, "Internal Server Error");
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    BAD_REQUESTS.warn("closed an HTTP connection from {}: {}", ctx.channel().remoteAddress(),
        cause.toString());
    ctx.close();
  }
}
