package io.cairn.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The usage text etcdctl (cobra with etcdctl's template, ctlv3/help.go) prints on stdout for a bad
 * flag: name, usage line, local options and global options, aligned with tabs as Go's text/tabwriter
 * does (tab width 8, padding 1, tabs as padding).
 */
final class CobraUsage {
  private record Flag(String shorthand, String name, String def, boolean noOptDefault, boolean quoted,
      String usage) {
    String left() {
      String s = shorthand.isEmpty() ? "      --" + name : "  -" + shorthand + ", --" + name;
      String v = quoted ? "=" + io.cairn.cli.print.GoFormat.quote(def) : "=" + def;
      return s + (noOptDefault ? "[" + v + "]" : v);
    }
  }

  /** etcdctl's global flags with their built-in defaults. */
  private static final List<Flag> GLOBAL = List.of(
      new Flag("", "cacert", "", false, true, "verify certificates of TLS-enabled secure servers using this CA bundle"),
      new Flag("", "cert", "", false, true, "identify secure client using this TLS certificate file"),
      new Flag("", "command-timeout", "5s", false, false, "timeout for short running command (excluding dial timeout)"),
      new Flag("", "debug", "false", true, false, "enable client-side debug logging"),
      new Flag("", "dial-timeout", "2s", false, false, "dial timeout for client connections"),
      new Flag("d", "discovery-srv", "", false, true, "domain name to query for SRV records describing cluster endpoints"),
      new Flag("", "discovery-srv-name", "", false, true, "service name to query when using DNS discovery"),
      new Flag("", "endpoints", "[127.0.0.1:2379]", false, false, "gRPC endpoints"),
      new Flag("", "hex", "false", true, false, "print byte strings as hex encoded strings"),
      new Flag("", "insecure-discovery", "true", true, false, "accept insecure SRV records describing cluster endpoints"),
      new Flag("", "insecure-skip-tls-verify", "false", true, false,
          "skip server certificate verification (CAUTION: this option should be enabled only for testing purposes)"),
      new Flag("", "insecure-transport", "true", true, false, "disable transport security for client connections"),
      new Flag("", "keepalive-time", "2s", false, false, "keepalive time for client connections"),
      new Flag("", "keepalive-timeout", "6s", false, false, "keepalive timeout for client connections"),
      new Flag("", "key", "", false, true, "identify secure client using this TLS key file"),
      new Flag("", "password", "", false, true,
          "password for authentication (if this option is used, --user option shouldn't include password)"),
      new Flag("", "user", "", false, true, "username[:password] for authentication (prompt if password is not supplied)"),
      new Flag("w", "write-out", "simple", false, true, "set the output format (fields, json, protobuf, simple, table)"));

  private CobraUsage() {}

  static String render(CommandSpec spec) {
    List<String> path = new ArrayList<>();
    for (CommandSpec c = spec; c.parent() != null; c = c.parent()) {
      path.add(0, c.name());
    }
    String cmdName = String.join(" ", path);
    String[] synopsis = spec.usageMessage().customSynopsis();
    String use = synopsis.length > 0 ? synopsis[0] : spec.name();
    String parentPath = path.size() > 1 ? String.join(" ", path.subList(0, path.size() - 1)) + " " : "";
    String useLine = "etcdctl " + parentPath + use + (use.contains("[flags]") ? "" : " [flags]");
    String[] desc = spec.usageMessage().description();
    StringBuilder sb = new StringBuilder();
    sb.append("NAME:\n\t").append(cmdName).append(" - ").append(desc.length > 0 ? desc[0] : "").append("\n\n");
    sb.append("USAGE:\n\t").append(useLine).append("\n\n");
    sb.append("OPTIONS:\n").append(flags(localFlags(spec))).append("\n");
    sb.append("GLOBAL OPTIONS:\n").append(flags(GLOBAL)).append("\n");
    return tabwriter(sb.toString());
  }

  private static List<Flag> localFlags(CommandSpec spec) {
    List<Flag> out = new ArrayList<>();
    for (OptionSpec o : spec.options()) {
      if (o.inherited() || o.scopeType() == picocli.CommandLine.ScopeType.INHERIT && spec.parent() == null) {
        continue;
      }
      String name = "";
      String shorthand = "";
      for (String n : o.names()) {
        if (n.startsWith("--")) {
          name = n.substring(2);
        } else {
          shorthand = n.substring(1);
        }
      }
      boolean bool = o.type() == boolean.class || o.type() == Boolean.class;
      boolean str = o.type() == String.class;
      String def = o.defaultValue() != null ? o.defaultValue() : bool ? "false" : str ? "" : "0";
      String usage = o.description().length > 0 ? o.description()[0] : "";
      out.add(new Flag(shorthand, name, def, bool, str, usage));
    }
    out.add(new Flag("h", "help", "false", true, false, "help for " + spec.name()));
    out.sort(Comparator.comparing(Flag::name));
    return out;
  }

  private static String flags(List<Flag> flags) {
    StringBuilder sb = new StringBuilder();
    for (Flag f : flags) {
      sb.append(f.left()).append('\t').append(f.usage()).append('\n');
    }
    return sb.toString();
  }

  /**
   * Go's tabwriter for cells ended by a tab: within a block of consecutive lines that have such a
   * cell, the column is as wide as its widest cell plus one, rounded up to a tab stop, and each cell
   * is padded with as many tabs as reach it.
   */
  static String tabwriter(String text) {
    String[] lines = text.split("\n", -1);
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < lines.length) {
      if (!lines[i].contains("\t")) {
        out.append(lines[i]);
        if (i < lines.length - 1) {
          out.append('\n');
        }
        i++;
        continue;
      }
      int j = i;
      int width = 0;
      while (j < lines.length && lines[j].contains("\t")) {
        String cell = lines[j].substring(0, lines[j].indexOf('\t'));
        width = Math.max(width, cell.codePointCount(0, cell.length()) + 1);
        j++;
      }
      int cellw = (width + 7) / 8 * 8;
      for (int k = i; k < j; k++) {
        int tab = lines[k].indexOf('\t');
        String cell = lines[k].substring(0, tab);
        int n = cellw - cell.codePointCount(0, cell.length());
        out.append(cell).append("\t".repeat((n + 7) / 8)).append(lines[k].substring(tab + 1));
        if (k < lines.length - 1) {
          out.append('\n');
        }
      }
      i = j;
    }
    return out.toString();
  }
}
