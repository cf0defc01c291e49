package io.cairn.cli.client;

import io.cairn.api.tls.PemFiles;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.TrustManagerFactory;

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
      try {
        b.trustManager(trusting(caCertificates(cacert)));
      } catch (IOException | GeneralSecurityException e) {
        throw new ClientException(String.valueOf(e.getMessage()));
      }
    }
    if (!cert.isEmpty() && !key.isEmpty()) {
      try {
        b.keyManager(PemFiles.readPrivateKey(Path.of(key)), certificates(cert));
      } catch (IOException | GeneralSecurityException e) {
        throw new ClientException(String.valueOf(e.getMessage()));
      }
    }
    return build(b);
  }

  /**
   * What Go's TLSInfo.ClientConfig checks before dialling, after the files were read: the key pair
   * and the CA bundle parse, and the key is the certificate's.
   *
   * @throws ClientException with Go's message (etcdctl exits with its bad-arguments code)
   */
  public void verify() {
    try {
      if (!cert.isEmpty() && !key.isEmpty()) {
        X509Certificate[] chain = certificates(cert);
        PrivateKey privateKey = PemFiles.readPrivateKey(Path.of(key));
        if (chain.length > 0) {
          PemFiles.checkPair(privateKey, chain[0]);
        }
      }
      if (!cacert.isEmpty()) {
        caCertificates(cacert);
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new ClientException(String.valueOf(e.getMessage()));
    }
  }

  /** A CA bundle: Go reads every PEM block as a certificate, and a file without any as no CA. */
  private static X509Certificate[] caCertificates(String file) throws IOException, GeneralSecurityException {
    if (!Files.readString(Path.of(file), java.nio.charset.StandardCharsets.ISO_8859_1).contains("-----BEGIN")) {
      return new X509Certificate[0];
    }
    return certificates(file);
  }

  /** Trust in exactly these roots (none: every server certificate is refused). */
  private static TrustManagerFactory trusting(X509Certificate[] roots) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    for (int i = 0; i < roots.length; i++) {
      store.setCertificateEntry("ca-" + i, roots[i]);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    return tmf;
  }

  private static X509Certificate[] certificates(String file) throws IOException, GeneralSecurityException {
    return PemFiles.readCertificates(Path.of(file)).toArray(X509Certificate[]::new);
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
