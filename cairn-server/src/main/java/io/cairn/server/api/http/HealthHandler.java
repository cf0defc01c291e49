package io.cairn.server.api.http;

import com.sun.net.httpserver.HttpExchange;
import io.cairn.api.AlarmMember;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd 3.4's {@code GET /health}: {@code {"health":"true"}} when no alarm is active (except those
 * named by {@code ?exclude=}), the member knows a leader, and a linearizable read succeeds within a
 * second; otherwise 503 with {@code {"health":"false"}}. Status codes, bodies and headers are
 * etcd's (Go's net/http: {@code http.Error} for failures).
 */
final class HealthHandler {
  private static final Logger LOG = LoggerFactory.getLogger(HealthHandler.class);
  private static final long READ_TIMEOUT_MS = 1000;

  private final HealthSource member;

  HealthHandler(HealthSource member) {
    this.member = member;
  }

  void handle(HttpExchange x) throws IOException {
    if (!"GET".equals(x.getRequestMethod())) {
      x.getResponseHeaders().set("Allow", "GET");
      GoHttp.error(x, 405, "Method Not Allowed");
      LOG.warn("/health error (status code 405)");
      return;
    }
    if (healthy(excludedAlarms(x.getRequestURI().getRawQuery()))) {
      GoHttp.write(x, 200, "{\"health\":\"true\"}");
    } else {
      GoHttp.error(x, 503, "{\"health\":\"false\"}");
    }
  }

  private boolean healthy(Set<String> excluded) {
    for (AlarmMember a : member.alarms()) {
      if (!excluded.contains(a.getAlarm().name())) {
        LOG.warn("/health error due to memberID:{} alarm:{}", a.getMemberID(), a.getAlarm());
        return false;
      }
    }
    if (!member.hasLeader()) {
      LOG.warn("/health error; no leader (status code 503)");
      return false;
    }
    try {
      member.linearizableRead().get(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      LOG.warn("/health error; QGET failed {} (status code 503)", e.toString());
      return false;
    }
  }

  /** The values of every {@code exclude} query parameter. */
  private static Set<String> excludedAlarms(String rawQuery) {
    Set<String> out = new HashSet<>();
    if (rawQuery == null) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals("exclude") && eq >= 0) {
        out.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
