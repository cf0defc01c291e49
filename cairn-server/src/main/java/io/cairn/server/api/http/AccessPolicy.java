package io.cairn.server.api.http;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * etcd's access controller on the client URLs: {@code --host-whitelist} against DNS rebinding
 * (plain-HTTP requests naming another host get 421), {@code --cors} origins (etcd's three CORS
 * headers, for {@code *} or the request's allowed {@code Origin}), and CORS preflights answered.
 * An empty list, or one holding {@code *}, allows all.
 */
public record AccessPolicy(Set<String> cors, Set<String> hostWhitelist) {
  public AccessPolicy(List<String> cors, List<String> hostWhitelist) {
    this(Set.copyOf(cors), Set.copyOf(hostWhitelist));
  }

  /** The headers etcd adds for an allowed origin. */
  static Map<String, String> corsHeaders(String origin) {
    return Map.of("Access-Control-Allow-Methods", "POST, GET, OPTIONS, PUT, DELETE",
        "Access-Control-Allow-Origin", origin,
        "Access-Control-Allow-Headers", "accept, content-type, authorization");
  }

  /** Headers every answer to this request carries; empty when its origin is not allowed. */
  Map<String, String> headersFor(HttpExchange x) {
    if (allows(cors, "*")) {
      return corsHeaders("*");
    }
    String origin = x.header("Origin");
    return origin != null && allows(cors, origin) ? corsHeaders(origin) : Map.of();
  }

  /** Whether a plain-HTTP request may name this host (its Host header, port left out). */
  boolean hostAllowed(String hostHeader) {
    return allows(hostWhitelist, hostname(hostHeader == null ? "" : hostHeader));
  }

  /** etcd's errCVE20185702 text for a refused host. */
  static String refusal(String host) {
    return "\netcd received your request, but the Host header was unrecognized.\n\n"
        + "To fix this, choose one of the following options:\n"
        + "- Enable TLS, then any HTTPS request will be allowed.\n"
        + "- Add the hostname you want to use to the whitelist in settings.\n"
        + "  - e.g. etcd --host-whitelist \"" + host + "\"\n\n"
        + "This requirement has been added to help prevent \"DNS Rebinding\" attacks (CVE-2018-5702).\n";
  }

  static String hostname(String hostHeader) {
    if (hostHeader.startsWith("[")) {
      int end = hostHeader.indexOf(']');
      return end < 0 ? hostHeader : hostHeader.substring(1, end);
    }
    int colon = hostHeader.indexOf(':');
    return colon < 0 || hostHeader.indexOf(':', colon + 1) >= 0 ? hostHeader
        : hostHeader.substring(0, colon);
  }

  private static boolean allows(Set<String> list, String value) {
    return list.isEmpty() || list.contains("*") || list.contains(value);
  }
}
