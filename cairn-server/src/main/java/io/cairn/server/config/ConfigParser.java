package io.cairn.server.config;

import io.cairn.server.tls.TlsInfo;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads etcd's server flags ({@code --flag=value}, {@code --flag value}, single or double dash) and
 * {@code ETCD_*} environment variables for the flags not given. As in etcd, setting a flag both ways
 * is an error rather than a silent choice.
 */
public final class ConfigParser {
  private static final Set<String> VALUE_FLAGS = Set.of(
      "name", "data-dir", "listen-client-urls", "advertise-client-urls", "listen-peer-urls",
      "initial-advertise-peer-urls", "initial-cluster", "initial-cluster-token",
      "initial-cluster-state", "heartbeat-interval", "election-timeout", "snapshot-count",
      "max-request-bytes", "max-txn-ops", "quota-backend-bytes",
      "experimental-watch-progress-notify-interval",
      // security, read by tlsInfo
      "cert-file", "key-file", "trusted-ca-file", "client-crl-file", "peer-cert-file", "peer-key-file",
      "peer-trusted-ca-file", "peer-cert-allowed-cn", "peer-crl-file", "cipher-suites",
      // accepted for compatibility; not acted on yet
      "wal-dir", "logger", "log-outputs", "log-level", "log-package-levels",
      "auto-compaction-mode", "auto-compaction-retention", "max-snapshots", "max-wals",
      "listen-metrics-urls", "metrics", "cors", "proxy", "grpc-keepalive-min-time",
      "grpc-keepalive-interval", "grpc-keepalive-timeout", "backend-batch-interval",
      "backend-batch-limit");
  private static final Set<String> BOOL_FLAGS = Set.of(
      "debug", "enable-v2", "strict-reconfig-check", "enable-pprof", "pre-vote",
      "experimental-enable-lease-checkpoint", "force-new-cluster",
      // security, read by tlsInfo
      "client-cert-auth", "auto-tls", "peer-client-cert-auth", "peer-auto-tls");

  private ConfigParser() {}

  public static ServerConfig parse(String[] args, Map<String, String> env) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("-")) {
        throw new IllegalArgumentException("'" + a + "' is not a valid flag");
      }
      String body = a.startsWith("--") ? a.substring(2) : a.substring(1);
      String value = null;
      int eq = body.indexOf('=');
      if (eq >= 0) {
        value = body.substring(eq + 1);
        body = body.substring(0, eq);
      }
      if (BOOL_FLAGS.contains(body)) {
        flags.put(body, value == null ? "true" : value);
      } else if (VALUE_FLAGS.contains(body)) {
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("flag needs an argument: -" + body);
          }
          value = args[++i];
        }
        flags.put(body, value);
      } else {
        throw new IllegalArgumentException("flag provided but not defined: -" + body);
      }
    }
    for (String flag : flags.keySet()) {
      String var = envName(flag);
      if (env.containsKey(var)) {
        throw new IllegalArgumentException("conflicting environment variable \"" + var
            + "\" is shadowed by corresponding command-line flag (either unset environment "
            + "variable or disable flag)");
      }
    }
    Lookup l = new Lookup(flags, env);
    String name = l.get("name", ServerConfig.DEFAULT_NAME);
    List<URI> advertisePeer = urls(l.get("initial-advertise-peer-urls", ServerConfig.DEFAULT_PEER_URL));
    String defaultCluster = String.join(",",
        advertisePeer.stream().map(u -> name + "=" + u).toList());
    return new ServerConfig(
        name,
        Path.of(l.get("data-dir", name + ".cairn")),
        urls(l.get("listen-client-urls", ServerConfig.DEFAULT_CLIENT_URL)),
        urls(l.get("advertise-client-urls", ServerConfig.DEFAULT_CLIENT_URL)),
        urls(l.get("listen-peer-urls", ServerConfig.DEFAULT_PEER_URL)),
        advertisePeer,
        l.get("initial-cluster", defaultCluster),
        l.get("initial-cluster-token", ServerConfig.DEFAULT_CLUSTER_TOKEN),
        l.get("initial-cluster-state", "new"),
        Long.parseLong(l.get("heartbeat-interval", "" + ServerConfig.DEFAULT_HEARTBEAT_MS)),
        Long.parseLong(l.get("election-timeout", "" + ServerConfig.DEFAULT_ELECTION_MS)),
        Long.parseLong(l.get("snapshot-count", "" + ServerConfig.DEFAULT_SNAPSHOT_COUNT)),
        Integer.parseInt(l.get("max-request-bytes", "" + ServerConfig.DEFAULT_MAX_REQUEST_BYTES)),
        Integer.parseInt(l.get("max-txn-ops", "" + ServerConfig.DEFAULT_MAX_TXN_OPS)),
        quota(Long.parseLong(l.get("quota-backend-bytes", "0"))),
        durationMs(l.get("experimental-watch-progress-notify-interval", "10m")),
        tlsInfo(l, false),
        tlsInfo(l, true));
  }

  /** The security flags of the client side, or with {@code peer} of the peer side. */
  static TlsInfo tlsInfo(Lookup l, boolean peer) {
    String p = peer ? "peer-" : "";
    return new TlsInfo(
        path(l.get(p + "cert-file", "")),
        path(l.get(p + "key-file", "")),
        path(l.get(p + "trusted-ca-file", "")),
        Boolean.parseBoolean(l.get(p + "client-cert-auth", "false")),
        path(l.get(peer ? "peer-crl-file" : "client-crl-file", "")),
        peer ? emptyToNull(l.get("peer-cert-allowed-cn", "")) : null,
        Boolean.parseBoolean(l.get(p + "auto-tls", "false")),
        // one list for both sides, as etcd's --cipher-suites
        List.of(l.get("cipher-suites", "").split(",")).stream()
            .map(String::trim).filter(s -> !s.isEmpty()).toList());
  }

  private static Path path(String s) {
    return s.isEmpty() ? null : Path.of(s);
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }

  private static long quota(long q) {
    return q <= 0 ? ServerConfig.DEFAULT_QUOTA_BACKEND_BYTES : q;
  }

  /** Go-style durations: 10m, 5s, 200ms, 1h. */
  static long durationMs(String s) {
    s = s.trim();
    if (s.endsWith("ms")) {
      return Long.parseLong(s.substring(0, s.length() - 2));
    }
    char unit = s.charAt(s.length() - 1);
    double n = Double.parseDouble(s.substring(0, s.length() - 1));
    return switch (unit) {
      case 's' -> (long) (n * 1000);
      case 'm' -> (long) (n * 60_000);
      case 'h' -> (long) (n * 3_600_000);
      default -> throw new IllegalArgumentException("invalid duration " + s);
    };
  }

  private static List<URI> urls(String csv) {
    List<URI> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      if (!s.isBlank()) {
        URI u = URI.create(s.trim());
        if (u.getScheme() == null || u.getHost() == null) {
          throw new IllegalArgumentException("URL must have scheme and host: " + s);
        }
        out.add(u);
      }
    }
    return out;
  }

  static String envName(String flag) {
    return "ETCD_" + flag.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  private record Lookup(Map<String, String> flags, Map<String, String> env) {
    String get(String flag, String dflt) {
      String v = flags.get(flag);
      if (v == null) {
        v = env.get(envName(flag));
      }
      return v == null || v.isEmpty() ? dflt : v;
    }
  }
}
