package io.cairn.server.tls;

import java.util.List;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * What one side (client listeners, or every Raft connection) presents and trusts, loaded and checked
 * once at start: the same values serve a listener and, for peers, the connections this member opens.
 *
 * @param keyManager        this member's certificate and key
 * @param trustManager      checks the other end's certificate: a client's when {@code
 *     requireClientCert}, a server's when this member dials (peers)
 * @param requireClientCert whether a listener demands and verifies client certificates (etcd: a
 *     trusted CA file or --client-cert-auth)
 * @param cipherSuites      the JDK names to enable, or empty for the JDK's defaults
 */
public record TlsCredentials(X509ExtendedKeyManager keyManager, X509ExtendedTrustManager trustManager,
    boolean requireClientCert, List<String> cipherSuites) {

  /** TLS 1.2 and newer, as etcd's {@code MinVersion: tls.VersionTLS12}. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  public TlsCredentials {
    cipherSuites = List.copyOf(cipherSuites);
  }
}
