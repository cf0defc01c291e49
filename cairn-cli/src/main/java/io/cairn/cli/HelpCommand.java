package io.cairn.cli;

import io.cairn.cli.print.GoFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** cobra's default {@code help [command]}: the help of the command the words find. */
@Command(name = "help", customSynopsis = "help [command]", description = {"Help about any command",
    "Help provides help for any command in the application.",
    "Simply type etcdctl help [path to command] for full details."})
final class HelpCommand implements Runnable {
  @Spec CommandSpec spec;
  @Parameters List<String> topic = new ArrayList<>();

  @Override
  public void run() {
    CommandSpec root = spec.root();
    if (topic.isEmpty()) {
      Main.ctl().out().print(CobraUsage.render(root));
      return;
    }
    // cobra rejects an unknown word only at the root; below it the group reached is the topic
    String name = RootCommandResolver.complete(topic.get(0));
    CommandSpec first = name == null || !root.subcommands().containsKey(name) ? null
        : root.subcommands().get(name).getCommandSpec();
    if (first == null) {
      String words = topic.stream().map(HelpCommand::goQuoted).collect(Collectors.joining(" "));
      Main.ctl().out().errln("Unknown help topic [" + words + "]");
      Main.ctl().out().print(CobraUsage.render(root, false));
      return;
    }
    Main.ctl().out().print(CobraUsage.render(SubcommandFinder.find(first, topic, 1).command()));
  }

  /** Go's %#q: backquoted when it can be, else double-quoted. */
  private static String goQuoted(String s) {
    boolean backquotable = s.chars().allMatch(c -> c != '`' && (c >= 0x20 || c == '\t') && c != 0x7f)
        && !s.contains("\uFFFD");
    return backquotable ? "`" + s + "`" : GoFormat.quote(s);
  }
}
