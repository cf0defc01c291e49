package io.cairn.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * CPU time (utime + stime, from /proc/PID/stat) that named processes spend during the measured run,
 * this load generator included as "bench": CPU per operation, process by process.
 */
final class ProcessCpu {
  private final Map<String, Long> pids;
  private final long ticksPerSecond;
  private Map<String, Long> atStart = Map.of();
  private Map<String, Long> used = Map.of();

  /** {@code named}: name=pid pairs; the load generator itself is always measured. */
  ProcessCpu(Map<String, Long> named) {
    pids = new LinkedHashMap<>();
    pids.put("bench", ProcessHandle.current().pid());
    pids.putAll(named);
    ticksPerSecond = clockTicks();
  }

  void start() {
    atStart = sample();
  }

  void stop() {
    Map<String, Long> now = sample();
    Map<String, Long> d = new LinkedHashMap<>();
    now.forEach((name, ticks) -> d.put(name, ticks - atStart.getOrDefault(name, ticks)));
    used = d;
  }

  /** {"name": microseconds of CPU per op, ...}; a process that ended in between is left out. */
  String jsonPerOp(long ops) {
    StringJoiner j = new StringJoiner(",", "{", "}");
    used.forEach((name, ticks) -> j.add(String.format(Locale.ROOT, "\"%s\":%.1f", name,
        ops == 0 ? 0.0 : ticks * 1e6 / ticksPerSecond / ops)));
    return j.toString();
  }

  private Map<String, Long> sample() {
    Map<String, Long> m = new LinkedHashMap<>();
    pids.forEach((name, pid) -> {
      long t = ticks(pid);
      if (t >= 0) {
        m.put(name, t);
      }
    });
    return m;
  }

  /** utime + stime in clock ticks, or -1 when the process is gone. */
  static long ticks(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return -1;
    }
    // the command name (field 2) may hold spaces: count fields after its closing parenthesis
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of proc(5)
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      p.waitFor();
      return Long.parseLong(out);
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("CPU per op needs getconf CLK_TCK: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
