package io.cairn.server.api.http;

import io.cairn.api.AlarmType;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A member's plain HTTP endpoints, one set per member however many URLs serve them: the client
 * URLs get etcd 3.4's {@code /health}, {@code /metrics} and {@code /version} plus 3.5's
 * {@code /livez} and {@code /readyz}, and Cairn's status page {@code /ui} (read-only: it asks the
 * gateway and /metrics what any client could); {@code --listen-metrics-urls} get {@code /metrics}
 * and {@code /health}, as etcd's metrics listeners.
 */
public final class HttpEndpoints {
  private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();

  private final Map<String, HttpRouter.Handler> metrics = new LinkedHashMap<>();
  private final Map<String, HttpRouter.Handler> client = new LinkedHashMap<>();

  /**
   * @param serverVersion what {@code /version} reports as the server's version
   * @param clusterVersion what it reports as the cluster's
   */
  public HttpEndpoints(HealthSource member, PrometheusRegistry registry, String serverVersion,
      String clusterVersion) {
    metrics.put("/metrics", x -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
      TEXT.write(out, registry.scrape());
      x.respond(200, PrometheusTextFormatWriter.CONTENT_TYPE, out.toByteArray(), Map.of());
    });
    metrics.put("/health", new HealthHandler(member));
    client.putAll(metrics);
    String versions = "{\"etcdserver\":\"" + serverVersion + "\",\"etcdcluster\":\"" + clusterVersion + "\"}";
    client.put("/version", x -> {
      if (!x.refuseMethodOtherThan("GET")) {
        x.respond(200, "application/json", versions.getBytes(StandardCharsets.UTF_8), Map.of());
      }
    });
    ProbeHandler.Check serializable = ProbeHandler.completes(member::serializableRead);
    client.put("/livez", new ProbeHandler("/livez", Map.of("serializable_read", serializable)));
    Map<String, ProbeHandler.Check> ready = new LinkedHashMap<>();
    ready.put("data_corruption", () -> member.alarms().stream()
        .anyMatch(a -> a.getAlarm() == AlarmType.CORRUPT) ? "data corruption alarm is active" : null);
    ready.put("serializable_read", serializable);
    ready.put("linearizable_read", ProbeHandler.completes(member::linearizableRead));
    client.put("/readyz", new ProbeHandler("/readyz", ready));
    byte[] ui = resource("/ui/index.html");
    client.put("/ui", x -> {
      if (!x.refuseMethodOtherThan("GET")) {
        x.respond(200, "text/html; charset=utf-8", ui, Map.of());
      }
    });
  }

  private static byte[] resource(String name) {
    try (java.io.InputStream in = HttpEndpoints.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the server jar");
      }
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** What {@code --listen-metrics-urls} serve. */
  public Map<String, HttpRouter.Handler> metricsListener() {
    return Map.copyOf(metrics);
  }

  /** What the client URLs serve besides gRPC and the gateway. */
  public Map<String, HttpRouter.Handler> clientListener() {
    return Map.copyOf(client);
  }
}
