package io.cairn.cli;

import io.cairn.cli.print.GoFormat;
import io.cairn.cli.print.Out;

/**
 * A progress line for {@code snapshot save}, cairnctl's addition to etcdctl: bytes received, rate,
 * and when the server tells the remaining size a bar, percentage and ETA. It is drawn on stderr,
 * redrawn in place with a carriage return, and only when stderr is a terminal: piped or captured
 * output (scripts, the differential tests) stays exactly etcdctl's.
 */
final class DownloadProgress {
  private static final long REDRAW_NANOS = 200_000_000L;
  private static final int BAR_WIDTH = 30;

  private final Out out;
  private final boolean active;
  private final long start = System.nanoTime();
  /** So that the first chunk draws at once. */
  private long lastDraw = start - REDRAW_NANOS;
  private int lastLength;
  private boolean drawn;

  DownloadProgress(Out out) {
    this.out = out;
    this.active = out.errIsTerminal();
  }

  /** After each chunk: {@code remaining} is the server's remaining_bytes, 0 when it does not say. */
  void update(long received, long remaining) {
    long now = System.nanoTime();
    if (!active || now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    draw(line(received, remaining > 0 ? received + remaining : -1, now - start));
  }

  /** Draws the final state and ends the line, so that what follows starts on its own line. */
  void finish(long received) {
    if (!active || !drawn) {
      return;
    }
    draw(line(received, received, System.nanoTime() - start));
    out.err("\n");
  }

  private void draw(String line) {
    // pad over the rest of a longer previous line
    out.err("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
    lastLength = line.length();
    drawn = true;
  }

  /**
   * The line for {@code received} bytes after {@code elapsedNanos}; {@code total} is -1 when
   * unknown, and then the line has no bar, percentage or ETA.
   */
  static String line(long received, long total, long elapsedNanos) {
    double seconds = Math.max(elapsedNanos, 1) / 1e9;
    long rate = (long) (received / seconds);
    String amounts = GoFormat.humanizeBytes(received) + "  " + GoFormat.humanizeBytes(rate) + "/s";
    if (total <= 0) {
      return "Downloading snapshot: " + amounts;
    }
    int percent = (int) Math.min(100, received * 100 / total);
    int filled = percent * BAR_WIDTH / 100;
    String bar = "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "]";
    String eta = rate > 0 ? "  ETA " + GoFormat.duration((total - received) / rate * 1_000_000_000L) : "";
    return String.format("%s %3d%%  %s / %s  %s/s%s", bar, percent, GoFormat.humanizeBytes(received),
        GoFormat.humanizeBytes(total), GoFormat.humanizeBytes(rate), eta);
  }
}
