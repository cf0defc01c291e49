package io.cairn.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Draws bench/compare's client sweep as a PNG: throughput and p99 versus clients, one line per
 * system, both axes logarithmic except throughput. Input: a TSV of {@code system clients ops_per_sec
 * p99_ms} lines. Plain Java2D so the report needs nothing beyond the JDK.
 */
public final class SweepChart {
  record Point(String system, int clients, double opsPerSec, double p99Ms) { }

  private static final int PANEL_W = 560;
  private static final int PANEL_H = 400;
  private static final int MARGIN_L = 80;
  private static final int MARGIN_R = 20;
  private static final int MARGIN_T = 50;
  private static final int MARGIN_B = 60;
  private static final Map<String, Color> COLORS = Map.of("etcd", new Color(0x1f77b4), "cairn", new Color(0xd62728));

  private SweepChart() { }

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: SweepChart SWEEP.tsv OUT.png TITLE");
      System.exit(2);
    }
    List<Point> points = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 4) {
        points.add(new Point(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])));
      }
    }
    ImageIO.write(draw(points, args[2]), "png", Path.of(args[1]).toFile());
  }

  static BufferedImage draw(List<Point> points, String title) {
    BufferedImage img = new BufferedImage(2 * PANEL_W, PANEL_H + 30, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title, MARGIN_L, 22);
    panel(g, 0, points, "throughput (ops/s)", Point::opsPerSec, false);
    panel(g, PANEL_W, points, "p99 latency (ms, log scale)", Point::p99Ms, true);
    g.dispose();
    return img;
  }

  private static void panel(Graphics2D g, int x0, List<Point> points, String label,
      ToDoubleFunction<Point> value, boolean logY) {
    int left = x0 + MARGIN_L;
    int right = x0 + PANEL_W - MARGIN_R;
    int top = 30 + MARGIN_T;
    int bottom = 30 + PANEL_H - MARGIN_B;
    double minC = points.stream().mapToInt(Point::clients).min().orElse(1);
    double maxC = Math.max(minC * 10, points.stream().mapToInt(Point::clients).max().orElse(10));
    double maxV = points.stream().mapToDouble(value).max().orElse(1);
    double minV = points.stream().mapToDouble(value).filter(v -> v > 0).min().orElse(1);
    double lo = logY ? Math.pow(10, Math.floor(Math.log10(minV))) : 0;
    double hi = logY ? Math.pow(10, Math.ceil(Math.log10(maxV))) : niceCeiling(maxV);
    Axis x = new Axis(Math.log10(minC), Math.log10(maxC), left, right);
    Axis y = logY ? new Axis(Math.log10(lo), Math.log10(hi), bottom, top) : new Axis(lo, hi, bottom, top);

    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(new Color(0xdddddd));
    List<Double> yTicks = new ArrayList<>();
    if (logY) {
      for (double t = lo; t <= hi * 1.0001; t *= 10) {
        yTicks.add(t);
      }
    } else {
      for (int i = 0; i <= 5; i++) {
        yTicks.add(hi * i / 5);
      }
    }
    for (double t : yTicks) {
      int py = y.at(logY ? Math.log10(t) : t);
      g.setColor(new Color(0xdddddd));
      g.drawLine(left, py, right, py);
      g.setColor(Color.DARK_GRAY);
      String s = t >= 1 || t == 0 ? String.format(Locale.ROOT, "%,.0f", t) : String.format(Locale.ROOT, "%.2g", t);
      g.drawString(s, left - 8 - g.getFontMetrics().stringWidth(s), py + 4);
    }
    Map<String, List<Point>> bySystem = new TreeMap<>();
    points.forEach(p -> bySystem.computeIfAbsent(p.system(), k -> new ArrayList<>()).add(p));
    for (int c : points.stream().mapToInt(Point::clients).distinct().sorted().toArray()) {
      int px = x.at(Math.log10(c));
      g.setColor(new Color(0xdddddd));
      g.drawLine(px, top, px, bottom);
      g.setColor(Color.DARK_GRAY);
      String s = Integer.toString(c);
      g.drawString(s, px - g.getFontMetrics().stringWidth(s) / 2, bottom + 16);
    }
    g.setColor(Color.BLACK);
    g.drawRect(left, top, right - left, bottom - top);
    g.drawString("clients", (left + right) / 2 - 20, bottom + 36);
    g.drawString(label, left, top - 10);

    int legendY = top + 18;
    for (Map.Entry<String, List<Point>> e : bySystem.entrySet()) {
      Color color = COLORS.getOrDefault(e.getKey(), Color.GRAY);
      g.setColor(color);
      g.setStroke(new BasicStroke(2f));
      List<Point> line = e.getValue().stream().sorted((a, b) -> Integer.compare(a.clients(), b.clients())).toList();
      int prevX = -1;
      int prevY = -1;
      for (Point p : line) {
        double v = value.applyAsDouble(p);
        int px = x.at(Math.log10(p.clients()));
        int py = y.at(logY ? Math.log10(Math.max(v, lo)) : v);
        g.fillOval(px - 4, py - 4, 8, 8);
        if (prevX >= 0) {
          g.drawLine(prevX, prevY, px, py);
        }
        prevX = px;
        prevY = py;
      }
      g.drawLine(left + 12, legendY - 4, left + 32, legendY - 4);
      g.drawString(e.getKey(), left + 38, legendY);
      legendY += 18;
    }
    g.setStroke(new BasicStroke(1f));
  }

  private static double niceCeiling(double v) {
    double step = Math.pow(10, Math.floor(Math.log10(Math.max(v, 1))));
    return Math.ceil(v / step) * step;
  }

  /** A linear map from data coordinates [lo, hi] to pixels [from, to]. */
  private record Axis(double lo, double hi, int from, int to) {
    int at(double v) {
      double f = hi == lo ? 0 : (v - lo) / (hi - lo);
      return (int) Math.round(from + f * (to - from));
    }
  }
}
