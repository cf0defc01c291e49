package io.cairn.cli;

import io.cairn.cli.print.GoFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * cobra's lookup of etcdctl's top-level command: an exact name, else a unique prefix of one
 * ({@code cobra.EnablePrefixMatching}, so {@code etcdctl ge foo} is {@code get foo}), else
 * "unknown command" with cobra's suggestions (Levenshtein distance at most 2, or a prefix).
 * Names are etcdctl 3.4.23's, including commands cairnctl lacks, so prefixes resolve and
 * suggestions read exactly as etcdctl's.
 */
final class RootCommandResolver {
  /**
   * etcdctl 3.4.23's root commands in the order it adds them, which is the order of cobra's
   * suggestions; cobra adds help and completion last ("help" is never suggested).
   */
  static final List<String> ETCDCTL_COMMANDS = List.of("get", "put", "del", "txn", "compaction",
      "alarm", "defrag", "endpoint", "move-leader", "watch", "version", "lease", "member",
      "snapshot", "make-mirror", "migrate", "lock", "elect", "auth", "user", "role", "check",
      "help", "completion");
  /**
   * Global flags that take no value (cobra's NoOptDefVal), so the next argument is not theirs. Not
   * {@code --help}/{@code -h}: cobra adds them to a command only once it is found, so before the
   * command word they swallow it ({@code etcdctl --help get} prints the root's help).
   */
  private static final Set<String> BOOL_FLAGS = Set.of("--debug", "--hex", "--insecure-transport",
      "--insecure-discovery", "--insecure-skip-tls-verify");

  private RootCommandResolver() {}

  /** The failure to report instead of running, carrying cobra's error text. */
  static final class UnknownCommand extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownCommand(String message) {
      super(message, null, false, false);
    }
  }

  /** The arguments with the command word completed; {@code command} is null when there is none. */
  record Resolved(String[] args, String command, int commandIndex) {}

  /** etcdctl's command named by {@code typed} exactly or as a unique prefix, else null. */
  static String complete(String typed) {
    if (ETCDCTL_COMMANDS.contains(typed)) {
      return typed;
    }
    List<String> byPrefix = ETCDCTL_COMMANDS.stream().filter(c -> c.startsWith(typed)).toList();
    return byPrefix.size() == 1 ? byPrefix.get(0) : null;
  }

  /**
   * The arguments with the command word completed from its prefix.
   *
   * @throws UnknownCommand when the word names no command
   */
  static Resolved resolve(String[] args) {
    int i = commandIndex(args);
    if (i < 0) {
      return new Resolved(args, null, -1);
    }
    String typed = args[i];
    String command = complete(typed);
    if (command != null) {
      String[] resolved = args.clone();
      resolved[i] = command;
      return new Resolved(resolved, command, i);
    }
    throw new UnknownCommand("unknown command " + GoFormat.quote(typed) + " for \"etcdctl\""
        + suggestions(typed));
  }

  /** cobra's stripFlags: the first argument that is neither a flag nor a flag's value. */
  private static int commandIndex(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String s = args[i];
      if (s.equals("--")) {
        return -1;
      }
      boolean longWithValue = s.startsWith("--") && !s.contains("=") && !BOOL_FLAGS.contains(s);
      boolean shortWithValue = !s.startsWith("--") && s.startsWith("-") && s.length() == 2
          && !BOOL_FLAGS.contains(s);
      if (longWithValue || shortWithValue) {
        i++; // the flag's value
        continue;
      }
      if (!s.isEmpty() && !s.startsWith("-")) {
        return i;
      }
    }
    return -1;
  }

  private static String suggestions(String typed) {
    List<String> found = new ArrayList<>();
    for (String c : ETCDCTL_COMMANDS) {
      if (c.equals("help")) {
        continue;
      }
      if (distance(typed.toLowerCase(Locale.ROOT), c) <= 2
          || c.startsWith(typed.toLowerCase(Locale.ROOT))) {
        found.add(c);
      }
    }
    if (found.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("\n\nDid you mean this?\n");
    found.forEach(c -> sb.append('\t').append(c).append('\n'));
    return sb.toString();
  }

  /** Levenshtein distance, as cobra's ld. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int[] cur = new int[b.length() + 1];
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      prev = cur;
    }
    return prev[b.length()];
  }
}
