package io.cairn.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * cobra's Find below the root command (with etcdctl's EnablePrefixMatching): from a command, the
 * next word that is not a flag names a subcommand exactly or by a unique prefix ({@code lease gr 10}
 * is {@code lease grant 10}); a word naming none stays an argument of the command reached.
 */
final class SubcommandFinder {
  private SubcommandFinder() {}

  /** The command reached and the arguments with each subcommand word completed. */
  record Found(CommandSpec command, List<String> args) {}

  /** Walks {@code args} from index {@code from} on, starting at {@code start}. */
  static Found find(CommandSpec start, List<String> args, int from) {
    List<String> out = new ArrayList<>(args);
    CommandSpec cmd = start;
    for (int i = from; i < out.size(); i++) {
      String word = out.get(i);
      if (word.equals("--")) {
        break;
      }
      if (word.startsWith("-")) {
        if (takesSeparateValue(cmd, word)) {
          i++;
        }
        continue;
      }
      CommandSpec next = next(cmd, word);
      if (next == null) {
        break;
      }
      out.set(i, next.name());
      cmd = next;
    }
    return new Found(cmd, out);
  }

  /** cobra's findNext: an exact name, else the only subcommand the word is a prefix of. */
  static CommandSpec next(CommandSpec cmd, String word) {
    List<CommandSpec> byPrefix = new ArrayList<>();
    for (var sub : cmd.subcommands().values()) {
      CommandSpec s = sub.getCommandSpec();
      if (s.name().equals(word)) {
        return s;
      }
      if (s.name().startsWith(word) && !byPrefix.contains(s)) {
        byPrefix.add(s);
      }
    }
    return byPrefix.size() == 1 ? byPrefix.get(0) : null;
  }

  /**
   * cobra's stripFlags: "--name" or "-x" without "=" takes the next word unless the flag is known to
   * need no value. The help flag is not known yet while cobra looks for the command (it adds it to
   * the command found), so {@code member --help list} shows member's help.
   */
  private static boolean takesSeparateValue(CommandSpec cmd, String word) {
    boolean shortFlag = !word.startsWith("--");
    if (word.contains("=") || shortFlag && word.length() != 2) {
      return false;
    }
    OptionSpec o = cmd.findOption(word);
    return o == null || o.usageHelp() || o.arity().min() > 0;
  }
}
