package io.cairn.server.tls;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --cipher-suites}: Go's cipher suite names (etcd's {@code tlsutil.GetCipherSuite}) as the
 * JDK's. Go names a suite as IANA does, except for two ChaCha20 aliases it also accepts; the table
 * holds the suites both Go and the JDK implement (Go's RC4 and 3DES suites are not among them).
 */
public final class CipherSuites {
  /** Go's TLS 1.3 suites: Go enables them whatever --cipher-suites lists (it only configures 1.0–1.2). */
  static final List<String> TLS13 = List.of(
      "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

  private static final Map<String, String> GO_TO_JDK = Map.ofEntries(
      same("TLS_RSA_WITH_AES_128_CBC_SHA"),
      same("TLS_RSA_WITH_AES_256_CBC_SHA"),
      same("TLS_RSA_WITH_AES_128_CBC_SHA256"),
      same("TLS_RSA_WITH_AES_128_GCM_SHA256"),
      same("TLS_RSA_WITH_AES_256_GCM_SHA384"),
      same("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
      same("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
      same("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
      same("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
      same("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
      same("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
      same("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
      same("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
      same("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
      same("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
      same("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
      same("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
      Map.entry("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
      Map.entry("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
      same(TLS13.get(0)),
      same(TLS13.get(1)),
      same(TLS13.get(2)));

  /** Suites Go accepts that the JDK does not implement: refused by name rather than as unknown. */
  private static final Set<String> GO_ONLY = Set.of(
      "TLS_RSA_WITH_RC4_128_SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
      "TLS_ECDHE_RSA_WITH_RC4_128_SHA", "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA");

  private CipherSuites() {}

  private static Map.Entry<String, String> same(String name) {
    return Map.entry(name, name);
  }

  /**
   * The JDK names of the suites to enable for these Go names, or an empty list (the JDK's defaults)
   * when none are given. As in Go, the TLS 1.3 suites stay enabled.
   *
   * @throws IllegalArgumentException with etcd's message for a name it does not know, or naming a
   *     suite Go knows but the JDK does not implement
   */
  public static List<String> toJdk(List<String> goNames) {
    if (goNames.isEmpty()) {
      return List.of();
    }
    LinkedHashSet<String> jdk = new LinkedHashSet<>();
    for (String go : goNames) {
      String name = GO_TO_JDK.get(go);
      if (name == null) {
        throw new IllegalArgumentException(GO_ONLY.contains(go)
            ? "TLS cipher suite \"" + go + "\" is not supported by Cairn (no RC4 or 3DES suite is)"
            : "unexpected TLS cipher suite \"" + go + "\"");
      }
      jdk.add(name);
    }
    jdk.addAll(TLS13);
    return List.copyOf(jdk);
  }
}
