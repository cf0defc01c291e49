package io.cairn.server.tls;

import io.cairn.api.tls.PemFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Turns one side's {@link TlsInfo} into {@link TlsCredentials} at start, as etcd's {@code
 * TLSInfo.ServerConfig}/{@code ClientConfig} and {@code Config.ClientSelfCert}/{@code PeerSelfCert}
 * do: certificate files win over auto-TLS; auto-TLS makes (or reuses) a self-signed certificate under
 * {@code <data-dir>/fixtures/<side>} and replaces every other setting of the side, so it encrypts
 * without authenticating. Every file is read and checked now: a missing, unreadable or malformed file,
 * or a key that is not the certificate's, stops the start with a message naming the flag and file.
 */
public final class TlsCredentialsLoader {
  /** The two sides, which differ in their flags' names and fixtures directory. */
  public enum Side {
    CLIENT("--", "client"),
    PEER("--peer-", "peer");

    private final String flagPrefix;
    private final String fixtures;

    Side(String flagPrefix, String fixtures) {
      this.flagPrefix = flagPrefix;
      this.fixtures = fixtures;
    }

    String flag(String name) {
      return flagPrefix + name;
    }

    String crlFlag() {
      return this == CLIENT ? "--client-crl-file" : "--peer-crl-file";
    }
  }

  private static final char[] IN_MEMORY_PASSWORD = new char[0];

  private TlsCredentialsLoader() {}

  /**
   * The credentials of a side, or empty when it has neither certificate files nor auto-TLS.
   *
   * @param urls the side's listen and advertise URLs: their hosts name an auto-TLS certificate
   * @throws IllegalArgumentException naming the flag and file that cannot be used
   */
  public static Optional<TlsCredentials> load(TlsInfo info, Side side, Path dataDir, Collection<URI> urls) {
    List<String> ciphers = CipherSuites.toJdk(info.cipherSuites());
    if (!info.hasCertFiles()) {
      if (!info.autoTls()) {
        return Optional.empty();
      }
      TlsFiles files = SelfSignedCertificates.ensure(dataDir.resolve("fixtures").resolve(side.fixtures), urls);
      return Optional.of(new TlsCredentials(keyManager(side, files), TrustManagers.trustingAll(), false, ciphers));
    }
    if (info.certFile() == null || info.keyFile() == null) {
      throw new IllegalArgumentException("KeyFile and CertFile must both be present[key: "
          + orEmpty(info.keyFile()) + ", cert: " + orEmpty(info.certFile()) + "]");
    }
    X509ExtendedKeyManager keys = keyManager(side, new TlsFiles(info.certFile(), info.keyFile()));
    List<X509Certificate> cas = info.trustedCaFile() == null ? List.of()
        : readCertificates(side.flag("trusted-ca-file"), info.trustedCaFile());
    X509ExtendedTrustManager trust;
    try {
      trust = TrustManagers.trusting(cas);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(fileError(side.flag("trusted-ca-file"), info.trustedCaFile(), e), e);
    }
    if (info.crlFile() != null) {
      trust = TrustManagers.refusingRevoked(trust, readCrls(side.crlFlag(), info.crlFile()));
    }
    if (info.allowedCn() != null) {
      trust = TrustManagers.requiringCommonName(trust, info.allowedCn());
    }
    boolean requireClientCert = info.trustedCaFile() != null || info.clientCertAuth();
    return Optional.of(new TlsCredentials(keys, trust, requireClientCert, ciphers));
  }

  private static X509ExtendedKeyManager keyManager(Side side, TlsFiles files) {
    String certFlag = side.flag("cert-file");
    String keyFlag = side.flag("key-file");
    List<X509Certificate> chain = readCertificates(certFlag, files.certFile());
    PrivateKey key;
    try {
      readable(files.keyFile());
      key = PemFiles.readPrivateKey(files.keyFile());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(fileError(keyFlag, files.keyFile(), e), e);
    }
    try {
      PemFiles.checkPair(key, chain.get(0));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(keyFlag + " " + files.keyFile() + " does not match " + certFlag
          + " " + files.certFile() + ": " + e.getMessage(), e);
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("cairn", key, IN_MEMORY_PASSWORD, chain.toArray(X509Certificate[]::new));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, IN_MEMORY_PASSWORD);
      for (KeyManager km : kmf.getKeyManagers()) {
        if (km instanceof X509ExtendedKeyManager x) {
          return x;
        }
      }
      throw new GeneralSecurityException("the JDK has no X.509 key manager");
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(fileError(keyFlag, files.keyFile(), e), e);
    }
  }

  private static List<X509Certificate> readCertificates(String flag, Path file) {
    try {
      readable(file);
      List<X509Certificate> certs = PemFiles.readCertificates(file);
      if (certs.isEmpty()) {
        throw new GeneralSecurityException("tls: failed to find any PEM data in certificate input");
      }
      return certs;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(fileError(flag, file, e), e);
    }
  }

  private static List<X509CRL> readCrls(String flag, Path file) {
    try {
      readable(file);
      try (InputStream in = Files.newInputStream(file)) {
        List<X509CRL> crls = CertificateFactory.getInstance("X.509").generateCRLs(in).stream()
            .map(X509CRL.class::cast).toList();
        if (crls.isEmpty()) {
          throw new GeneralSecurityException("no certificate revocation list found");
        }
        return crls;
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(fileError(flag, file, e), e);
    }
  }

  /** Fails as Go's ioutil.ReadFile would, so the message says what is wrong with the file. */
  private static void readable(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException("read " + file + ": is a directory");
    }
    try (InputStream in = Files.newInputStream(file)) {
      in.read();
    } catch (NoSuchFileException e) {
      throw new IOException("open " + file + ": no such file or directory", e);
    } catch (AccessDeniedException e) {
      throw new IOException("open " + file + ": permission denied", e);
    }
  }

  private static String fileError(String flag, Path file, Exception e) {
    return "cannot use " + flag + " " + file + ": " + e.getMessage();
  }

  private static String orEmpty(Path p) {
    return p == null ? "" : p.toString();
  }
}
