package io.cairn.server.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
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
      LongSupplier quotaBytes) {}

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter backups;
  private final Gauge lastBackup;

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

  public PrometheusRegistry registry() {
    return registry;
  }
}
