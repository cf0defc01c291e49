package io.cairn.cli.print;

import io.cairn.api.Member;
import io.cairn.api.MemberListResponse;
import io.cairn.api.StatusResponse;
import java.util.ArrayList;
import java.util.List;

/** The header and rows etcdctl builds for list-like output (printer.go's make*Table). */
final class Tables {
  static final List<String> MEMBER_HEADER =
      List.of("ID", "Status", "Name", "Peer Addrs", "Client Addrs", "Is Learner");
  static final List<String> HEALTH_HEADER = List.of("endpoint", "health", "took", "error");
  static final List<String> STATUS_HEADER = List.of("endpoint", "ID", "version", "db size",
      "is leader", "is learner", "raft term", "raft index", "raft applied index", "errors");
  static final List<String> HASH_HEADER = List.of("endpoint", "hash");
  static final List<String> DB_STATUS_HEADER = List.of("hash", "revision", "total keys", "total size");

  private Tables() {}

  static List<List<String>> memberListRows(MemberListResponse r) {
    List<List<String>> rows = new ArrayList<>();
    for (Member m : r.getMembersList()) {
      rows.add(List.of(GoFormat.hex(m.getID()), m.getName().isEmpty() ? "unstarted" : "started",
          m.getName(), String.join(",", m.getPeerURLsList()), String.join(",", m.getClientURLsList()),
          Boolean.toString(m.getIsLearner())));
    }
    return rows;
  }

  static List<List<String>> healthRows(List<Printer.EndpointHealth> hs) {
    List<List<String>> rows = new ArrayList<>();
    for (Printer.EndpointHealth h : hs) {
      rows.add(List.of(h.endpoint(), Boolean.toString(h.health()), h.took(),
          h.error() == null ? "" : h.error()));
    }
    return rows;
  }

  static List<List<String>> endpointStatusRows(List<Printer.EndpointStatus> ss) {
    List<List<String>> rows = new ArrayList<>();
    for (Printer.EndpointStatus s : ss) {
      StatusResponse r = s.status();
      rows.add(List.of(s.endpoint(), GoFormat.hex(r.getHeader().getMemberId()), r.getVersion(),
          GoFormat.humanizeBytes(r.getDbSize()),
          Boolean.toString(r.getLeader() == r.getHeader().getMemberId()),
          Boolean.toString(r.getIsLearner()), GoFormat.unsigned(r.getRaftTerm()),
          GoFormat.unsigned(r.getRaftIndex()), GoFormat.unsigned(r.getRaftAppliedIndex()),
          String.join(", ", r.getErrorsList())));
    }
    return rows;
  }

  static List<List<String>> endpointHashRows(List<Printer.EndpointHash> hs) {
    List<List<String>> rows = new ArrayList<>();
    for (Printer.EndpointHash h : hs) {
      rows.add(List.of(h.endpoint(), Integer.toUnsignedString(h.hash().getHash())));
    }
    return rows;
  }

  static List<List<String>> dbStatusRows(io.cairn.cli.snapshot.SnapshotStatus s) {
    return List.of(List.of(Integer.toHexString(s.hash()), Long.toString(s.revision()),
        Long.toString(s.totalKey()), GoFormat.humanizeBytes(s.totalSize())));
  }

  /** olekukonko/tablewriter's default rendering with right-aligned cells and centred titles. */
  static String render(List<String> header, List<List<String>> rows) {
    int n = header.size();
    int[] w = new int[n];
    List<String> titles = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String t = header.get(i).replace('_', ' ').trim().toUpperCase(java.util.Locale.ROOT);
      titles.add(t);
      w[i] = width(t);
    }
    for (List<String> row : rows) {
      for (int i = 0; i < n; i++) {
        w[i] = Math.max(w[i], width(row.get(i)));
      }
    }
    StringBuilder border = new StringBuilder("+");
    for (int i = 0; i < n; i++) {
      border.append("-".repeat(w[i] + 2)).append('+');
    }
    StringBuilder sb = new StringBuilder();
    sb.append(border).append('\n').append('|');
    for (int i = 0; i < n; i++) {
      int gap = w[i] - width(titles.get(i));
      int left = gap / 2;
      sb.append(' ').append(" ".repeat(left)).append(titles.get(i)).append(" ".repeat(gap - left))
          .append(" |");
    }
    sb.append('\n').append(border).append('\n');
    for (List<String> row : rows) {
      sb.append('|');
      for (int i = 0; i < n; i++) {
        String c = row.get(i);
        sb.append(' ').append(" ".repeat(w[i] - width(c))).append(c).append(" |");
      }
      sb.append('\n');
    }
    sb.append(border).append('\n');
    return sb.toString();
  }

  private static int width(String s) {
    return s.codePointCount(0, s.length());
  }
}
