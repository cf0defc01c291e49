package io.cairn.server.config;

import io.cairn.server.auth.Passwords;
import io.cairn.server.auth.Tokens;
import io.cairn.server.config.GoValues.GoQuote;
import io.cairn.server.tls.TlsInfo;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a member's configuration as etcd 3.4 does: flags ({@code --flag=value}, {@code --flag
 * value}, one or two dashes), then {@code ETCD_*} variables for the flags not given (both for one
 * flag is an error; an unknown {@code ETCD_*} variable is warned about), or else a YAML file from
 * {@code --config-file} / {@code ETCD_CONFIG_FILE}, which replaces flags and variables. Every value
 * is checked; a flag Cairn does not implement is refused unless it asks for what Cairn does
 * ({@link EtcdFlag#accepted()}).
 */
public final class ConfigParser {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigParser.class);
  private static final String CONFIG_FILE = "config-file";

  private ConfigParser() {}

  public static ServerConfig parse(String[] args, Map<String, String> env) {
    Map<String, String> flags = fromArgs(args);
    String configFile = flags.remove(CONFIG_FILE);
    if (configFile == null) {
      configFile = env.get(envName(CONFIG_FILE));
    }
    Map<String, String> settings;
    if (configFile != null && !configFile.isEmpty()) {
      settings = ConfigFile.read(Path.of(configFile));
      List<String> ignored = new ArrayList<>(flags.keySet().stream().map(f -> "--" + f).toList());
      env.keySet().stream().filter(k -> k.startsWith("ETCD_") && !k.equals(envName(CONFIG_FILE)))
          .sorted().forEach(ignored::add);
      LOG.info("loading server configuration from \"{}\"; other configuration command line flags "
          + "and environment variables are ignored", configFile);
      if (!ignored.isEmpty()) {
        LOG.warn("ignored because --config-file is set: {}", String.join(", ", ignored));
      }
    } else {
      settings = withEnvironment(flags, env);
    }
    Settings s = new Settings(settings);
    s.refuseUnsupported();
    return s.toConfig();
  }

  private static Map<String, String> fromArgs(String[] args) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("-") || a.equals("-") || a.equals("--")) {
        throw new IllegalArgumentException("'" + a + "' is not a valid flag");
      }
      String body = a.startsWith("--") ? a.substring(2) : a.substring(1);
      String value = null;
      int eq = body.indexOf('=');
      if (eq >= 0) {
        value = body.substring(eq + 1);
        body = body.substring(0, eq);
      }
      EtcdFlag flag = body.equals(CONFIG_FILE) ? null : EtcdFlags.byName(body).orElseThrow(
          () -> new IllegalArgumentException("flag provided but not defined: -" + nameOf(a)));
      if (flag != null && flag.kind() == EtcdFlag.Kind.BOOL) {
        value = value == null ? "true" : value;
      } else if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("flag needs an argument: -" + body);
        }
        value = args[++i];
      }
      flags.put(body, value);
    }
    return flags;
  }

  private static String nameOf(String arg) {
    String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
    int eq = body.indexOf('=');
    return eq >= 0 ? body.substring(0, eq) : body;
  }

  /** etcd's flags.SetFlagsFromEnv: non-empty variables fill the flags not given. */
  private static Map<String, String> withEnvironment(Map<String, String> flags, Map<String, String> env) {
    Map<String, String> settings = new LinkedHashMap<>(flags);
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      String var = e.getKey();
      if (!var.startsWith("ETCD_")) {
        continue;
      }
      EtcdFlag flag = EtcdFlags.all().stream().filter(f -> f.envName().equals(var)).findFirst()
          .orElse(null);
      if (flag == null) {
        if (!var.equals(envName(CONFIG_FILE))) {
          LOG.warn("unrecognized environment variable {}={}", var, e.getValue());
        }
        continue;
      }
      if (flags.containsKey(flag.name())) {
        throw new IllegalArgumentException("conflicting environment variable \"" + var
            + "\" is shadowed by corresponding command-line flag (either unset environment "
            + "variable or disable flag)");
      }
      if (!e.getValue().isEmpty()) {
        LOG.info("recognized and used environment variable {}={}", var, e.getValue());
        settings.put(flag.name(), e.getValue());
      }
    }
    return settings;
  }

  static String envName(String flag) {
    return "ETCD_" + flag.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** The given settings (flag name → value), checked and turned into a configuration. */
  private record Settings(Map<String, String> given) {

    Settings {
      for (Map.Entry<String, String> e : given.entrySet()) {
        EtcdFlag flag = EtcdFlags.byName(e.getKey()).orElseThrow();
        try {
          GoValues.canonical(flag.kind(), e.getValue());
        } catch (IllegalArgumentException ex) {
          throw invalid(flag.name(), e.getValue(), ex.getMessage());
        }
      }
    }

    void refuseUnsupported() {
      for (Map.Entry<String, String> e : given.entrySet()) {
        EtcdFlag flag = EtcdFlags.byName(e.getKey()).orElseThrow();
        if (flag.implemented()) {
          continue;
        }
        if (!GoValues.canonical(flag.kind(), e.getValue())
            .equals(GoValues.canonical(flag.kind(), flag.accepted()))) {
          throw new IllegalArgumentException("--" + flag.name() + "=" + e.getValue()
              + " is not supported by Cairn: " + flag.refusal() + " (only "
              + GoQuote.quote(flag.accepted()) + " is accepted)");
        }
      }
    }

    private String text(String flag, String dflt) {
      String v = given.get(flag);
      return v == null || v.isEmpty() ? dflt : v;
    }

    private boolean isSet(String flag) {
      return given.containsKey(flag);
    }

    private boolean bool(String flag, boolean dflt) {
      String v = given.get(flag);
      return v == null ? dflt : GoValues.parseBool(v);
    }

    private long number(String flag, long dflt) {
      String v = given.get(flag);
      return v == null ? dflt : GoValues.parseUint(v);
    }

    private long signedNumber(String flag, long dflt) {
      String v = given.get(flag);
      return v == null ? dflt : GoValues.parseInt(v);
    }

    private Duration duration(String flag, Duration dflt) {
      String v = given.get(flag);
      return v == null || v.isEmpty() ? dflt : GoValues.parseDuration(v);
    }

    ServerConfig toConfig() {
      String name = text("name", ServerConfig.DEFAULT_NAME);
      List<URI> listenClient = urls("listen-client-urls", ServerConfig.DEFAULT_CLIENT_URL);
      List<URI> listenPeer = urls("listen-peer-urls", ServerConfig.DEFAULT_PEER_URL);
      checkBindUrls("listen-client-urls", listenClient);
      checkBindUrls("listen-peer-urls", listenPeer);
      if (listenPeer.size() > 1) {
        throw new IllegalArgumentException("--listen-peer-urls " + listenPeer + ": Cairn listens for "
            + "peers on one URL (the Raft transport binds one address)");
      }
      List<URI> advertisePeer = urls("initial-advertise-peer-urls", ServerConfig.DEFAULT_PEER_URL);
      // as etcd: an explicit --listen-client-urls drops the default advertised URL
      if (isSet("listen-client-urls") && !isSet("advertise-client-urls")) {
        throw new IllegalArgumentException(
            "--advertise-client-urls is required when --listen-client-urls is set explicitly");
      }
      List<URI> advertiseClient = urls("advertise-client-urls", ServerConfig.DEFAULT_CLIENT_URL);
      String discoverySrv = text("discovery-srv", "");
      String discoverySrvName = text("discovery-srv-name", "");
      String initialCluster = text("initial-cluster", "");
      if (!discoverySrv.isEmpty() && !initialCluster.isEmpty()) {
        throw new IllegalArgumentException("multiple discovery or bootstrap flags are set. Choose one "
            + "of \"initial-cluster\", \"discovery\" or \"discovery-srv\"");
      }
      if (discoverySrv.isEmpty() && initialCluster.isEmpty()) {
        initialCluster = String.join(",", advertisePeer.stream().map(u -> name + "=" + u).toList());
      }
      String state = text("initial-cluster-state", "new");
      if (!state.equals("new") && !state.equals("existing")) {
        throw invalid("initial-cluster-state", state, "valid values are \"new\", \"existing\"");
      }
      long tick = number("heartbeat-interval", ServerConfig.DEFAULT_HEARTBEAT_MS);
      long election = number("election-timeout", ServerConfig.DEFAULT_ELECTION_MS);
      checkTiming(tick, election);
      List<String> cipherSuites = list(text("cipher-suites", ""));
      return new ServerConfig(
          name,
          Path.of(text("data-dir", name + ".cairn")),
          listenClient,
          advertiseClient,
          listenPeer,
          advertisePeer,
          initialCluster,
          text("initial-cluster-token", ServerConfig.DEFAULT_CLUSTER_TOKEN),
          state,
          bool("force-new-cluster", false),
          discoverySrv,
          discoverySrvName,
          tick,
          election,
          bool("pre-vote", true),
          number("snapshot-count", ServerConfig.DEFAULT_SNAPSHOT_COUNT),
          signedNumber("quota-backend-bytes", 0),
          autoCompaction(),
          auth(),
          intValue("max-request-bytes", ServerConfig.DEFAULT_MAX_REQUEST_BYTES),
          intValue("max-txn-ops", ServerConfig.DEFAULT_MAX_TXN_OPS),
          intValue("max-concurrent-streams", Integer.MAX_VALUE),
          duration("grpc-keepalive-min-time", Duration.ofSeconds(5)),
          duration("grpc-keepalive-interval", Duration.ofHours(2)),
          duration("grpc-keepalive-timeout", Duration.ofSeconds(20)),
          duration("experimental-watch-progress-notify-interval", Duration.ofMinutes(10)).toMillis(),
          new ServerConfig.CorruptCheck(bool("experimental-initial-corrupt-check", false),
              duration("experimental-corrupt-check-time", Duration.ZERO)),
          backups(),
          metricsUrls(),
          extensiveMetrics(),
          logLevel(),
          logging(),
          new ServerConfig.Http(corsOrigins(), list(text("host-whitelist", "*")),
              bool("enable-grpc-gateway", true)),
          tls(false, cipherSuites),
          tls(true, cipherSuites));
    }

    /** etcd falls back to bcrypt's default cost, with a warning, for one outside 4-31. */
    private ServerConfig.Auth auth() {
      long cost = number("bcrypt-cost", Passwords.DEFAULT_COST);
      if (cost < Passwords.MIN_COST || cost > Passwords.MAX_COST) {
        LOG.warn("use default bcrypt cost instead of the invalid given cost: {} (valid: {}-{})",
            cost, Passwords.MIN_COST, Passwords.MAX_COST);
        cost = Passwords.DEFAULT_COST;
      }
      long ttl = number("auth-token-ttl", 300);
      if (ttl == 0) {
        throw invalid("auth-token-ttl", "0", "must be at least 1 second");
      }
      String token = text("auth-token", "simple");
      Tokens.fromSpec(token, ttl); // a bad option or key stops the start here
      return new ServerConfig.Auth(token, ttl, (int) cost);
    }

    /** etcd's parseCompactionRetention, and the mode check of its config validation. */
    private ServerConfig.AutoCompaction autoCompaction() {
      String mode = text("auto-compaction-mode", ServerConfig.AutoCompaction.PERIODIC);
      if (!mode.equals(ServerConfig.AutoCompaction.PERIODIC)
          && !mode.equals(ServerConfig.AutoCompaction.REVISION)) {
        throw new IllegalArgumentException("unknown auto-compaction-mode " + GoQuote.quote(mode));
      }
      String retention = text("auto-compaction-retention", "0");
      Duration kept;
      if (retention.matches("\\+?[0-9]{1,18}")) {
        long n = Long.parseLong(retention);
        kept = mode.equals(ServerConfig.AutoCompaction.REVISION) ? Duration.ofNanos(n) : Duration.ofHours(n);
      } else {
        try {
          kept = GoValues.parseDuration(retention);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("error parsing CompactionRetention: " + e.getMessage());
        }
      }
      if (kept.isNegative()) {
        throw new IllegalArgumentException("error parsing CompactionRetention: negative retention "
            + GoQuote.quote(retention));
      }
      return new ServerConfig.AutoCompaction(mode, kept);
    }

    private ServerConfig.Backups backups() {
      String dir = text("backup-dir", "");
      Duration interval = duration("backup-interval", Duration.ofHours(1));
      long retention = number("backup-retention", 24);
      if (interval.isNegative() || interval.isZero()) {
        throw invalid("backup-interval", given.get("backup-interval"), "must be positive");
      }
      if (retention < 1 || retention > Integer.MAX_VALUE) {
        throw invalid("backup-retention", given.get("backup-retention"), "must be at least 1");
      }
      return new ServerConfig.Backups(dir.isEmpty() ? null : Path.of(dir), interval, (int) retention);
    }

    /**
     * etcd's --listen-metrics-urls: /metrics and /health on URLs of their own (none by default).
     * https would serve them with the client TLS certificate, as etcd does; not yet, so refused.
     */
    private List<URI> metricsUrls() {
      if (text("listen-metrics-urls", "").isEmpty()) {
        return List.of();
      }
      List<URI> urls = urls("listen-metrics-urls", "");
      checkBindUrls("listen-metrics-urls", urls);
      for (URI u : urls) {
        if (!"http".equals(u.getScheme())) {
          throw invalid("listen-metrics-urls", given.get("listen-metrics-urls"),
              "https metrics URLs are not supported yet (" + u + "): use http");
        }
      }
      return urls;
    }

    /** A uint flag held in an int: larger values (such as math.MaxUint32) mean "no limit". */
    private int intValue(String flag, int dflt) {
      return (int) Math.min(Integer.MAX_VALUE, number(flag, dflt));
    }

    /** etcd 3.4's --logger and --log-outputs checks (embed.Config.setupLogging). */
    private ServerConfig.Logging logging() {
      String logger = text("logger", "capnslog");
      String csv = text("log-outputs", "default");
      List<String> outputs = list(csv);
      switch (logger) {
        case "capnslog" -> {
          if (outputs.size() != 1 || !List.of("default", "stderr", "stdout").contains(outputs.get(0))) {
            throw invalid("log-outputs", csv,
                "--logger=capnslog supports only 1 value in '--log-outputs': default, stderr or stdout");
          }
        }
        case "zap" -> {
          if (outputs.isEmpty()) {
            throw invalid("log-outputs", csv, "no log output given");
          }
          if (outputs.contains("default") && outputs.size() > 1) {
            throw invalid("log-outputs", csv,
                "multi logoutput for \"default\" is not supported: " + outputs);
          }
        }
        default -> throw invalid("logger", logger, "unknown logger option (capnslog or zap)");
      }
      return new ServerConfig.Logging(logger, outputs);
    }

    /** etcd's --metrics: 'extensive' adds gRPC handling-time histograms. */
    private boolean extensiveMetrics() {
      String level = text("metrics", "basic");
      return switch (level) {
        case "basic" -> false;
        case "extensive" -> true;
        default -> throw invalid("metrics", level, "valid values are \"basic\", \"extensive\"");
      };
    }

    private String logLevel() {
      String level = text("log-level", bool("debug", false) ? "debug" : "info");
      return switch (level) {
        case "debug", "info", "warn", "error", "panic", "fatal" -> level;
        default -> throw invalid("log-level", level,
            "only supports debug, info, warn, error, panic, or fatal");
      };
    }

    private TlsInfo tls(boolean peer, List<String> cipherSuites) {
      String p = peer ? "peer-" : "";
      return new TlsInfo(
          path(p + "cert-file"),
          path(p + "key-file"),
          path(p + "trusted-ca-file"),
          bool(p + "client-cert-auth", false),
          path(peer ? "peer-crl-file" : "client-crl-file"),
          peer ? text("peer-cert-allowed-cn", null) : null,
          bool(peer ? "peer-auto-tls" : "auto-tls", false),
          cipherSuites);
    }

    private Path path(String flag) {
      String v = text(flag, "");
      return v.isEmpty() ? null : Path.of(v);
    }

    private static void checkTiming(long tick, long election) {
      if (tick <= 0) {
        throw new IllegalArgumentException("--heartbeat-interval must be >0 (set to " + tick + "ms)");
      }
      if (election <= 0) {
        throw new IllegalArgumentException("--election-timeout must be >0 (set to " + election + "ms)");
      }
      if (5 * tick > election) {
        throw new IllegalArgumentException("--election-timeout[" + election + "ms] should be at least "
            + "as 5 times as --heartbeat-interval[" + tick + "ms]");
      }
      if (election > 50_000) {
        throw new IllegalArgumentException("--election-timeout[" + election + "ms] is too long, and "
            + "should be set less than 50000ms");
      }
    }

    /** etcd's types.NewURLs: http(s) URLs of the form scheme://host:port, without a path. */
    private List<URI> urls(String flag, String dflt) {
      String csv = text(flag, dflt);
      List<URI> out = new ArrayList<>();
      for (String s : list(csv)) {
        out.add(url(flag, csv, s));
      }
      if (out.isEmpty()) {
        throw invalid(flag, csv, "no URLs given");
      }
      return out;
    }

    /** etcd's --cors: URLs as in {@link #urls}, or {@code *}; the origins as given. */
    private List<String> corsOrigins() {
      String csv = text("cors", "*");
      List<String> out = list(csv);
      for (String s : out) {
        if (!s.equals("*")) {
          url("cors", csv, s);
        }
      }
      return out;
    }

    private static URI url(String flag, String csv, String s) {
      URI u;
      try {
        u = new URI(s);
      } catch (URISyntaxException e) {
        throw invalid(flag, csv, "parse " + GoQuote.quote(s) + ": " + e.getReason());
      }
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
        throw invalid(flag, csv, "URL scheme must be http or https: " + s);
      }
      if (u.getHost() == null || u.getPort() < 0) {
        throw invalid(flag, csv, "URL address does not have the form \"host:port\": " + s);
      }
      if (u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/")) {
        throw invalid(flag, csv, "URL must not contain a path: " + s);
      }
      return u;
    }

    /** etcd binds to IP literals only (or localhost): a host name could resolve to anything. */
    private static void checkBindUrls(String flag, List<URI> urls) {
      for (URI u : urls) {
        String host = ServerConfig.bindHost(u);
        if (!host.equals("localhost") && !isIpLiteral(host)) {
          throw new IllegalArgumentException("expected IP in URL for binding (" + u + ") in --" + flag);
        }
      }
    }

    private static boolean isIpLiteral(String host) {
      return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static List<String> list(String csv) {
      return Arrays.stream(csv.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    private static IllegalArgumentException invalid(String flag, String value, String why) {
      return new IllegalArgumentException("invalid value " + GoQuote.quote(value) + " for flag -" + flag
          + ": " + why);
    }
  }
}
