package io.cairn.tests.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.tests.support.CairnProcess;
import io.cairn.tests.support.Curl;
import io.cairn.tests.support.EtcdProcess;
import io.cairn.tests.support.Etcdctl;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.MemberProcess;
import io.cairn.tests.support.Ports;
import io.cairn.tests.support.ProcessCluster;
import io.cairn.tests.support.Tools;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} on the client URL of etcd 3.4.23 and of Cairn after the same etcdctl
 * operations, both parsed by the Prometheus Python client's parser: Cairn's text parses, and each
 * metric etcd's dashboards and alerts use has etcd's name, type and label names on Cairn; and a
 * leader's round trips to its peers, which etcd's single member does not have.
 */
class MetricSetTest {
  private static final List<String> REQUIRED = List.of("etcd_server_has_leader",
      "etcd_server_is_leader", "etcd_server_leader_changes_seen", "etcd_server_proposals_committed_total",
      "etcd_server_proposals_applied_total", "etcd_server_proposals_pending",
      "etcd_server_proposals_failed", "etcd_server_slow_apply", "etcd_server_quota_backend_bytes",
      "etcd_mvcc_db_total_size_in_bytes", "etcd_mvcc_db_total_size_in_use_in_bytes",
      "etcd_mvcc_put", "etcd_mvcc_delete", "etcd_mvcc_range", "etcd_mvcc_txn",
      "etcd_debugging_mvcc_keys_total", "etcd_disk_backend_commit_duration_seconds",
      "etcd_network_client_grpc_received_bytes", "etcd_network_client_grpc_sent_bytes",
      "grpc_server_started", "grpc_server_handled", "grpc_server_msg_received",
      "grpc_server_msg_sent", "process_resident_memory_bytes",
      "etcd_disk_wal_fsync_duration_seconds");
  /** etcd's rafthttp buckets for peer round trips: 0.1 ms doubling 16 times, then +Inf. */
  private static final List<String> ROUND_TRIP_BUCKETS = List.of("1.0E-4", "2.0E-4", "4.0E-4",
      "8.0E-4", "0.0016", "0.0032", "0.0064", "0.0128", "0.0256", "0.0512", "0.1024", "0.2048",
      "0.4096", "0.8192", "1.6384", "3.2768", "+Inf");

  @Test
  void cairnServesEtcdsMetricsWithEtcdsTypesAndLabels(@TempDir Path tmp) throws Exception {
    Map<String, String> etcd = families(tmp, "etcd");
    Map<String, String> cairn = families(tmp, "cairn");
    for (String name : REQUIRED) {
      assertThat(etcd).as("etcd serves " + name).containsKey(name);
      assertThat(cairn.get(name)).as(name).isEqualTo(etcd.get(name));
    }
    assertThat(cairn.get("etcd_disk_wal_fsync_duration_seconds")).isEqualTo("histogram le");
  }

  /**
   * etcd's leader observes a peer's round trip every 30 s, so a fresh etcd cluster has none to
   * compare with: the family is checked against etcd's definition (rafthttp's rttSec, label "To"
   * with the member ID in hex), and every follower must have been timed.
   */
  @Test
  void aLeaderTimesTheRoundTripsToEachFollower(@TempDir Path tmp) throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start(3, tmp)) {
      int leader = cluster.leader();
      assertThat(leader).isNotNegative();
      MemberFlags f = cluster.flags(leader);
      Etcdctl.run(f.clientUrl(), "put", "k", "v");
      List<String> followers = new ArrayList<>();
      for (String line : Etcdctl.run(f.clientUrl(), "member", "list").stdout().split("\n")) {
        String id = line.split(",")[0];
        if (!line.contains(", " + f.name() + ",")) {
          followers.add(id);
        }
      }
      assertThat(followers).hasSize(2);
      String url = "http://" + f.host() + ":" + f.clientPort() + "/metrics";
      String text = Awaitility.await().atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(500)).until(() -> Curl.run(url),
              t -> followers.stream().allMatch(id -> t.contains("To=\"" + id + "\"")));
      assertThat(parse(tmp, "cluster", text).get("etcd_network_peer_round_trip_time_seconds"))
          .isEqualTo("histogram To,le");
      for (String id : followers) {
        Matcher count = Pattern.compile("etcd_network_peer_round_trip_time_seconds_count\\{To=\""
            + id + "\"} (\\S+)").matcher(text);
        assertThat(count.find()).as(id).isTrue();
        assertThat(Double.parseDouble(count.group(1))).isPositive();
        Matcher bucket = Pattern.compile("etcd_network_peer_round_trip_time_seconds_bucket\\{To=\""
            + id + "\",le=\"([^\"]+)\"}").matcher(text);
        List<String> bounds = new ArrayList<>();
        while (bucket.find()) {
          bounds.add(bucket.group(1));
        }
        assertThat(bounds).isEqualTo(ROUND_TRIP_BUCKETS);
      }
    }
  }

  @Test
  void extensiveAddsTheHandlingTimeHistogramAsEtcds(@TempDir Path tmp) throws Exception {
    Map<String, String> etcd = families(tmp, "etcd", "--metrics", "extensive");
    Map<String, String> cairn = families(tmp, "cairn", "--metrics", "extensive");
    assertThat(etcd).containsKey("grpc_server_handling_seconds");
    assertThat(cairn.get("grpc_server_handling_seconds"))
        .isEqualTo(etcd.get("grpc_server_handling_seconds"));
  }

  /** Metric family name to "type labels", as the parser read it after a few operations. */
  private static Map<String, String> families(Path tmp, String which, String... flags)
      throws Exception {
    MemberFlags f = new MemberFlags("m1", tmp.resolve(which), Ports.free(), Ports.free())
        .with(flags);
    String text;
    try (MemberProcess p = which.equals("etcd") ? new EtcdProcess(f, tmp.resolve(which + ".log"))
        : new CairnProcess(f, tmp.resolve(which + ".log"))) {
      p.launch();
      p.awaitServing(Duration.ofSeconds(90));
      Etcdctl.run(f.clientUrl(), "put", "k", "v");
      Etcdctl.run(f.clientUrl(), "get", "k");
      Etcdctl.run(f.clientUrl(), "del", "k");
      Etcdctl.run(f.clientUrl(), "get", "nope");
      text = Curl.run("http://127.0.0.1:" + f.clientPort() + "/metrics");
    }
    return parse(tmp, which, text);
  }

  /** Metric family name to "type labels", as the Prometheus Python client's parser reads it. */
  private static Map<String, String> parse(Path tmp, String which, String text) throws Exception {
    Path script = tmp.resolve("metric_families.py");
    try (InputStream in = MetricSetTest.class.getResourceAsStream("/http/metric_families.py")) {
      Files.write(script, in.readAllBytes());
    }
    Process py = new ProcessBuilder(Tools.pythonWithPrometheusClient().toString(), script.toString())
        .redirectErrorStream(true).start();
    try (OutputStream stdin = py.getOutputStream()) {
      stdin.write(text.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(py.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(py.exitValue()).as(which + "'s /metrics parses:\n" + out).isZero();
    Map<String, String> families = new TreeMap<>();
    out.lines().forEach(l -> {
      String[] parts = l.split(" ", 2);
      families.put(parts[0], parts[1]);
    });
    return families;
  }
}
