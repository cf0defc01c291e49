package io.cairn.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code completion bash|zsh}: prints a shell completion script for cairnctl's commands and flags
 * (picocli's generator). Not etcdctl 3.4's cobra script: cobra's completion relies on a hidden
 * {@code __complete} command that cairnctl does not have. The zsh script is the same one, which
 * loads itself through zsh's bashcompinit.
 */
@Command(name = "completion", description = "Generate the autocompletion script for the specified shell",
    subcommands = {CompletionCommand.Bash.class, CompletionCommand.Zsh.class})
public final class CompletionCommand implements Runnable {
  /** The command the script completes: the launcher's name. */
  static final String SCRIPT_NAME = "cairnctl";

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CtlException(ExitCodes.BAD_ARGS, "completion needs a shell: bash or zsh");
  }

  static String script(CommandLine.Model.CommandSpec completionSpec) {
    CommandLine root = completionSpec.root().commandLine();
    return AutoComplete.bash(SCRIPT_NAME, root);
  }

  @Command(name = "bash", description = "Generate the autocompletion script for bash")
  static final class Bash implements Runnable {
    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      Main.ctl().out().print(script(spec));
    }
  }

  @Command(name = "zsh", description = "Generate the autocompletion script for zsh")
  static final class Zsh implements Runnable {
    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      Main.ctl().out().print(script(spec));
    }
  }
}
