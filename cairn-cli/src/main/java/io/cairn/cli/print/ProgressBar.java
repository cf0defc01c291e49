package io.cairn.cli.print;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The progress bar etcdctl's check commands draw with cheggaaa/pb.v1 and the format "Bom !": redrawn
 * after a carriage return every 200 ms as {@code  N / TOTAL [Booo...m    !] PP.PP% 00m42s}, padded to
 * the terminal's width; without a terminal there is no bar and no padding. Finishing draws it once
 * more with the elapsed time and ends the line.
 */
public final class ProgressBar {
  private static final long REFRESH_MILLIS = 200;

  private final long total;
  private final Out out;
  private final int width;
  private final AtomicLong current = new AtomicLong();
  private final Thread refresher;
  private long startNanos;
  /** When the count last changed, as seen by a redraw (pb's changeTime). */
  private long changeNanos;
  private long previous;
  private volatile boolean finished;

  public ProgressBar(long total, Out out) {
    this.total = total;
    this.out = out;
    this.width = terminalWidth();
    this.refresher = new Thread(this::refresh, "progress-bar");
    refresher.setDaemon(true);
  }

  public void start() {
    startNanos = System.nanoTime();
    changeNanos = startNanos;
    redraw(false);
    refresher.start();
  }

  public void add(long n) {
    current.addAndGet(n);
  }

  public void finish() {
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
    }
    refresher.interrupt();
    draw(true);
    out.println();
    out.flush();
  }

  private void refresh() {
    try {
      while (!finished) {
        Thread.sleep(REFRESH_MILLIS);
        redraw(false);
      }
    } catch (InterruptedException e) {
      // finished
    }
  }

  private synchronized void redraw(boolean finishing) {
    if (finished && !finishing) {
      return;
    }
    long c = current.get();
    if (c != previous) {
      changeNanos = System.nanoTime();
      previous = c;
    }
    draw(finishing);
  }

  private synchronized void draw(boolean finishing) {
    long c = current.get();
    String counters = " " + c + " / " + total + " ";
    String percent = String.format(Locale.ROOT, " %6.02f%%", total > 0 ? c * 100.0 / total : c / 100.0);
    String timeBox = finishing ? " " + GoFormat.duration(elapsedSeconds() * 1_000_000_000L) : timeLeft(c);
    String bar = "";
    int size = width - (counters + "B!" + percent + timeBox).length();
    if (size > 0) {
      bar = bar(c, size);
    }
    String line = counters + bar + percent + timeBox;
    if (line.length() < width) {
      line += " ".repeat(width - line.length());
    }
    out.print("\r" + line);
    out.flush();
  }

  private long elapsedSeconds() {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
  }

  /** pb's estimate from the pace up to the last change, as 00m42s; empty until there is one. */
  private String timeLeft(long c) {
    if (c <= 0) {
      return "";
    }
    long perEntry = (changeNanos - startNanos) / c;
    long left = (total - c) * perEntry - (System.nanoTime() - changeNanos);
    long seconds = TimeUnit.NANOSECONDS.toSeconds(left);
    if (seconds <= 0) {
      return "";
    }
    StringBuilder s = new StringBuilder(" ");
    if (seconds > 86_400) {
      s.append(seconds / 86_400).append('d');
      seconds %= 86_400;
    }
    if (seconds > 3600) {
      s.append(seconds / 3600).append('h');
      seconds %= 3600;
    }
    return s.append(String.format(Locale.ROOT, "%02dm%02ds", seconds / 60, seconds % 60)).toString();
  }

  /** "B", the done part as "o"s ending in "m", the rest as spaces, "!". */
  private String bar(long c, int size) {
    int done = (int) Math.min(size, Math.ceil((double) c / total * size));
    int empty = Math.max(0, size - done);
    StringBuilder b = new StringBuilder("B");
    if (empty == 0) {
      b.append("o".repeat(done));
    } else if (done > 0) {
      b.append("o".repeat(done - 1)).append('m');
    }
    return b.append(" ".repeat(empty)).append('!').toString();
  }

  /** The controlling terminal's columns, read as pb does from /dev/tty or else stdin; 0 without one. */
  private static int terminalWidth() {
    for (ProcessBuilder.Redirect in : new ProcessBuilder.Redirect[] {
        ProcessBuilder.Redirect.from(new File("/dev/tty")), ProcessBuilder.Redirect.INHERIT}) {
      try {
        Process p = new ProcessBuilder("stty", "size").redirectInput(in)
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String size = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (p.waitFor() == 0 && size.matches("\\d+ \\d+")) {
          return Integer.parseInt(size.split(" ")[1]);
        }
      } catch (IOException e) {
        // no such terminal: try the next
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
    }
    return 0;
  }
}
