package io.cairn.server.tls;

import java.nio.file.Path;
import java.util.List;

/**
 * The TLS settings of one listener side (client or peer), as etcd's {@code transport.TLSInfo}: the
 * files given by the security flags, or {@code autoTls} for certificates generated at start. Empty
 * paths are null. {@link #NONE} means plaintext.
 *
 * @param certFile         {@code --cert-file} / {@code --peer-cert-file}
 * @param keyFile          {@code --key-file} / {@code --peer-key-file}
 * @param trustedCaFile    {@code --trusted-ca-file} / {@code --peer-trusted-ca-file}
 * @param clientCertAuth   {@code --client-cert-auth} / {@code --peer-client-cert-auth}
 * @param crlFile          {@code --client-crl-file} / {@code --peer-crl-file}
 * @param allowedCn        {@code --peer-cert-allowed-cn} (peer side only; null when not set)
 * @param autoTls          {@code --auto-tls} / {@code --peer-auto-tls}
 * @param cipherSuites     {@code --cipher-suites}, Go's names (empty: the JDK's defaults)
 */
public record TlsInfo(
    Path certFile,
    Path keyFile,
    Path trustedCaFile,
    boolean clientCertAuth,
    Path crlFile,
    String allowedCn,
    boolean autoTls,
    List<String> cipherSuites) {

  public static final TlsInfo NONE = new TlsInfo(null, null, null, false, null, null, false, List.of());

  public TlsInfo {
    cipherSuites = List.copyOf(cipherSuites);
  }

  /** True when certificate files are given (they take precedence over auto-TLS, as in etcd). */
  public boolean hasCertFiles() {
    return certFile != null || keyFile != null;
  }

  /** True when this side has any TLS setting at all. */
  public boolean isEmpty() {
    return !hasCertFiles() && !autoTls && trustedCaFile == null && !clientCertAuth && crlFile == null;
  }
}
