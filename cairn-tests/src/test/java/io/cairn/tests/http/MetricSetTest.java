package io.cairn.tests.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.tests.support.CairnProcess;
import io.cairn.tests.support.Curl;
import io.cairn.tests.support.EtcdProcess;
import io.cairn.tests.support.Etcdctl;
import io.cairn.tests.support.MemberFlags;
import io.cairn.tests.support.MemberProcess;
import io.cairn.tests.support.Ports;
import io.cairn.tests.support.Tools;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} on the client URL of etcd 3.4.23 and of Cairn after the same etcdctl
 * operations, both parsed by the Prometheus Python client's parser: Cairn's text parses, and each
 * metric etcd's dashboards and alerts use has etcd's name, type and label names on Cairn. Two of
 * etcd's are known missing (see {@link #NOT_SERVED}).
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
      "grpc_server_msg_sent", "process_resident_memory_bytes");
  /**
   * Measured by Ratis, not by Cairn (its log's fsync, its heartbeats), whose timers have no
   * buckets to serve as etcd's histograms.
   */
  private static final List<String> NOT_SERVED = List.of("etcd_disk_wal_fsync_duration_seconds",
      "etcd_network_peer_round_trip_time_seconds");

  @Test
  void cairnServesEtcdsMetricsWithEtcdsTypesAndLabels(@TempDir Path tmp) throws Exception {
    Map<String, String> etcd = families(tmp, "etcd");
    Map<String, String> cairn = families(tmp, "cairn");
    for (String name : REQUIRED) {
      assertThat(etcd).as("etcd serves " + name).containsKey(name);
      assertThat(cairn.get(name)).as(name).isEqualTo(etcd.get(name));
    }
    assertThat(etcd).containsKey("etcd_disk_wal_fsync_duration_seconds"); // RTT needs peers
    assertThat(cairn).doesNotContainKeys(NOT_SERVED.toArray(String[]::new));
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
