package io.cairn.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code completion bash|zsh}: prints a shell completion script for cairnctl's commands and flags
 * (picocli's generator). Not etcdctl 3.4's cobra script: cobra's completion relies on a hidden
 * {@code __complete} command that cairnctl does not have. The zsh script is the same one, which
 * loads itself through zsh's bashcompinit. Its help texts are cobra's; --no-descriptions is accepted
 * and changes nothing, picocli's script having no descriptions.
 */
@Command(name = "completion", description = {"Generate the autocompletion script for the specified shell",
    "Generate the autocompletion script for etcdctl for the specified shell.",
    "See each sub-command's help for details on how to use the generated script.", ""},
    subcommands = {CompletionCommand.Bash.class, CompletionCommand.Zsh.class})
public final class CompletionCommand extends CommandGroup {
  /** The command the script completes: the launcher's name. */
  static final String SCRIPT_NAME = "cairnctl";

  static String script(CommandLine.Model.CommandSpec completionSpec) {
    CommandLine root = completionSpec.root().commandLine();
    return AutoComplete.bash(SCRIPT_NAME, root);
  }

  // cobra's bash command disables [flags] in its usage line, the zsh one does not
  @Command(name = "bash", abbreviateSynopsis = true, description = {
      "Generate the autocompletion script for bash",
      "Generate the autocompletion script for the bash shell.",
      "",
      "This script depends on the 'bash-completion' package.",
      "If it is not installed already, you can install it via your OS's package manager.",
      "",
      "To load completions in your current shell session:",
      "",
      "\tsource <(etcdctl completion bash)",
      "",
      "To load completions for every new session, execute once:",
      "",
      "#### Linux:",
      "",
      "\tetcdctl completion bash > /etc/bash_completion.d/etcdctl",
      "",
      "#### macOS:",
      "",
      "\tetcdctl completion bash > $(brew --prefix)/etc/bash_completion.d/etcdctl",
      "",
      "You will need to start a new shell for this setup to take effect.", ""})
  static final class Bash implements Runnable {
    @Spec CommandLine.Model.CommandSpec spec;
    @Option(names = "--no-descriptions", arity = "0..1", fallbackValue = "true",
        description = "disable completion descriptions") boolean noDescriptions;

    @Override
    public void run() {
      Main.ctl().out().print(script(spec));
    }
  }

  @Command(name = "zsh", description = {
      "Generate the autocompletion script for zsh",
      "Generate the autocompletion script for the zsh shell.",
      "",
      "If shell completion is not already enabled in your environment you will need",
      "to enable it.  You can execute the following once:",
      "",
      "\techo \"autoload -U compinit; compinit\" >> ~/.zshrc",
      "",
      "To load completions in your current shell session:",
      "",
      "\tsource <(etcdctl completion zsh); compdef _etcdctl etcdctl",
      "",
      "To load completions for every new session, execute once:",
      "",
      "#### Linux:",
      "",
      "\tetcdctl completion zsh > \"${fpath[1]}/_etcdctl\"",
      "",
      "#### macOS:",
      "",
      "\tetcdctl completion zsh > $(brew --prefix)/share/zsh/site-functions/_etcdctl",
      "",
      "You will need to start a new shell for this setup to take effect.", ""})
  static final class Zsh implements Runnable {
    @Spec CommandLine.Model.CommandSpec spec;
    @Option(names = "--no-descriptions", arity = "0..1", fallbackValue = "true",
        description = "disable completion descriptions") boolean noDescriptions;

    @Override
    public void run() {
      Main.ctl().out().print(script(spec));
    }
  }
}
