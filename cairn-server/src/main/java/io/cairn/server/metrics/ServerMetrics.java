package io.cairn.server.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * A member's metrics under etcd 3.4's names, types and help texts, so that etcd's dashboards and
 * alerts read them unchanged; most are read from the member's state when scraped. Only what Cairn
 * measures is here: no metric reports a value Cairn does not have. Cairn's own metrics are named {@code cairn_*}.
 */
public final class ServerMetrics {
  /** Where the scraped values come from. */
  public record Sources(
      BooleanSupplier hasLeader,
      BooleanSupplier isLeader,
      LongSupplier leaderChanges,
      LongSupplier committedIndex,
      LongSupplier appliedIndex,
      LongSupplier dbSizeBytes,
      LongSupplier dbSizeInUseBytes,
      LongSupplier quotaBytes,
      LongSupplier proposalsPending,
      LongSupplier keys) {}

  /** etcd's buckets for disk latencies: 1 ms to 8 s, doubling. */
  private static final double[] DISK_BUCKETS = {0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064,
      0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192};
  /** etcd's buckets for peer round trips: 0.1 ms to 3.3 s, doubling. */
  private static final double[] ROUND_TRIP_BUCKETS = {0.0001, 0.0002, 0.0004, 0.0008, 0.0016,
      0.0032, 0.0064, 0.0128, 0.0256, 0.0512, 0.1024, 0.2048, 0.4096, 0.8192, 1.6384, 3.2768};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter backups;
  private final Gauge lastBackup;
  private final Counter proposalsFailed;
  private final Counter slowApplies;
  private final Histogram backendCommit;
  private final Histogram walFsync;
  private final Histogram peerRoundTrip;
  private final Mvcc mvcc;
  private final Grpc grpc;

  /** Metrics nobody scrapes, with nothing to read: for an applier outside a member (tests, tools). */
  public static ServerMetrics detached() {
    return new ServerMetrics(new Sources(() -> false, () -> false, () -> 0, () -> 0, () -> 0,
        () -> 0, () -> 0, () -> 0, () -> 0, () -> 0));
  }

  public ServerMetrics(Sources s) {
    gauge("etcd_server_has_leader", "Whether or not a leader exists. 1 is existence, 0 is not.",
        () -> s.hasLeader().getAsBoolean() ? 1 : 0);
    gauge("etcd_server_is_leader", "Whether or not this member is a leader. 1 if is, 0 otherwise.",
        () -> s.isLeader().getAsBoolean() ? 1 : 0);
    registry.register(CounterWithCallback.builder().name("etcd_server_leader_changes_seen_total")
        .help("The number of leader changes seen.")
        .callback(cb -> cb.call(s.leaderChanges().getAsLong())).build());
    gauge("etcd_server_proposals_committed_total",
        "The total number of consensus proposals committed.", s.committedIndex());
    gauge("etcd_server_proposals_applied_total",
        "The total number of consensus proposals applied.", s.appliedIndex());
    gauge("etcd_mvcc_db_total_size_in_bytes",
        "Total size of the underlying database physically allocated in bytes.", s.dbSizeBytes());
    gauge("etcd_mvcc_db_total_size_in_use_in_bytes",
        "Total size of the underlying database logically in use in bytes.", s.dbSizeInUseBytes());
    gauge("etcd_server_quota_backend_bytes", "Current backend storage quota size in bytes.",
        s.quotaBytes());
    gauge("etcd_server_proposals_pending", "The current number of pending proposals to commit.",
        s.proposalsPending());
    gauge("etcd_debugging_mvcc_keys_total", "Total number of keys.", s.keys());
    proposalsFailed = counter("etcd_server_proposals_failed_total",
        "The total number of failed proposals seen.");
    slowApplies = counter("etcd_server_slow_apply_total", "The total number of slow apply requests "
        + "(likely overloaded from slow disk).");
    backendCommit = Histogram.builder().name("etcd_disk_backend_commit_duration_seconds")
        .help("The latency distributions of commit called by backend.")
        .classicUpperBounds(DISK_BUCKETS).classicOnly().withoutExemplars().build();
    registry.register(backendCommit);
    walFsync = Histogram.builder().name("etcd_disk_wal_fsync_duration_seconds")
        .help("The latency distributions of fsync called by WAL.")
        .classicUpperBounds(DISK_BUCKETS).classicOnly().withoutExemplars().build();
    registry.register(walFsync);
    peerRoundTrip = Histogram.builder().name("etcd_network_peer_round_trip_time_seconds")
        .help("Round-Trip-Time histogram between peers").labelNames("To")
        .classicUpperBounds(ROUND_TRIP_BUCKETS).classicOnly().withoutExemplars().build();
    registry.register(peerRoundTrip);
    mvcc = new Mvcc(
        counter("etcd_mvcc_range_total", "Total number of ranges seen by this member."),
        counter("etcd_mvcc_put_total", "Total number of puts seen by this member."),
        counter("etcd_mvcc_delete_total", "Total number of deletes seen by this member."),
        counter("etcd_mvcc_txn_total", "Total number of txns seen by this member."));
    grpc = new Grpc(registry);
    backups = Counter.builder().name("cairn_backups_total")
        .help("Scheduled backups taken by this member, by result (ok, failed).")
        .labelNames("result").withoutExemplars().build();
    registry.register(backups);
    lastBackup = Gauge.builder().name("cairn_backup_last_success_timestamp_seconds")
        .help("When this member last wrote and verified a scheduled backup (Unix time).")
        .withoutExemplars().build();
    registry.register(lastBackup);
  }

  /**
   * Adds process_resident_memory_bytes, process_cpu_seconds_total and the JVM's own metrics: once,
   * when the metrics are served (they hook into the JVM's MXBeans for good).
   */
  public void withProcessMetrics() {
    JvmMetrics.builder().register(registry);
  }

  private Counter counter(String name, String help) {
    Counter c = Counter.builder().name(name).help(help).withoutExemplars().build();
    registry.register(c);
    return c;
  }

  private void gauge(String name, String help, LongSupplier value) {
    registry.register(GaugeWithCallback.builder().name(name).help(help)
        .callback(cb -> cb.call(value.getAsLong())).build());
  }

  /** A scheduled backup was written and verified. */
  public void backupTaken(long unixMillis) {
    backups.labelValues("ok").inc();
    lastBackup.set(unixMillis / 1000.0);
  }

  /** A scheduled backup failed. */
  public void backupFailed() {
    backups.labelValues("failed").inc();
  }

  /** A proposal failed: timed out, refused, or its outcome unknown. */
  public void proposalFailed() {
    proposalsFailed.inc();
  }

  /** An entry took longer to apply than etcd's warning threshold. */
  public void slowApply() {
    slowApplies.inc();
  }

  /** The backend committed a batch in this many nanoseconds. */
  public void backendCommitted(long nanos) {
    backendCommit.observe(nanos / 1e9);
  }

  /** The Raft log was written and fsynced in this many nanoseconds (etcd's WAL fdatasync). */
  public void walFsynced(long nanos) {
    walFsync.observe(nanos / 1e9);
  }

  /**
   * A message to a peer was answered after this many nanoseconds: the leader's heartbeats, where
   * etcd's prober measures every peer; the label is etcd's member ID form, hex without padding.
   */
  public void peerRoundTrip(long memberId, long nanos) {
    peerRoundTrip.labelValues(Long.toHexString(memberId)).observe(nanos / 1e9);
  }

  public Mvcc mvcc() {
    return mvcc;
  }

  public Grpc grpc() {
    return grpc;
  }

  /**
   * etcd's per-request store counters, counted as its metricsTxnWrite does: each range, put and
   * delete-range operation, and a txn when one request did more than one of them.
   */
  public record Mvcc(Counter ranges, Counter puts, Counter deletes, Counter txns) {
    public void ranged() {
      ranges.inc();
    }

    public void put() {
      puts.inc();
    }

    public void deleted() {
      deletes.inc();
    }

    public void txn() {
      txns.inc();
    }
  }

  /**
   * go-grpc-prometheus's server metrics, which etcd registers for its gRPC server (names, labels
   * and Go's code names), plus etcd's client traffic byte counters.
   */
  public static final class Grpc {
    /** Go's names of the gRPC codes, by code number. */
    public static final List<String> CODES = List.of("OK", "Canceled", "Unknown", "InvalidArgument",
        "DeadlineExceeded", "NotFound", "AlreadyExists", "PermissionDenied", "ResourceExhausted",
        "FailedPrecondition", "Aborted", "OutOfRange", "Unimplemented", "Internal", "Unavailable",
        "DataLoss", "Unauthenticated");

    private final Counter started;
    private final Counter handled;
    private final Counter received;
    private final Counter sent;
    private final Counter receivedBytes;
    private final Counter sentBytes;
    /** With --metrics=extensive only, as etcd's EnableHandlingTimeHistogram. */
    private Histogram handlingSeconds;

    Grpc(PrometheusRegistry registry) {
      started = register(registry, Counter.builder().name("grpc_server_started_total")
          .help("Total number of RPCs started on the server.")
          .labelNames("grpc_method", "grpc_service", "grpc_type"));
      handled = register(registry, Counter.builder().name("grpc_server_handled_total")
          .help("Total number of RPCs completed on the server, regardless of success or failure.")
          .labelNames("grpc_code", "grpc_method", "grpc_service", "grpc_type"));
      received = register(registry, Counter.builder().name("grpc_server_msg_received_total")
          .help("Total number of RPC stream messages received on the server.")
          .labelNames("grpc_method", "grpc_service", "grpc_type"));
      sent = register(registry, Counter.builder().name("grpc_server_msg_sent_total")
          .help("Total number of gRPC stream messages sent by the server.")
          .labelNames("grpc_method", "grpc_service", "grpc_type"));
      receivedBytes = register(registry, Counter.builder()
          .name("etcd_network_client_grpc_received_bytes_total")
          .help("The total number of bytes received from grpc clients."));
      sentBytes = register(registry, Counter.builder()
          .name("etcd_network_client_grpc_sent_bytes_total")
          .help("The total number of bytes sent to grpc clients."));
    }

    /** go-grpc-prometheus's handling-time histogram (its default buckets), from now on. */
    public void withHandlingTime(PrometheusRegistry registry) {
      handlingSeconds = Histogram.builder().name("grpc_server_handling_seconds")
          .help("Histogram of response latency (seconds) of gRPC that had been application-level "
              + "handled by the server.")
          .labelNames("grpc_method", "grpc_service", "grpc_type")
          .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
          .classicOnly().withoutExemplars().build();
      registry.register(handlingSeconds);
    }

    private static Counter register(PrometheusRegistry registry, Counter.Builder b) {
      Counter c = b.withoutExemplars().build();
      registry.register(c);
      return c;
    }

    /**
     * One method's series, created at zero as go-grpc-prometheus's Register does; callers keep it
     * so that a call does no label lookup.
     */
    public Method method(String type, String service, String method) {
      CounterDataPoint[] byCode = new CounterDataPoint[CODES.size()];
      for (int i = 0; i < byCode.length; i++) {
        byCode[i] = handled.labelValues(CODES.get(i), method, service, type);
      }
      return new Method(started.labelValues(method, service, type),
          received.labelValues(method, service, type), sent.labelValues(method, service, type),
          byCode, receivedBytes, sentBytes,
          handlingSeconds == null ? null : handlingSeconds.labelValues(method, service, type));
    }

    /** The series of one gRPC method; {@code handlingSeconds} null unless extensive. */
    public record Method(CounterDataPoint started, CounterDataPoint received, CounterDataPoint sent,
        CounterDataPoint[] handledByCode, Counter receivedBytes, Counter sentBytes,
        DistributionDataPoint handlingSeconds) {
      public void handled(int code, long startNanos) {
        handledByCode[code].inc();
        if (handlingSeconds != null) {
          handlingSeconds.observe((System.nanoTime() - startNanos) / 1e9);
        }
      }

      public void received(long bytes) {
        received.inc();
        receivedBytes.inc(bytes);
      }

      public void sent(long bytes) {
        sent.inc();
        sentBytes.inc(bytes);
      }
    }
  }

  public PrometheusRegistry registry() {
    return registry;
  }
}
