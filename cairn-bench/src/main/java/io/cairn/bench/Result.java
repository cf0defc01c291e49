package io.cairn.bench;

import org.HdrHistogram.Histogram;

import java.util.Locale;

/** One run's outcome: counts, throughput and latency percentiles (histogram in microseconds). */
record Result(String workload, String target, int conns, int clients, long ops, long errors,
              double seconds, Histogram latencyMicros, String note, String cpuUsPerOp) {

  double opsPerSec() {
    return seconds > 0 ? ops / seconds : 0;
  }

  double ms(double percentile) {
    return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
  }

  String table() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%nSummary: %s against %s (%d conns, %d clients)%n",
        workload, target, conns, clients));
    if (note != null && !note.isEmpty()) {
      b.append("  ").append(note).append('\n');
    }
    b.append(String.format(Locale.ROOT, "  Total:        %d ops, %d errors, %.3f s%n", ops, errors, seconds));
    b.append(String.format(Locale.ROOT, "  Requests/sec: %.1f%n", opsPerSec()));
    b.append("  CPU us/op:    ").append(cpuUsPerOp).append('\n');
    b.append("\n  | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | mean ms |\n");
    b.append("  |---|---|---|---|---|---|\n");
    b.append(String.format(Locale.ROOT, "  | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |%n",
        ms(50), ms(90), ms(99), ms(99.9),
        latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMaxValue() / 1000.0,
        latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMean() / 1000.0));
    return b.toString();
  }

  String json() {
    return String.format(Locale.ROOT,
        "{\"workload\":\"%s\",\"target\":\"%s\",\"conns\":%d,\"clients\":%d,\"ops\":%d,\"errors\":%d,"
            + "\"seconds\":%.3f,\"ops_per_sec\":%.1f,\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,"
            + "\"p999_ms\":%.3f,\"max_ms\":%.3f,\"mean_ms\":%.3f,\"cpu_us_per_op\":%s,\"note\":\"%s\"}",
        workload, target, conns, clients, ops, errors, seconds, opsPerSec(), ms(50), ms(90), ms(99), ms(99.9),
        latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMaxValue() / 1000.0,
        latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMean() / 1000.0, cpuUsPerOp,
        note == null ? "" : note.replace("\\", "\\\\").replace("\"", "\\\""));
  }
}
