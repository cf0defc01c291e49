package io.cairn.server.api.http;

import io.cairn.api.AlarmMember;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd 3.4's {@code GET /health}: {@code {"health":"true"}} when no alarm is active (except those
 * named by {@code ?exclude=}), the member knows a leader, and a linearizable read succeeds within a
 * second; otherwise 503 with {@code {"health":"false"}}. With etcd 3.5's {@code ?serializable=true}
 * the leader is not asked: the member's own state is read. Status codes, bodies and headers are
 * etcd's (Go's net/http: {@code http.Error} for failures). etcd's two counters of checks are not
 * served: their names lack {@code _total}, which the Prometheus Java client requires of counters.
 */
final class HealthHandler implements HttpRouter.Handler {
  private static final Logger LOG = LoggerFactory.getLogger(HealthHandler.class);
  private final HealthSource member;

  HealthHandler(HealthSource member) {
    this.member = member;
  }

  @Override
  public void handle(HttpExchange x) {
    if (x.refuseMethodOtherThan("GET")) {
      LOG.warn("/health error (status code 405)");
      return;
    }
    boolean serializable = x.query("serializable").contains("true");
    if (healthy(new HashSet<>(x.query("exclude")), serializable)) {
      x.text(200, "{\"health\":\"true\"}");
    } else {
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
    String failed = ProbeHandler.completes(serializable ? member::serializableRead
        : member::linearizableRead).get();
    if (failed != null) {
      LOG.warn("/health error; QGET failed {} (status code 503)", failed);
      return false;
    }
    return true;
  }
}
