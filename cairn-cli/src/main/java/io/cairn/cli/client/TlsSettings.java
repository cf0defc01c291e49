package io.cairn.cli.client;

import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Locale;

/**
 * How etcdctl secures its connections (newClientCfg and clientv3's processCreds): a TLS
 * configuration exists when any of --cert, --key, --cacert or a discovery server name is given, or
 * when --insecure-transport=false; the scheme of the endpoint then decides: {@code http://} is
 * always plaintext, {@code https://} is TLS (with the configuration, or else with the system roots
 * and nothing more), and an endpoint without scheme uses TLS only when a configuration exists.
 * --insecure-skip-tls-verify only affects an existing configuration.
 *
 * @param cert client certificate file, or ""
 * @param key client key file, or ""
 * @param cacert CA bundle verifying the server, or "" for the system roots
 * @param serverName the name the server certificate must carry instead of the endpoint's host (the
 *     --discovery-srv domain), or ""
 * @param insecureTransport --insecure-transport
 * @param skipVerify --insecure-skip-tls-verify
 */
public record TlsSettings(String cert, String key, String cacert, String serverName,
    boolean insecureTransport, boolean skipVerify) {

  /** etcdctl's defaults: no files, plaintext unless an endpoint says https. */
  public static final TlsSettings NONE = new TlsSettings("", "", "", "", true, false);

  /** Whether etcdctl builds a tls.Config of its own (clientv3.Config.TLS is not nil). */
  boolean configured() {
    return !cert.isEmpty() || !key.isEmpty() || !cacert.isEmpty() || !serverName.isEmpty()
        || !insecureTransport;
  }

  /**
   * The TLS context for an endpoint with this scheme ("" when it has none), or null for plaintext.
   *
   * @throws ClientException when the files cannot be used
   */
  SslContext contextFor(String scheme) {
    return switch (scheme.toLowerCase(Locale.ROOT)) {
      case "http" -> null;
      case "https" -> configured() ? configuredContext() : systemRootsContext();
      case "" -> configured() ? configuredContext() : null;
      default -> null;
    };
  }

  private SslContext configuredContext() {
    SslContextBuilder b = GrpcSslContexts.forClient();
    if (skipVerify) {
      b.trustManager(new AcceptingTrustManager());
    } else if (!cacert.isEmpty()) {
      b.trustManager(new File(cacert));
    }
    if (!cert.isEmpty() && !key.isEmpty()) {
      try {
        b.keyManager(PemKeys.read(Path.of(key)), certificates(cert));
      } catch (IOException | GeneralSecurityException e) {
        throw new ClientException(String.valueOf(e.getMessage()));
      }
    }
    return build(b);
  }

  private static X509Certificate[] certificates(String file) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
          .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
    }
  }

  private static SslContext systemRootsContext() {
    return build(GrpcSslContexts.forClient());
  }

  private static SslContext build(SslContextBuilder b) {
    try {
      return b.build();
    } catch (IOException | IllegalArgumentException e) {
      throw new ClientException(String.valueOf(e.getMessage()));
    }
  }
}
