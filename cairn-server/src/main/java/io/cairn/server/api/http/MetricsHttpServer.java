package io.cairn.server.api.http;

import com.sun.net.httpserver.HttpServer;
import io.cairn.server.concurrent.DaemonThreads;
import io.cairn.server.config.ServerConfig;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's {@code --listen-metrics-urls} listeners: {@code /metrics} (Prometheus's text format) and
 * {@code /health}, nothing else (404 as Go's mux answers it), on the JDK's HTTP server.
 */
public final class MetricsHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsHttpServer.class);

  private final List<HttpServer> servers = new ArrayList<>();
  private final ExecutorService executor = DaemonThreads.pool("metrics-http", 2);

  private MetricsHttpServer() {}

  /** Starts listening on every URL; throws if one cannot be bound (nothing is left listening). */
  public static MetricsHttpServer start(List<URI> urls, PrometheusRegistry registry,
      HealthSource health) throws IOException {
    MetricsHttpServer s = new MetricsHttpServer();
    MetricsHandler metrics = new MetricsHandler(registry);
    HealthHandler healthHandler = new HealthHandler(health);
    try {
      for (URI u : urls) {
        HttpServer http = HttpServer.create(
            new InetSocketAddress(ServerConfig.bindHost(u), u.getPort()), 0);
        // one context for every path: the JDK matches contexts by prefix, Go's mux these exactly
        http.createContext("/", x -> {
          try (x) {
            switch (x.getRequestURI().getPath()) {
              case "/metrics" -> metrics.handle(x);
              case "/health" -> healthHandler.handle(x);
              default -> GoHttp.error(x, 404, "404 page not found");
            }
          }
        });
        http.setExecutor(s.executor);
        http.start();
        s.servers.add(http);
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
    servers.forEach(h -> h.stop(0));
    executor.shutdownNow();
  }
}
