package io.cairn.tests.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces what legitimately differs between two runs of the same session with placeholders: lease
 * IDs (numbered by first appearance), raft terms and indexes, sizes, hashes, versions, timestamps,
 * durations and client log noise. Everything else must match byte for byte.
 */
public final class TranscriptNormalizer {
  /** etcd prints IDs with %x or %16x: a random ID with leading zeros is shorter than 16 digits. */
  private static final Pattern HEX_ID = Pattern.compile("\\b[0-9a-f]{12,16}\\b");
  private static final Pattern DEC_ID = Pattern.compile(
      "(\"ID\":|\"id\":|\"lease\":|\"Lease\" : |\"ID\" : )(\\d{6,})");
  private static final Set<String> TABLE_VOLATILE = Set.of(
      "VERSION", "DB SIZE", "RAFT TERM", "RAFT INDEX", "RAFT APPLIED INDEX", "HASH", "TOOK");
  private static final String[][] REPLACEMENTS = {
      {"\"ts\":(\"[^\"]*\"|[0-9.e+]+)", "\"ts\":T"},
      {"\"target\":\"[^\"]*\"", "\"target\":X"},
      {"\"took\":(\"[^\"]*\"|[0-9.e+-]+)", "\"took\":D"},
      {"\"size\":\"[^\"]*\"", "\"size\":S"},
      {"took = [0-9.]+[µmn]?s", "took = D"},
      {"\"raft_term\":\\d+", "\"raft_term\":N"},
      {"\"RaftTerm\" : \\d+", "\"RaftTerm\" : N"},
      {"\"raftTerm\":\\d+", "\"raftTerm\":N"},
      {"\"raftIndex\":\\d+", "\"raftIndex\":N"},
      {"\"raftAppliedIndex\":\\d+", "\"raftAppliedIndex\":N"},
      {"\"RaftIndex\" : \\d+", "\"RaftIndex\" : N"},
      {"\"RaftAppliedIndex\" : \\d+", "\"RaftAppliedIndex\" : N"},
      {"\"dbSize\":\\d+", "\"dbSize\":S"},
      {"\"dbSizeInUse\":\\d+", "\"dbSizeInUse\":S"},
      {"\"DBSize\" : \\d+", "\"DBSize\" : S"},
      {"\"DBSizeInUse\" : \\d+", "\"DBSizeInUse\" : S"},
      {"\"version\":\"[0-9.]+\"", "\"version\":V"},
      {"\"Version\" : \"[0-9.]+\"", "\"Version\" : V"},
      {"\"hash\":\\d+", "\"hash\":H"},
      {"\"Hash\" : \\d+", "\"Hash\" : H"},
      {"(127\\.0\\.0\\.1:\\d+, )\\d+$", "$1H"},
      // endpoint status, simple format: version, db size, leader, learner, term, index, applied
      {"^(http\\S+, (?:[0-9a-f]+|<ID\\d+>), )[0-9.]+, [0-9.]+ [kMG]?B, (true|false), (true|false), \\d+, \\d+, \\d+, ",
          "$1V, S, $2, $3, N, N, N, "},
      // etcdctl's "Member %16x added": space padding depends on the random ID's leading zeros
      {"Member +<ID", "Member <ID"},
      {"remaining\\(\\d+s\\)", "remaining(Rs)"},
      // capnslog lines (etcd's pkg/flags warnings about ETCDCTL_ variables) start with local time
      {"^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6} ([CEWIND]) \\| ", "T $1 | "},
      {"endpoint://client-[0-9a-f-]+/", "endpoint://client-X/"},
  };

  private TranscriptNormalizer() {}

  public static String normalize(String transcript, Set<String> stableHexIds) {
    return normalize(transcript, stableHexIds, false);
  }

  /**
   * Normalises a transcript; {@code sortTableRows} also sorts each table's data rows, for
   * transcripts where members are named by role and so no longer sort by ID.
   */
  public static String normalize(String transcript, Set<String> stableHexIds, boolean sortTableRows) {
    String s = numberLeaseIds(transcript, stableHexIds);
    for (String[] r : REPLACEMENTS) {
      s = Pattern.compile(r[0], Pattern.MULTILINE).matcher(s).replaceAll(r[1]);
    }
    s = normalizeTables(s);
    return sortTableRows ? sortTableRows(s) : s;
  }

  private static String sortTableRows(String s) {
    List<String> out = new ArrayList<>();
    List<String> rows = new ArrayList<>();
    int bordersSeen = 0;
    for (String line : s.split("\n", -1)) {
      if (line.equals("+--+")) {
        bordersSeen++;
        rows.sort(null);
        out.addAll(rows);
        rows.clear();
        out.add(line);
        continue;
      }
      if (line.startsWith("| ") && bordersSeen % 3 == 2) {
        rows.add(line);
        continue;
      }
      if (!line.startsWith("| ")) {
        bordersSeen = 0;
      }
      out.add(line);
    }
    return String.join("\n", out);
  }

  /** Gives every lease ID a number by first appearance, whether printed in hex or in decimal. */
  private static String numberLeaseIds(String s, Set<String> stable) {
    Map<Long, Integer> order = new LinkedHashMap<>();
    List<int[]> spans = new ArrayList<>();
    List<Long> values = new ArrayList<>();
    Matcher m = HEX_ID.matcher(s);
    while (m.find()) {
      if (!stable.contains(String.format("%016x", Long.parseUnsignedLong(m.group(), 16)))) {
        spans.add(new int[] {m.start(), m.end()});
        values.add(Long.parseUnsignedLong(m.group(), 16));
      }
    }
    m = DEC_ID.matcher(s);
    while (m.find()) {
      long v = Long.parseUnsignedLong(m.group(2));
      if (!stable.contains(String.format("%016x", v))) {
        spans.add(new int[] {m.start(2), m.end(2)});
        values.add(v);
      }
    }
    Integer[] idx = new Integer[spans.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(idx, (a, b) -> Integer.compare(spans.get(a)[0], spans.get(b)[0]));
    for (Integer i : idx) {
      order.putIfAbsent(values.get(i), order.size());
    }
    StringBuilder out = new StringBuilder();
    int pos = 0;
    for (Integer i : idx) {
      int[] sp = spans.get(i);
      if (sp[0] < pos) {
        continue;
      }
      out.append(s, pos, sp[0]).append("<ID").append(order.get(values.get(i))).append('>');
      pos = sp[1];
    }
    return out.append(s.substring(pos)).toString();
  }

  /** Table borders depend on cell widths; compare cells, and blank the volatile columns. */
  private static String normalizeTables(String s) {
    StringBuilder out = new StringBuilder();
    List<String> header = null;
    for (String line : s.split("\n", -1)) {
      if (line.startsWith("+-")) {
        out.append("+--+\n");
        continue;
      }
      if (line.startsWith("|") && line.endsWith("|")) {
        String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
        List<String> trimmed = new ArrayList<>();
        for (String c : cells) {
          trimmed.add(c.trim());
        }
        if (header == null || trimmed.equals(header) || isHeader(trimmed)) {
          header = trimmed;
        } else {
          for (int i = 0; i < trimmed.size() && i < header.size(); i++) {
            if (TABLE_VOLATILE.contains(header.get(i))) {
              trimmed.set(i, "*");
            }
          }
        }
        out.append("| ").append(String.join(" | ", trimmed)).append(" |\n");
        continue;
      }
      header = null;
      out.append(line).append('\n');
    }
    return out.toString();
  }

  private static boolean isHeader(List<String> cells) {
    return cells.stream().allMatch(c -> c.equals(c.toUpperCase()) && !c.isEmpty());
  }
}
