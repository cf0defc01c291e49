package io.cairn.server.api.http;

import io.grpc.Attributes;
import io.grpc.ChannelLogger;
import io.grpc.Grpc;
import io.grpc.InternalChannelz;
import io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.InternalProtocolNegotiationEvent;
import io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.ProtocolNegotiationEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * gRPC and HTTP/1.1 on one client URL, as etcd serves them (cmux for plain connections, one TLS
 * listener for https): grpc-java's Netty server runs this negotiator on every connection, which
 * (after TLS, when the URL is https) reads the first bytes and either hands the connection to gRPC
 * (the HTTP/2 preface) or to the {@link HttpRouter} (an HTTP/1.x request line). Anything else is
 * closed with a rate-limited warning, never a stack trace per connection.
 *
 * <p>grpc-java's internal negotiator API is the hook (it is how grpc-java's own TLS and plaintext
 * negotiators are built); a newer grpc-java that changes it fails {@code SharedPortNegotiatorTest}.
 */
public final class SharedPortNegotiator implements InternalProtocolNegotiator.ProtocolNegotiator {
  private static final Logger LOG = LoggerFactory.getLogger(SharedPortNegotiator.class);
  private static final RateLimitedLog REFUSED = new RateLimitedLog(LOG, 10_000);
  private static final byte[] HTTP2_PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final List<String> HTTP1_METHODS =
      List.of("GET ", "POST ", "PUT ", "DELETE ", "HEAD ", "OPTIONS ", "PATCH ", "TRACE ", "CONNECT ");
  /** The longest prefix that can still be undecided: the HTTP/2 preface. */
  private static final int DECIDE_WITHIN = HTTP2_PREFACE.length;

  private static final long FIRST_BYTES_TIMEOUT_SECONDS = 120;

  private final SslContext tls;
  private final HttpRouter http;

  /** @param tls the listener's TLS context (ALPN offering http/1.1 and h2), null for http URLs */
  public SharedPortNegotiator(SslContext tls, HttpRouter http) {
    this.tls = tls;
    this.http = http;
  }

  @Override
  public AsciiString scheme() {
    return AsciiString.of(tls == null ? "http" : "https");
  }

  @Override
  public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpc) {
    ChannelLogger log = grpc.getNegotiationLogger();
    ChannelHandler sniffer = new Sniffer(InternalProtocolNegotiators.grpcNegotiationHandler(grpc), http, log);
    ChannelHandler first = tls == null ? sniffer : new TlsStage(sniffer, tls, log);
    return InternalProtocolNegotiators.waitUntilActiveHandler(first, log);
  }

  @Override
  public void close() {}

  /** Server-side TLS, then the attributes grpc-java's own TLS negotiator gives calls. */
  private static final class TlsStage extends InternalProtocolNegotiators.ProtocolNegotiationHandler {
    private final SslContext tls;

    TlsStage(ChannelHandler next, SslContext tls, ChannelLogger log) {
      super(next, log);
      this.tls = tls;
    }

    @Override
    protected void handlerAdded0(ChannelHandlerContext ctx) {
      ctx.pipeline().addBefore(ctx.name(), null, tls.newHandler(ctx.alloc()));
    }

    @Override
    protected void userEventTriggered0(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (!(evt instanceof SslHandshakeCompletionEvent done)) {
        super.userEventTriggered0(ctx, evt);
        return;
      }
      if (!done.isSuccess()) {
        REFUSED.warn("closed a client connection from {}: TLS handshake failed: {}",
            ctx.channel().remoteAddress(), done.cause() instanceof NotSslRecordException
                ? "it did not speak TLS" : done.cause().getMessage());
        ctx.close();
        return;
      }
      SSLSession session = ctx.pipeline().get(SslHandler.class).engine().getSession();
      ProtocolNegotiationEvent pne = getProtocolNegotiationEvent();
      Attributes attrs = InternalProtocolNegotiationEvent.getAttributes(pne).toBuilder()
          .set(Grpc.TRANSPORT_ATTR_SSL_SESSION, session)
          .build();
      replaceProtocolNegotiationEvent(InternalProtocolNegotiationEvent.withSecurity(
          InternalProtocolNegotiationEvent.withAttributes(pne, attrs),
          new InternalChannelz.Security(new InternalChannelz.Tls(session))));
      fireProtocolNegotiationEvent(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // the handshake's failure event follows and reports it; a reset connection needs no line
      ctx.close();
    }
  }

  /** Reads until the first bytes say gRPC or HTTP/1.x, then gives the connection to it. */
  private static final class Sniffer extends InternalProtocolNegotiators.ProtocolNegotiationHandler {
    private final HttpRouter http;
    private ByteBuf seen = Unpooled.EMPTY_BUFFER;

    Sniffer(ChannelHandler toGrpc, HttpRouter http, ChannelLogger log) {
      super(toGrpc, log);
      this.http = http;
    }

    @Override
    protected void handlerAdded0(ChannelHandlerContext ctx) {
      // gRPC's own handshake timeout is off on these ports (HTTP connections never finish
      // gRPC's handshake, and must live as long as a watch): this one bounds the silent ones
      ctx.executor().schedule(() -> {
        if (ctx.pipeline().context(this) != null) {
          release();
          ctx.close();
        }
      }, FIRST_BYTES_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof ByteBuf bytes)) {
        ctx.fireChannelRead(msg);
        return;
      }
      seen = seen.isReadable() ? Unpooled.wrappedBuffer(seen, bytes) : bytes;
      switch (kind(seen)) {
        case GRPC -> {
          ByteBuf buffered = seen;
          seen = Unpooled.EMPTY_BUFFER;
          fireProtocolNegotiationEvent(ctx); // replaces this handler with gRPC's
          ctx.fireChannelRead(buffered);
        }
        case HTTP1 -> {
          ByteBuf buffered = seen;
          seen = Unpooled.EMPTY_BUFFER;
          http.install(ctx.pipeline(), ctx.name());
          ctx.pipeline().remove(this);
          ctx.fireChannelRead(buffered);
        }
        case NEITHER -> {
          REFUSED.warn("closed a client connection from {}: it spoke neither gRPC (HTTP/2) nor HTTP/1.1",
              ctx.channel().remoteAddress());
          release();
          ctx.close();
        }
        case UNDECIDED -> { }
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      release();
      super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      release();
      ctx.close(); // a reset before the first request: nothing worth a line
    }

    private void release() {
      if (seen.refCnt() > 0 && seen != Unpooled.EMPTY_BUFFER) {
        seen.release();
      }
      seen = Unpooled.EMPTY_BUFFER;
    }
  }

  enum Kind { GRPC, HTTP1, NEITHER, UNDECIDED }

  /** What the first bytes of a connection say it speaks. */
  static Kind kind(ByteBuf b) {
    int n = Math.min(b.readableBytes(), DECIDE_WITHIN);
    byte[] head = new byte[n];
    b.getBytes(b.readerIndex(), head);
    if (startsWith(HTTP2_PREFACE, head)) {
      return n == HTTP2_PREFACE.length ? Kind.GRPC : Kind.UNDECIDED;
    }
    boolean couldBeHttp1 = false;
    for (String m : HTTP1_METHODS) {
      byte[] method = m.getBytes(StandardCharsets.US_ASCII);
      if (n >= method.length && startsWith(head, method)) {
        return Kind.HTTP1;
      }
      couldBeHttp1 |= n < method.length && startsWith(method, head);
    }
    return couldBeHttp1 ? Kind.UNDECIDED : Kind.NEITHER;
  }

  /** Whether {@code whole} starts with {@code prefix}. */
  private static boolean startsWith(byte[] whole, byte[] prefix) {
    if (prefix.length > whole.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (whole[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
