package io.cairn.cli;

import io.cairn.cli.client.Errors;
import io.cairn.cli.print.GoFormat;
import io.cairn.cli.print.Out;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** cairnctl's entry point: etcdctl 3.4's v3 command tree. */
@Command(name = "etcdctl", description = "A simple command line client for etcd3.")
public final class Main implements Callable<Integer> {
  /** The root's commands, in the order picocli lists them; see {@link #commandLine}. */
  private static final List<Class<?>> COMMANDS = List.of(
      GetCommand.class, PutCommand.class, DelCommand.class, TxnCommand.class,
      CompactionCommand.class, WatchCommand.class, LeaseCommand.class, MemberCommand.class,
      EndpointCommand.class, AlarmCommand.class, DefragCommand.class, SnapshotCommand.class,
      MoveLeaderCommand.class, VersionCommand.class, MakeMirrorCommand.class,
      CompletionCommand.class, AuthCommand.class, UserCommand.class, RoleCommand.class,
      LockCommand.class, ElectCommand.class, CheckCommand.class, HelpCommand.class);
  /** The commands that read the whole tree: the root's usage, help topics, completion scripts. */
  private static final java.util.Set<String> WHOLE_TREE = java.util.Set.of("help", "completion");

  /** The invocation's settings; commands reach it through {@link #ctl()}. */
  private static Ctl ctl;

  /** The command cobra's Find reaches: the one whose help {@code --help} prints. */
  private static CommandLine.Model.CommandSpec found;

  @picocli.CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Words after {@code --help} before any command: cobra's root takes and ignores them. */
  @picocli.CommandLine.Parameters(hidden = true) List<String> ignored = new java.util.ArrayList<>();

  static Ctl ctl() {
    return ctl;
  }

  @Option(names = "--endpoints", scope = ScopeType.INHERIT, description = "gRPC endpoints")
  void endpoints(String eps) {
    ctl.flagGiven("endpoints");
    // pflag's string slice: comma separated, each endpoint trimmed by etcdctl
    ctl.endpoints(Arrays.stream(eps.split(",", -1)).map(String::trim).toList());
  }

  @Option(names = "--dial-timeout", scope = ScopeType.INHERIT)
  void dialTimeout(String d) {
    ctl.flagGiven("dial-timeout");
    ctl.checkDuration("dial-timeout", d);
    ctl.dialTimeout(d);
  }

  @Option(names = "--command-timeout", scope = ScopeType.INHERIT)
  void commandTimeout(String d) {
    ctl.flagGiven("command-timeout");
    ctl.checkDuration("command-timeout", d);
    ctl.commandTimeout(d);
  }

  @Option(names = "--keepalive-time", scope = ScopeType.INHERIT)
  void keepaliveTime(String d) {
    ctl.flagGiven("keepalive-time");
    ctl.checkDuration("keepalive-time", d);
    ctl.keepaliveTime(d);
  }

  @Option(names = "--keepalive-timeout", scope = ScopeType.INHERIT)
  void keepaliveTimeout(String d) {
    ctl.flagGiven("keepalive-timeout");
    ctl.checkDuration("keepalive-timeout", d);
    ctl.keepaliveTimeout(d);
  }

  @Option(names = {"-w", "--write-out"}, scope = ScopeType.INHERIT)
  void writeOut(String w) {
    ctl.flagGiven("write-out");
    ctl.writeOut(w);
  }

  @Option(names = "--hex", scope = ScopeType.INHERIT, arity = "0..1", fallbackValue = "true")
  void hex(boolean h) {
    ctl.flagGiven("hex");
    ctl.hex(h);
  }

  @Option(names = "--cert", scope = ScopeType.INHERIT)
  void cert(String file) {
    ctl.flagGiven("cert");
    ctl.cert(file);
  }

  @Option(names = "--key", scope = ScopeType.INHERIT)
  void key(String file) {
    ctl.flagGiven("key");
    ctl.key(file);
  }

  @Option(names = "--cacert", scope = ScopeType.INHERIT)
  void cacert(String file) {
    ctl.flagGiven("cacert");
    ctl.cacert(file);
  }

  @Option(names = "--insecure-transport", scope = ScopeType.INHERIT, arity = "0..1", fallbackValue = "true")
  void insecureTransport(boolean b) {
    ctl.flagGiven("insecure-transport");
    ctl.insecureTransport(b);
  }

  @Option(names = "--insecure-skip-tls-verify", scope = ScopeType.INHERIT, arity = "0..1", fallbackValue = "true")
  void insecureSkipTlsVerify(boolean b) {
    ctl.flagGiven("insecure-skip-tls-verify");
    ctl.insecureSkipTlsVerify(b);
  }

  @Option(names = {"-d", "--discovery-srv"}, scope = ScopeType.INHERIT)
  void discoverySrv(String domain) {
    ctl.flagGiven("discovery-srv");
    ctl.discoverySrv(domain);
  }

  @Option(names = "--discovery-srv-name", scope = ScopeType.INHERIT)
  void discoverySrvName(String name) {
    ctl.flagGiven("discovery-srv-name");
    ctl.discoverySrvName(name);
  }

  @Option(names = "--insecure-discovery", scope = ScopeType.INHERIT, arity = "0..1", fallbackValue = "true")
  void insecureDiscovery(boolean b) {
    ctl.flagGiven("insecure-discovery");
    ctl.insecureDiscovery(b);
  }

  @Option(names = "--debug", scope = ScopeType.INHERIT, arity = "0..1", fallbackValue = "true")
  void debug(boolean b) {
    ctl.flagGiven("debug");
    ctl.debug(b);
  }


  @Option(names = "--user", scope = ScopeType.INHERIT,
      description = "username[:password] for authentication (prompt if password is not supplied)")
  void user(String s) {
    ctl.flagGiven("user");
    ctl.user(s);
  }

  @Option(names = "--password", scope = ScopeType.INHERIT,
      description = "password for authentication (if this option is used, --user option shouldn't include password)")
  void password(String s) {
    ctl.flagGiven("password");
    ctl.password(s);
  }


  @Override
  public Integer call() {
    ctl.out().print(CobraUsage.render(spec));
    return 0;
  }

  public static void main(String[] args) {
    quietLibraries();
    System.exit(run(args, ProcessEnvironment.inOrder(), Out.system()));
  }

  /**
   * grpc-java and Netty report through java.util.logging, whose console handler would add lines
   * to stderr that etcdctl does not print (a missing hardware address in a container or network
   * namespace, TLS handshake failures reaching the end of the pipeline): cairnctl writes only what
   * etcdctl writes.
   */
  private static void quietLibraries() {
    java.util.logging.LogManager.getLogManager().reset();
  }

  /** Runs one invocation and returns its exit code. */
  public static int run(String[] args, java.util.Map<String, String> env, Out out) {
    ctl = new Ctl(env, out, List.of(args));
    String api = env.get("ETCDCTL_API");
    if (api != null && !api.equals("3")) {
      out.errln("Error: cairnctl implements only etcdctl's v3 API (ETCDCTL_API=3)");
      return ExitCodes.ERROR;
    }
    RootCommandResolver.Resolved resolved;
    try {
      resolved = RootCommandResolver.resolve(args);
    } catch (RootCommandResolver.UnknownCommand e) {
      // cobra reports it with a hint, then etcdctl reports it again
      out.errln("Error: " + e.getMessage());
      out.errln("Run 'etcdctl --help' for usage.");
      out.errln("Error: " + e.getMessage());
      return ExitCodes.ERROR;
    }
    CommandLine cl = commandLine(resolved.command());
    if (resolved.command() != null && !cl.getSubcommands().containsKey(resolved.command())) {
      out.errln("Error: cairnctl does not implement etcdctl's " + GoFormat.quote(resolved.command())
          + " command");
      return ExitCodes.ERROR;
    }
    addHelpFlags(cl);
    SubcommandFinder.Found path = resolved.command() == null
        ? new SubcommandFinder.Found(cl.getCommandSpec(), List.of(resolved.args()))
        : SubcommandFinder.find(cl.getSubcommands().get(resolved.command()).getCommandSpec(),
            List.of(resolved.args()), resolved.commandIndex() + 1);
    found = path.command();
    // descriptions are etcdctl's words verbatim, ${...} included
    cl.setInterpolateVariables(false);
    cl.setExpandAtFiles(false);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    // pflag takes a flag's value whatever it reads like; picocli would refuse a command's name
    cl.setAllowSubcommandsAsOptionParameters(true);
    cl.setParameterExceptionHandler((ex, a) -> {
      // cobra reports the flag error, prints the usage, then etcdctl reports it again
      String msg = "Error: " + cobraMessage(ex);
      out.errln(msg);
      if (ex.getCommandLine().getCommandSpec().parent() != null) {
        out.print(CobraUsage.render(ex.getCommandLine().getCommandSpec()));
      }
      out.errln("");
      out.errln(msg);
      return ExitCodes.ERROR;
    });
    cl.setExecutionExceptionHandler((ex, c, p) -> fail(ex, out));
    cl.setExecutionStrategy(Main::executeAfterFlagChecks);
    int rc;
    try {
      rc = cl.execute(path.args().toArray(String[]::new));
    } catch (CtlException e) {
      rc = report(e, out);
    }
    ctl.close();
    return rc;
  }

  /**
   * The command tree an invocation needs: one command's subtree when it names one, else the whole
   * tree. Picocli reads every command class's annotations when it builds a tree, and building all
   * 23 took about a third of a {@code get}'s time (a scripted loop pays it at every call).
   */
  private static CommandLine commandLine(String command) {
    CommandLine cl = new CommandLine(new Main());
    boolean whole = command == null || WHOLE_TREE.contains(command);
    for (Class<?> c : COMMANDS) {
      if (whole || c.getAnnotation(Command.class).name().equals(command)) {
        cl.addSubcommand(c);
      }
    }
    return cl;
  }

  /**
   * pflag rejects a bad flag value while parsing, before the command runs; picocli calls the
   * setters first, so the first bad value is reported here as the same parse error.
   */
  private static int executeAfterFlagChecks(CommandLine.ParseResult parsed) {
    if (ctl.flagError() != null) {
      throw new CommandLine.ParameterException(last(parsed).commandSpec().commandLine(), ctl.flagError());
    }
    ctl.command(parsed.subcommand() == null ? "" : parsed.subcommand().commandSpec().name());
    for (CommandLine.ParseResult level = parsed; level != null; level = level.subcommand()) {
      if (level.isUsageHelpRequested()) {
        ctl.out().print(CobraUsage.render(found));
        return 0;
      }
    }
    return new CommandLine.RunLast().execute(parsed);
  }

  private static CommandLine.ParseResult last(CommandLine.ParseResult parsed) {
    CommandLine.ParseResult last = parsed;
    while (last.subcommand() != null) {
      last = last.subcommand();
    }
    return last;
  }

  /** cobra gives every command its own {@code -h, --help} ("help for NAME"). */
  private static void addHelpFlags(CommandLine cl) {
    CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
    spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
        .description("help for " + spec.name()).build());
    cl.getSubcommands().values().forEach(Main::addHelpFlags);
  }

  private static int fail(Exception ex, Out out) {
    if (ex instanceof CtlException ce) {
      return report(ce, out);
    }
    if (Errors.isGrpc(ex)) {
      out.errln("Error: " + Errors.message(ex));
      ErrorHints.print(Errors.message(ex), out);
      return ExitCodes.ERROR;
    }
    out.errln("Error: " + ex);
    return ExitCodes.ERROR;
  }

  static int report(CtlException e, Out out) {
    if (e.getMessage() != null) {
      out.errln("Error: " + e.getMessage());
      ErrorHints.print(e.getMessage(), out);
    }
    return e.exitCode();
  }

  /** cobra's wording for flag errors. */
  static String cobraMessage(CommandLine.ParameterException ex) {
    if (ex instanceof CommandLine.UnmatchedArgumentException u) {
      List<String> un = u.getUnmatched();
      if (!un.isEmpty() && un.get(0).startsWith("--")) {
        return "unknown flag: " + un.get(0).split("=", 2)[0];
      }
      if (!un.isEmpty() && un.get(0).startsWith("-")) {
        return "unknown shorthand flag: '" + un.get(0).charAt(1) + "' in " + un.get(0);
      }
    }
    Matcher missing = PICOCLI_MISSING_VALUE.matcher(String.valueOf(ex.getMessage()));
    if (missing.matches()) {
      return "flag needs an argument: " + missing.group(1);
    }
    Matcher bad = PICOCLI_BAD_VALUE.matcher(String.valueOf(ex.getMessage()));
    if (bad.matches()) {
      String parser = bad.group(3).equals("boolean") ? "strconv.ParseBool" : "strconv.ParseInt";
      return "invalid argument " + GoFormat.quote(bad.group(2)) + " for \""
          + pflagName(ex.getCommandLine().getCommandSpec(), bad.group(1)) + "\" flag: " + parser + ": parsing " + GoFormat.quote(bad.group(2)) + ": invalid syntax";
    }
    return ex.getMessage();
  }

  /** pflag names a flag with a shorthand by both: "-l, --listen". */
  private static String pflagName(CommandLine.Model.CommandSpec spec, String longName) {
    CommandLine.Model.OptionSpec option = spec.findOption(longName);
    if (option != null) {
      for (String name : option.names()) {
        if (name.length() == 2) {
          return name + ", " + longName;
        }
      }
    }
    return longName;
  }

  /** picocli's error for a flag given last without its value. */
  private static final Pattern PICOCLI_MISSING_VALUE =
      Pattern.compile("Missing required parameter for option '(--[\\w-]+)'.*");

  /** picocli's type conversion error, which pflag words as a failed strconv parse. */
  private static final Pattern PICOCLI_BAD_VALUE =
      Pattern.compile("Invalid value for option '(--[\\w-]+)': '(.*)' is not an? (long|int|boolean)");
}
