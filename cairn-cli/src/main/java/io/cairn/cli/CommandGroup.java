package io.cairn.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * A cobra command that only groups subcommands (lease, member, ...): it is not Runnable, so cobra
 * prints its help and exits 0 when it is run alone or with a word that names none of its subcommands.
 */
abstract class CommandGroup implements Runnable {
  @Spec CommandSpec spec;

  /** Words that named no subcommand: cobra hands them to the group, which ignores them. */
  @Parameters(hidden = true) List<String> ignored = new ArrayList<>();

  @Override
  public final void run() {
    Main.ctl().out().print(CobraUsage.render(spec));
  }
}
