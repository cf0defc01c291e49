package io.cairn.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's text/tabwriter as etcdctl configures it for help text (minwidth 0, tabwidth 8, padding 1,
 * padding with tabs, no flags): a cell is text ended by a tab; consecutive lines that have a cell in
 * the same column form a block whose cells are padded to the block's widest cell plus one, rounded up
 * to a tab stop. Columns nest: a column's blocks are looked for within the blocks of the column to its
 * left, so a line with fewer cells ends the blocks of the columns it lacks.
 */
final class GoTabwriter {
  private static final int TAB_WIDTH = 8;
  private static final int PADDING = 1;

  private final List<String[]> lines = new ArrayList<>();
  private final List<Integer> widths = new ArrayList<>();
  private final StringBuilder out = new StringBuilder();

  private GoTabwriter(String text) {
    for (String line : text.split("\n", -1)) {
      lines.add(line.split("\t", -1));
    }
  }

  static String format(String text) {
    GoTabwriter w = new GoTabwriter(text);
    w.format(0, w.lines.size());
    return w.out.toString();
  }

  /** tabwriter's format: finds the blocks of the next column in lines [line0, line1). */
  private void format(int line0, int line1) {
    int column = widths.size();
    int start = line0;
    for (int i = line0; i < line1; i++) {
      if (column >= lines.get(i).length - 1) {
        continue;
      }
      writeLines(start, i);
      start = i;
      int width = 0;
      for (; i < line1 && column < lines.get(i).length - 1; i++) {
        width = Math.max(width, runes(lines.get(i)[column]) + PADDING);
      }
      widths.add(width);
      format(start, i);
      widths.remove(widths.size() - 1);
      start = i;
    }
    writeLines(start, line1);
  }

  private void writeLines(int from, int to) {
    for (int i = from; i < to; i++) {
      String[] cells = lines.get(i);
      for (int j = 0; j < cells.length; j++) {
        out.append(cells[j]);
        if (j < widths.size()) {
          int cellWidth = (widths.get(j) + TAB_WIDTH - 1) / TAB_WIDTH * TAB_WIDTH;
          int pad = cellWidth - runes(cells[j]);
          out.append("\t".repeat((pad + TAB_WIDTH - 1) / TAB_WIDTH));
        }
      }
      if (i < lines.size() - 1) {
        out.append('\n');
      }
    }
  }

  private static int runes(String s) {
    return s.codePointCount(0, s.length());
  }
}
