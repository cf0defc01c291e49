package io.cairn.cli;

import io.cairn.cli.client.EtcdClient;
import io.cairn.cli.print.GoFormat;
import io.cairn.cli.print.Out;
import io.cairn.cli.print.Printer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The global settings of one invocation (etcdctl's global flags, each defaulting to its ETCDCTL_*
 * environment variable, then to etcdctl's default), and the client and printer built from them.
 */
public final class Ctl {
  static final String DEFAULT_ENDPOINTS = "127.0.0.1:2379";

  private List<String> endpoints;
  private String dialTimeout;
  private String commandTimeout;
  private String writeOut;
  private boolean hex;
  private final Out out;
  private final Map<String, String> env;
  private final List<String> rawArgs;
  private EtcdClient client;
  private Printer printer;

  Ctl(Map<String, String> env, Out out, List<String> rawArgs) {
    this.out = out;
    this.env = Map.copyOf(env);
    this.rawArgs = List.copyOf(rawArgs);
    endpoints = Arrays.asList(env.getOrDefault("ETCDCTL_ENDPOINTS", DEFAULT_ENDPOINTS).split(","));
    dialTimeout = env.getOrDefault("ETCDCTL_DIAL_TIMEOUT", "2s");
    commandTimeout = env.getOrDefault("ETCDCTL_COMMAND_TIMEOUT", "5s");
    writeOut = env.getOrDefault("ETCDCTL_WRITE_OUT", "simple");
    hex = Boolean.parseBoolean(env.getOrDefault("ETCDCTL_HEX", "false"));
  }

  void endpoints(List<String> eps) {
    this.endpoints = eps;
  }

  void dialTimeout(String d) {
    this.dialTimeout = d;
  }

  void commandTimeout(String d) {
    this.commandTimeout = d;
  }

  void writeOut(String w) {
    this.writeOut = w;
  }

  void hex(boolean h) {
    this.hex = h;
  }

  /** The process environment (commands run by {@code watch --} inherit it). */
  public Map<String, String> env() {
    return env;
  }

  /** The arguments as given, before flag parsing (watch finds its {@code --} separator there). */
  public List<String> rawArgs() {
    return rawArgs;
  }

  public Out out() {
    return out;
  }

  public List<String> endpoints() {
    return endpoints;
  }

  public String writeOut() {
    return writeOut;
  }

  public long commandTimeoutNanos() {
    return duration(commandTimeout);
  }

  private static long duration(String d) {
    try {
      return GoFormat.parseDurationNanos(d);
    } catch (IllegalArgumentException e) {
      throw new CtlException(ExitCodes.ERROR, e.getMessage());
    }
  }

  /** etcdctl's display: fails with "unsupported output format" before any request is sent. */
  public Printer printer() {
    if (printer == null) {
      printer = Printer.forFormat(writeOut, hex, out);
      if (printer == null) {
        throw new CtlException(ExitCodes.BAD_FEATURE, "unsupported output format");
      }
    }
    return printer;
  }

  public EtcdClient client() {
    printer();
    if (client == null) {
      client = new EtcdClient(endpoints, duration(dialTimeout), duration(commandTimeout), out::errln);
    }
    return client;
  }

  void close() {
    if (client != null) {
      client.close();
    }
    out.flush();
  }
}
