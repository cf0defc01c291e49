package io.cairn.server.api.http;

import io.cairn.api.AlarmMember;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd 3.4's {@code GET /health}: {@code {"health":"true"}} when no alarm is active (except those
 * named by {@code ?exclude=}), the member knows a leader, and a linearizable read succeeds within a
 * second; otherwise 503 with {@code {"health":"false"}}. With etcd 3.5's {@code ?serializable=true}
 * the leader is not asked: the member's own state is read. Status codes, bodies and headers are
 * etcd's (Go's net/http: {@code http.Error} for failures); so are its two counters.
 */
final class HealthHandler implements HttpRouter.Handler {
  private static final Logger LOG = LoggerFactory.getLogger(HealthHandler.class);
  static final long READ_TIMEOUT_MS = 1000;

  private final HealthSource member;
  private final Counter successes;
  private final Counter failures;

  HealthHandler(HealthSource member, PrometheusRegistry registry) {
    this.member = member;
    this.successes = counter(registry, "etcd_server_health_success",
        "The total number of successful health checks");
    this.failures = counter(registry, "etcd_server_health_failures",
        "The total number of failed health checks");
  }

  private static Counter counter(PrometheusRegistry registry, String name, String help) {
    Counter c = Counter.builder().name(name).help(help).withoutExemplars().build();
    registry.register(c);
    return c;
  }

  @Override
  public void handle(HttpExchange x) {
    if (!"GET".equals(x.method())) {
      x.goError(405, "Method Not Allowed", java.util.Map.of("Allow", "GET"));
      LOG.warn("/health error (status code 405)");
      return;
    }
    boolean serializable = x.query("serializable").contains("true");
    if (healthy(new HashSet<>(x.query("exclude")), serializable)) {
      successes.inc();
      x.text(200, "{\"health\":\"true\"}");
    } else {
      failures.inc();
      x.goError(503, "{\"health\":\"false\"}");
    }
  }

  private boolean healthy(Set<String> excluded, boolean serializable) {
    for (AlarmMember a : member.alarms()) {
      if (!excluded.contains(a.getAlarm().name())) {
        LOG.warn("/health error due to memberID:{} alarm:{}", a.getMemberID(), a.getAlarm());
        return false;
      }
    }
    if (!serializable && !member.hasLeader()) {
      LOG.warn("/health error; no leader (status code 503)");
      return false;
    }
    try {
      (serializable ? member.serializableRead() : member.linearizableRead())
          .get(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      LOG.warn("/health error; QGET failed {} (status code 503)", e.toString());
      return false;
    }
  }
}
