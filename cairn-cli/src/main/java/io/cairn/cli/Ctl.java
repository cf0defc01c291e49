package io.cairn.cli;

import io.cairn.cli.client.Credentials;
import io.cairn.cli.client.Errors;
import io.cairn.cli.client.EtcdClient;
import io.cairn.cli.client.TlsSettings;
import io.cairn.cli.print.GoFormat;
import io.cairn.cli.print.Out;
import io.cairn.cli.print.Printer;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The global settings of one invocation (etcdctl's global flags, each defaulting to its ETCDCTL_*
 * environment variable, then to etcdctl's default), and the client and printer built from them.
 */
public final class Ctl {
  static final String DEFAULT_ENDPOINTS = "127.0.0.1:2379";

  private List<String> endpoints;
  private String dialTimeout;
  private String commandTimeout;
  private String keepaliveTime;
  private String keepaliveTimeout;
  private boolean debug;
  private String writeOut;
  private boolean hex;
  private String cert;
  private String key;
  private String cacert;
  private String user;
  private String password;
  private boolean insecureTransport;
  private boolean insecureSkipTlsVerify;
  private String discoverySrv;
  private String discoverySrvName;
  private boolean insecureDiscovery;
  /** Endpoints found by --discovery-srv; when there are any they replace --endpoints. */
  private List<String> discovered = List.of();
  private boolean discover = true;
  /** False for the commands that set up no etcdctl client config, so print no --debug settings. */
  private boolean clientConfig = true;
  /** Persistent flags of the command's own ancestors, by variable suffix (endpoint's CLUSTER). */
  private final Map<String, String> inheritedSettings = new java.util.TreeMap<>();
  /** Global flags given on the command line (etcdctl's flag names), for the environment check. */
  private final Set<String> givenFlags = new HashSet<>();
  /** The first bad flag value, reported as pflag reports it while parsing. */
  private String flagError;
  private String command = "";
  private boolean preflightDone;
  private Optional<Credentials> credentials = Optional.empty();
  private final Out out;
  private final Map<String, String> env;
  private final List<String> rawArgs;
  private EtcdClient client;
  private Printer printer;

  Ctl(Map<String, String> env, Out out, List<String> rawArgs) {
    this.out = out;
    this.env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    this.rawArgs = List.copyOf(rawArgs);
    // pkg/flags sets a flag from its variable only when the variable is not empty, and keeps the
    // default when the value does not parse
    endpoints = Arrays.stream(envOr("ETCDCTL_ENDPOINTS", DEFAULT_ENDPOINTS).split(",", -1))
        .map(String::trim).toList();
    dialTimeout = envDuration("ETCDCTL_DIAL_TIMEOUT", "2s");
    commandTimeout = envDuration("ETCDCTL_COMMAND_TIMEOUT", "5s");
    keepaliveTime = envDuration("ETCDCTL_KEEPALIVE_TIME", "2s");
    keepaliveTimeout = envDuration("ETCDCTL_KEEPALIVE_TIMEOUT", "6s");
    debug = envBool("ETCDCTL_DEBUG", false);
    writeOut = envOr("ETCDCTL_WRITE_OUT", "simple");
    hex = Boolean.parseBoolean(envOr("ETCDCTL_HEX", "false"));
    cert = envOr("ETCDCTL_CERT", "");
    key = envOr("ETCDCTL_KEY", "");
    cacert = envOr("ETCDCTL_CACERT", "");
    user = envOr("ETCDCTL_USER", "");
    password = envOr("ETCDCTL_PASSWORD", "");
    insecureTransport = envBool("ETCDCTL_INSECURE_TRANSPORT", true);
    insecureSkipTlsVerify = envBool("ETCDCTL_INSECURE_SKIP_TLS_VERIFY", false);
    discoverySrv = envOr("ETCDCTL_DISCOVERY_SRV", "");
    discoverySrvName = envOr("ETCDCTL_DISCOVERY_SRV_NAME", "");
    insecureDiscovery = envBool("ETCDCTL_INSECURE_DISCOVERY", true);
  }

  private boolean envBool(String name, boolean dflt) {
    Boolean b = GoFormat.parseBool(envOr(name, ""));
    return b == null ? dflt : b;
  }

  private String envOr(String name, String dflt) {
    String v = env.get(name);
    return v == null || v.isEmpty() ? dflt : v;
  }

  private String envDuration(String name, String dflt) {
    String v = envOr(name, dflt);
    try {
      GoFormat.parseDurationNanos(v);
      return v;
    } catch (IllegalArgumentException e) {
      return dflt;
    }
  }

  void flagGiven(String name) {
    givenFlags.add(name);
  }

  /** Records pflag's error for a bad duration flag; the first one is reported. */
  void checkDuration(String flag, String value) {
    try {
      GoFormat.parseDurationNanos(value);
    } catch (IllegalArgumentException e) {
      if (flagError == null) {
        flagError = "invalid argument " + GoFormat.quote(value) + " for \"--" + flag + "\" flag: "
            + e.getMessage();
      }
    }
  }

  String flagError() {
    return flagError;
  }

  /** The top-level command being run (the environment check depends on it). */
  void command(String name) {
    this.command = name;
  }

  void cert(String file) {
    this.cert = file;
  }

  void key(String file) {
    this.key = file;
  }

  void cacert(String file) {
    this.cacert = file;
  }

  void user(String nameAndMaybePassword) {
    this.user = nameAndMaybePassword;
  }

  void password(String password) {
    this.password = password;
  }

  /** The credentials requests are made with (after the preflight checks, which ask for them). */
  public Optional<Credentials> credentials() {
    preflight();
    return credentials;
  }

  /**
   * etcdctl's authCfgFromCmd: none without a user; {@code name:password} split at the first colon
   * unless --password is given; a bare name prompts for the password.
   */
  private Optional<Credentials> credentialsFromFlags() {
    if (user.isEmpty()) {
      return Optional.empty();
    }
    if (!password.isEmpty()) {
      return Optional.of(new Credentials(user, password));
    }
    int colon = user.indexOf(':');
    if (colon >= 0) {
      return Optional.of(new Credentials(user.substring(0, colon), user.substring(colon + 1)));
    }
    try {
      return Optional.of(new Credentials(user, PasswordPrompt.ask("Password: ", out)));
    } catch (java.io.IOException e) {
      throw new CtlException(ExitCodes.ERROR, e.getMessage());
    }
  }

  void insecureTransport(boolean b) {
    this.insecureTransport = b;
  }

  void insecureSkipTlsVerify(boolean b) {
    this.insecureSkipTlsVerify = b;
  }

  void discoverySrv(String domain) {
    this.discoverySrv = domain;
  }

  void discoverySrvName(String name) {
    this.discoverySrvName = name;
  }

  void insecureDiscovery(boolean b) {
    this.insecureDiscovery = b;
  }

  /**
   * What etcdctl does when a command sets up its client, before the output format: checks the
   * ETCDCTL_ variables, looks up the --discovery-srv endpoints (which replace --endpoints when
   * there are any), then rejects empty TLS file flags.
   */
  private void preflight() {
    if (preflightDone) {
      return;
    }
    preflightDone = true;
    EnvironmentCheck.verify(env, givenFlags, command.equals("watch"), this);
    if (debug && clientConfig) {
      printDebugSettings(); // where etcdctl's clientConfigFromCmd prints them: before the lookups
    }
    if (discover && !discoverySrv.isEmpty()) {
      discovered = SrvDiscovery.endpoints(discoverySrv, discoverySrvName, insecureDiscovery, out);
    }
    TlsFiles.checkNotEmpty(cert, key, cacert, givenFlags);
    // etcdctl asks for a missing password while reading its flags, before the output format
    credentials = credentialsFromFlags();
  }

  /**
   * The TLS settings of every connection (the discovery domain names the server unless insecure),
   * after etcdctl's checks of the files (exit 128 with Go's message).
   */
  public TlsSettings checkedTls() {
    TlsFiles.check(cert, key, cacert);
    return TlsFiles.verified(new TlsSettings(cert, key, cacert,
        insecureDiscovery ? "" : discoverySrv, insecureTransport, insecureSkipTlsVerify));
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

  void keepaliveTime(String d) {
    this.keepaliveTime = d;
  }

  void keepaliveTimeout(String d) {
    this.keepaliveTimeout = d;
  }

  void debug(boolean b) {
    this.debug = b;
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

  /** The endpoints to use: discovered ones, else --endpoints. */
  public List<String> endpoints() {
    preflight();
    return discovered.isEmpty() ? endpoints : discovered;
  }

  /**
   * --endpoints (or ETCDCTL_ENDPOINTS), whatever discovery found: the members that etcdctl's
   * endpoint status, hashkv and health ask.
   */
  public List<String> flagEndpoints() {
    return endpoints;
  }

  /** For a command that never looks SRV records up (etcdctl's endpoint health without --cluster). */
  void withoutDiscovery() {
    discover = false;
  }

  /**
   * For a command whose etcdctl counterpart builds no client config (endpoint health, snapshot
   * status), and so prints no --debug settings.
   */
  void withoutClientConfig() {
    clientConfig = false;
  }

  /** A persistent flag of the command's group (endpoint's --cluster), for the --debug settings. */
  void inheritedSetting(String name, String value) {
    inheritedSettings.put(name, value);
  }

  public String writeOut() {
    return writeOut;
  }

  public long commandTimeoutNanos() {
    return duration(commandTimeout);
  }

  /** Every client's timings, from the global flags. */
  public EtcdClient.Timeouts timeouts() {
    return new EtcdClient.Timeouts(duration(dialTimeout), duration(commandTimeout),
        duration(keepaliveTime), duration(keepaliveTimeout));
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
    preflight();
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
      client = new EtcdClient(endpoints(), timeouts(), checkedTls(), out::errln, credentials);
      try {
        client.authenticate();
      } catch (RuntimeException e) {
        // clientv3.New fails, which etcdctl reports as a connection error
        throw new CtlException(ExitCodes.BAD_CONNECTION, Errors.message(e));
      }
    }
    return client;
  }

  /** Keeps the logger configured by --debug alive (java.util.logging holds loggers weakly). */
  private static java.util.logging.Logger grpcLog;

  /**
   * etcdctl's --debug when a command sets up its client: every global flag's value as its
   * ETCDCTL_ variable, in name order (watch adds its two variables), then the gRPC library's own
   * log on stderr (grpc-java's words, not grpc-go's).
   */
  private void printDebugSettings() {
    Map<String, String> values = new java.util.TreeMap<>();
    values.put("CACERT", cacert);
    values.put("CERT", cert);
    values.put("COMMAND_TIMEOUT", GoFormat.duration(duration(commandTimeout)));
    values.put("DEBUG", "true");
    values.put("DIAL_TIMEOUT", GoFormat.duration(duration(dialTimeout)));
    values.put("DISCOVERY_SRV", discoverySrv);
    values.put("DISCOVERY_SRV_NAME", discoverySrvName);
    values.put("ENDPOINTS", "[" + String.join(",", endpoints) + "]");
    values.put("HEX", String.valueOf(hex));
    values.put("INSECURE_DISCOVERY", String.valueOf(insecureDiscovery));
    values.put("INSECURE_SKIP_TLS_VERIFY", String.valueOf(insecureSkipTlsVerify));
    values.put("INSECURE_TRANSPORT", String.valueOf(insecureTransport));
    values.put("KEEPALIVE_TIME", GoFormat.duration(duration(keepaliveTime)));
    values.put("KEEPALIVE_TIMEOUT", GoFormat.duration(duration(keepaliveTimeout)));
    values.put("KEY", key);
    values.put("PASSWORD", password);
    values.put("USER", user);
    values.put("WRITE_OUT", writeOut);
    if (command.equals("watch")) {
      values.put("WATCH_KEY", "");
      values.put("WATCH_RANGE_END", "");
    }
    values.putAll(inheritedSettings);
    values.forEach((name, value) -> out.errln("ETCDCTL_" + name + "=" + value));
    if (grpcLog != null) {
      return; // configured by an earlier invocation in this JVM (tests run several)
    }
    // the channels' own story (resolving, connecting, ready, failures), one line per event
    grpcLog = java.util.logging.Logger.getLogger("io.grpc.ChannelLogger");
    java.util.logging.ConsoleHandler handler = new java.util.logging.ConsoleHandler();
    handler.setLevel(java.util.logging.Level.ALL);
    handler.setFormatter(new java.util.logging.Formatter() {
      @Override
      public String format(java.util.logging.LogRecord r) {
        return "DEBUG: " + java.time.Instant.ofEpochMilli(r.getMillis()) + " " + formatMessage(r)
            + System.lineSeparator();
      }
    });
    grpcLog.addHandler(handler);
    grpcLog.setLevel(java.util.logging.Level.ALL);
  }

  void close() {
    if (client != null) {
      client.close();
    }
    out.flush();
  }
}
