package io.cairn.tests.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.AlarmRequest;
import io.cairn.api.AlarmType;
import io.cairn.tests.support.CairnProcess;
import io.cairn.tests.support.EtcdClients;
import io.cairn.tests.support.EtcdProcess;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.MemberProcess;
import io.cairn.tests.support.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --listen-metrics-urls} on etcd 3.4.23 and on Cairn, asked the same things: /health
 * (healthy, with an alarm, with the alarm excluded, a POST), an unknown path, and /metrics, whose
 * etcd metrics Cairn serves must have etcd's types and agree on the values that do not depend on
 * the implementation.
 */
class MetricsEndpointDifferentialTest {
  /** etcd's metrics Cairn serves, with their Prometheus types. */
  private static final Map<String, String> SHARED = Map.of(
      "etcd_server_has_leader", "gauge",
      "etcd_server_is_leader", "gauge",
      "etcd_server_leader_changes_seen_total", "counter",
      "etcd_server_proposals_committed_total", "gauge",
      "etcd_server_proposals_applied_total", "gauge",
      "etcd_mvcc_db_total_size_in_bytes", "gauge",
      "etcd_mvcc_db_total_size_in_use_in_bytes", "gauge",
      "etcd_server_quota_backend_bytes", "gauge",
      "process_resident_memory_bytes", "gauge");
  private static final Pattern TYPE = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$");
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void cairnServesHealthAndMetricsAsEtcdDoes(@TempDir Path tmp) throws Exception {
    List<String> etcd = transcript(tmp, "etcd");
    List<String> cairn = transcript(tmp, "cairn");
    assertThat(cairn).containsExactlyElementsOf(etcd);
  }

  @Test
  void httpsMetricsUrlsAreRefusedByName(@TempDir Path tmp) throws Exception {
    MemberFlags f = new MemberFlags("c1", tmp.resolve("c1"), Ports.free(), Ports.free())
        .with("--listen-metrics-urls", "https://127.0.0.1:" + Ports.free());
    try (CairnProcess p = new CairnProcess(f, tmp.resolve("c1.log"))) {
      p.launch();
      assertThat(p.awaitExit(Duration.ofSeconds(60))).isNotZero();
    }
    assertThat(java.nio.file.Files.readString(tmp.resolve("c1.log")))
        .contains("-listen-metrics-urls").contains("https metrics URLs are not supported yet");
  }

  /** What one server answers, as lines to compare; etcd and Cairn must give the same. */
  private static List<String> transcript(Path tmp, String which) throws Exception {
    int metricsPort = Ports.free();
    MemberFlags f = new MemberFlags(which, tmp.resolve(which), Ports.free(), Ports.free())
        .with("--listen-metrics-urls", "http://127.0.0.1:" + metricsPort);
    String base = "http://127.0.0.1:" + metricsPort;
    List<String> out = new ArrayList<>();
    try (MemberProcess p = which.equals("etcd") ? new EtcdProcess(f, tmp.resolve(which + ".log"))
        : new CairnProcess(f, tmp.resolve(which + ".log"));
        EtcdClients c = EtcdClients.of(f)) {
      p.launch();
      p.awaitServing(Duration.ofSeconds(90));
      c.put("k", "v");
      out.add("GET /health: " + describe(get(base + "/health")));
      out.add("POST /health: " + describe(HTTP.send(HttpRequest.newBuilder(URI.create(base
          + "/health")).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString())));
      out.add("GET /healthz: " + describe(get(base + "/healthz")));
      alarm(c, AlarmRequest.AlarmAction.ACTIVATE);
      out.add("GET /health, NOSPACE: " + describe(get(base + "/health")));
      out.add("GET /health?exclude=NOSPACE: " + describe(get(base + "/health?exclude=NOSPACE")));
      out.add("GET /health?exclude=CORRUPT: " + describe(get(base + "/health?exclude=CORRUPT")));
      alarm(c, AlarmRequest.AlarmAction.DEACTIVATE);
      out.add("GET /health, disarmed: " + describe(get(base + "/health")));

      HttpResponse<String> metrics = get(base + "/metrics");
      out.add("GET /metrics: " + metrics.statusCode());
      Map<String, String> types = new TreeMap<>();
      Matcher m = TYPE.matcher(metrics.body());
      while (m.find()) {
        if (SHARED.containsKey(m.group(1))) {
          types.put(m.group(1), m.group(2));
        }
      }
      out.add("types: " + types);
      out.add("has_leader=" + value(metrics.body(), "etcd_server_has_leader")
          + " is_leader=" + value(metrics.body(), "etcd_server_is_leader")
          + " leader_changes_seen=" + value(metrics.body(), "etcd_server_leader_changes_seen_total"));
      out.add("resident memory > 0: " + (value(metrics.body(), "process_resident_memory_bytes") > 0));
      out.add("db size > 0: " + (value(metrics.body(), "etcd_mvcc_db_total_size_in_bytes") > 0));
      out.add("quota: " + (long) value(metrics.body(), "etcd_server_quota_backend_bytes"));
    }
    assertThat(out.get(out.size() - 5)).as(which).isEqualTo("types: " + new TreeMap<>(SHARED));
    return out;
  }

  private static void alarm(EtcdClients c, AlarmRequest.AlarmAction action) {
    long member = c.maintenance().status(io.cairn.api.StatusRequest.getDefaultInstance()).getHeader()
        .getMemberId();
    c.maintenance().alarm(AlarmRequest.newBuilder().setAction(action).setMemberID(member)
        .setAlarm(AlarmType.NOSPACE).build());
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String describe(HttpResponse<String> r) {
    return r.statusCode() + " " + r.headers().firstValue("content-type").orElse("-")
        + " nosniff=" + r.headers().firstValue("x-content-type-options").orElse("-")
        + " allow=" + r.headers().firstValue("allow").orElse("-")
        + " body=" + r.body().replace("\n", "\\n");
  }

  /** The value of an unlabelled sample, as a number (Go prints 1, Java 1.0). */
  private static double value(String body, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(body);
    if (!m.find()) {
      throw new AssertionError("no sample " + name + " in /metrics");
    }
    return Double.parseDouble(m.group(1));
  }
}
