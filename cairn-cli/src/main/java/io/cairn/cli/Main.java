package io.cairn.cli;

import io.cairn.cli.client.Errors;
import io.cairn.cli.print.Out;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** cairnctl's entry point: etcdctl 3.4's v3 command tree. */
@Command(name = "etcdctl", subcommands = {
    GetCommand.class, PutCommand.class, DelCommand.class, TxnCommand.class,
    CompactionCommand.class, WatchCommand.class, LeaseCommand.class, MemberCommand.class,
    EndpointCommand.class, AlarmCommand.class, DefragCommand.class, SnapshotCommand.class,
    MoveLeaderCommand.class, VersionCommand.class})
public final class Main implements Callable<Integer> {
  /** The invocation's settings; commands reach it through {@link #ctl()}. */
  private static Ctl ctl;

  static Ctl ctl() {
    return ctl;
  }

  @Option(names = "--endpoints", scope = ScopeType.INHERIT, description = "gRPC endpoints")
  void endpoints(String eps) {
    ctl.endpoints(Arrays.asList(eps.split(",")));
  }

  @Option(names = "--dial-timeout", scope = ScopeType.INHERIT)
  void dialTimeout(String d) {
    ctl.dialTimeout(d);
  }

  @Option(names = "--command-timeout", scope = ScopeType.INHERIT)
  void commandTimeout(String d) {
    ctl.commandTimeout(d);
  }

  @Option(names = {"-w", "--write-out"}, scope = ScopeType.INHERIT)
  void writeOut(String w) {
    ctl.writeOut(w);
  }

  @Option(names = "--hex", scope = ScopeType.INHERIT, arity = "0..1", fallbackValue = "true")
  void hex(boolean h) {
    ctl.hex(h);
  }

  @Option(names = {"--debug", "--insecure-transport", "--insecure-skip-tls-verify",
      "--insecure-discovery"}, scope = ScopeType.INHERIT, arity = "0..1", fallbackValue = "true",
      description = "accepted for compatibility")
  void ignoredBool(boolean b) {}

  @Option(names = {"--keepalive-time", "--keepalive-timeout", "--user", "--password", "--cacert",
      "--cert", "--key", "--discovery-srv-name"}, scope = ScopeType.INHERIT,
      description = "accepted for compatibility")
  void ignoredString(String s) {}

  @Override
  public Integer call() {
    ctl.out().print(new CommandLine(this).getUsageMessage());
    return 0;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), Out.system()));
  }

  /** Runs one invocation and returns its exit code. */
  public static int run(String[] args, java.util.Map<String, String> env, Out out) {
    ctl = new Ctl(env, out, List.of(args));
    String api = env.get("ETCDCTL_API");
    if (api != null && !api.equals("3")) {
      out.errln("Error: cairnctl implements only etcdctl's v3 API (ETCDCTL_API=3)");
      return ExitCodes.ERROR;
    }
    CommandLine cl = new CommandLine(new Main());
    cl.setExpandAtFiles(false);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
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
    int rc;
    try {
      rc = cl.execute(args);
    } catch (CtlException e) {
      rc = report(e, out);
    }
    ctl.close();
    return rc;
  }

  private static int fail(Exception ex, Out out) {
    if (ex instanceof CtlException ce) {
      return report(ce, out);
    }
    if (Errors.isGrpc(ex)) {
      out.errln("Error: " + Errors.message(ex));
      return ExitCodes.ERROR;
    }
    out.errln("Error: " + ex);
    return ExitCodes.ERROR;
  }

  static int report(CtlException e, Out out) {
    if (e.getMessage() != null) {
      out.errln("Error: " + e.getMessage());
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
    return ex.getMessage();
  }
}
