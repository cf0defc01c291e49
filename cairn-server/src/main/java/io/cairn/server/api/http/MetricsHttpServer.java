package io.cairn.server.api.http;

import io.cairn.server.config.ServerConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** etcd's {@code --listen-metrics-urls} listeners: HTTP/1.1 only, with the metrics endpoints. */
public final class MetricsHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsHttpServer.class);

  private final EventLoopGroup loop = new NioEventLoopGroup(1, new DefaultThreadFactory("metrics-http", true));
  private final List<Channel> channels = new ArrayList<>();

  private MetricsHttpServer() {}

  /** Starts listening on every URL; throws if one cannot be bound (nothing is left listening). */
  public static MetricsHttpServer start(List<URI> urls, HttpRouter router) throws IOException {
    MetricsHttpServer s = new MetricsHttpServer();
    try {
      for (URI u : urls) {
        ServerBootstrap b = new ServerBootstrap().group(s.loop)
            .channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                router.install(ch.pipeline());
              }
            });
        try {
          s.channels.add(b.bind(new InetSocketAddress(ServerConfig.bindHost(u), u.getPort()))
              .syncUninterruptibly().channel());
        } catch (RuntimeException e) {
          throw new IOException(e.getMessage(), e);
        }
        LOG.info("serving /metrics and /health on {}", u);
      }
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  @Override
  public void close() {
    channels.forEach(c -> c.close().syncUninterruptibly());
    loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
  }
}
