package io.cairn.cli;

import io.cairn.cli.print.GoFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * etcdctl's help and usage text (cobra with etcdctl's template, ctlv3/help.go), rendered from the
 * picocli command model: printed for {@code --help}, {@code help <command>}, a command group run
 * without its subcommand, and on stdout after a bad flag.
 *
 * <p>How the model maps onto cobra's command fields:
 * <ul>
 *   <li>{@code description[0]} is cobra's Short, the remaining lines (if any) its Long;</li>
 *   <li>{@code customSynopsis[0]} is cobra's Use (the command name when absent);</li>
 *   <li>{@code abbreviateSynopsis = true} is cobra's DisableFlagsInUseLine (no " [flags]");</li>
 *   <li>a command is Runnable when it has no subcommands (groups only print this help);</li>
 *   <li>an option's description is its usage; its default is {@code defaultValue} or the type's zero
 *       value; {@code arity = "0..1"} is pflag's NoOptDefVal, shown as {@code [=default]}.</li>
 * </ul>
 */
final class CobraUsage {
  private record Flag(String shorthand, String name, String def, boolean noOptDefault, boolean quoted,
      String usage) {
    /** etcdFlagUsages' format: "  -s, --name" or "      --name", then the default. */
    String line() {
      String s = shorthand.isEmpty() ? "      --" + name : "  -" + shorthand + ", --" + name;
      String v = quoted ? "=" + GoFormat.quote(def) : "=" + def;
      return s + (noOptDefault ? "[" + v + "]" : v) + "\t" + usage + "\n";
    }
  }

  /**
   * etcdctl's persistent root flags with their built-in defaults; cairnctl's root options carry no
   * defaults because they are setters that record which flags were given.
   */
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

  /** The full text for {@code spec}, as etcdctl's usageFunc writes it through its tabwriter. */
  static String render(CommandSpec spec) {
    return render(spec, true);
  }

  /**
   * The text without the {@code -h, --help} line when cobra has not yet added that flag to the
   * command: only the command being run gets it, so the root's usage printed for an unknown help
   * topic lacks it.
   */
  static String render(CommandSpec spec, boolean helpFlag) {
    boolean root = spec.parent() == null;
    boolean group = !spec.subcommands().isEmpty();
    StringBuilder sb = new StringBuilder();
    sb.append("NAME:\n\t").append(path(spec, spec.root())).append(" - ").append(shortText(spec)).append("\n");
    sb.append("\nUSAGE:\n\t").append(useLine(spec)).append("\n");
    if (root) {
      sb.append("\nVERSION:\n\t").append(VersionCommand.ETCDCTL_VERSION).append("\n");
    }
    if (group) {
      sb.append("\nAPI VERSION:\n\t").append(VersionCommand.API_VERSION).append("\n");
      sb.append("\n\nCOMMANDS:\n");
      for (CommandSpec sub : descendants(spec)) {
        if (sub.subcommands().isEmpty()) {
          sb.append('\t').append(path(sub, spec)).append('\t').append(shortText(sub)).append('\n');
        }
      }
    }
    List<String> longText = longText(spec);
    if (!longText.isEmpty()) {
      sb.append("\nDESCRIPTION:\n");
      longText.forEach(line -> sb.append('\t').append(line).append('\n'));
    }
    List<Flag> local = root ? GLOBAL : localFlags(spec);
    sb.append("\nOPTIONS:\n").append(flags(helpFlag ? withHelp(local, spec)
        : local.stream().filter(f -> !f.name().equals("help")).toList()));
    if (!root) {
      List<Flag> global = new ArrayList<>(GLOBAL);
      global.addAll(inheritedFlags(spec));
      sb.append("\nGLOBAL OPTIONS:\n").append(flags(global));
    }
    sb.append("\n");
    return GoTabwriter.format(sb.toString());
  }

  /** cmdName: the names from below {@code start} down to {@code spec}. */
  private static String path(CommandSpec spec, CommandSpec start) {
    List<String> parts = new ArrayList<>();
    for (CommandSpec c = spec; c != null && c != start; c = c.parent()) {
      parts.add(0, c.name());
    }
    return parts.isEmpty() ? spec.name() : String.join(" ", parts);
  }

  /** cobra's CommandPath: every name from the root down. */
  private static String commandPath(CommandSpec spec) {
    return spec.parent() == null ? spec.name() : commandPath(spec.parent()) + " " + spec.name();
  }

  private static String shortText(CommandSpec spec) {
    String[] desc = spec.usageMessage().description();
    return desc.length > 0 ? desc[0] : "";
  }

  /** cobra's Long through etcdctl's descToLines: trimmed of blank edges, one entry per line. */
  private static List<String> longText(CommandSpec spec) {
    String[] desc = spec.usageMessage().description();
    if (desc.length < 2) {
      return List.of();
    }
    String text = String.join("\n", Arrays.asList(desc).subList(1, desc.length));
    return List.of(text.replaceAll("^[\n\t ]+|[\n\t ]+$", "").split("\n", -1));
  }

  /** cobra's UseLine: the parents' path, then Use, then " [flags]" unless disabled. */
  private static String useLine(CommandSpec spec) {
    String[] synopsis = spec.usageMessage().customSynopsis();
    String use = synopsis.length > 0 ? synopsis[0] : spec.name();
    String line = spec.parent() == null ? use : commandPath(spec.parent()) + " " + use;
    if (spec.usageMessage().abbreviateSynopsis() || line.contains("[flags]")) {
      return line;
    }
    return line + " [flags]";
  }

  /** The command and all its descendants, each level in name order (getSubCommands). */
  private static List<CommandSpec> descendants(CommandSpec spec) {
    List<CommandSpec> out = new ArrayList<>();
    spec.subcommands().values().stream().map(c -> c.getCommandSpec()).distinct()
        .sorted(Comparator.comparing(CommandSpec::name)).forEach(sub -> {
          out.add(sub);
          out.addAll(descendants(sub));
        });
    return out;
  }

  private static List<Flag> withHelp(List<Flag> flags, CommandSpec spec) {
    List<Flag> out = new ArrayList<>(flags);
    if (out.stream().noneMatch(f -> f.name().equals("help"))) {
      out.add(new Flag("h", "help", "false", true, false, "help for " + spec.name()));
    }
    return out;
  }

  private static List<Flag> localFlags(CommandSpec spec) {
    return spec.options().stream().filter(o -> !o.inherited()).map(CobraUsage::flag).toList();
  }

  /** Persistent flags of the command's ancestors below the root (the root's are {@link #GLOBAL}). */
  private static List<Flag> inheritedFlags(CommandSpec spec) {
    CommandSpec root = spec.root();
    return spec.options().stream()
        .filter(o -> o.inherited() && root.findOption(o.longestName()) == null)
        .map(CobraUsage::flag).toList();
  }

  private static Flag flag(OptionSpec o) {
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
    boolean noOptDefault = bool || "0..1".equals(o.arity().toString());
    String usage = o.description().length > 0 ? o.description()[0] : "";
    return new Flag(shorthand, name, def, noOptDefault, str, usage);
  }

  /** pflag's VisitAll order: sorted by name. */
  private static String flags(List<Flag> flags) {
    StringBuilder sb = new StringBuilder();
    flags.stream().sorted(Comparator.comparing(Flag::name)).forEach(f -> sb.append(f.line()));
    return sb.toString();
  }
}
