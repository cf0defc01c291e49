package io.cairn.server.tls;

import io.cairn.server.fileutil.DurableFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Auto-TLS certificates, as etcd's {@code transport.SelfCert}: a self-signed ECDSA certificate and
 * its key in {@code cert.pem} and {@code key.pem} of a directory, made once and reused as found
 * afterwards (even if the hosts have changed since, as etcd does), valid for a year, naming the
 * hosts of the given URLs as subject alternative names. The key is written in SEC 1 form ("EC
 * PRIVATE KEY"), readable by the owner only, as Go writes it.
 */
public final class SelfSignedCertificates {
  public static final String CERT_FILE = "cert.pem";
  public static final String KEY_FILE = "key.pem";
  static final Duration VALIDITY = Duration.ofDays(365);

  private SelfSignedCertificates() {}

  /** The certificate and key files in {@code dir}, made now if either is missing. */
  public static TlsFiles ensure(Path dir, Collection<URI> urls) {
    return ensure(dir, urls, Clock.systemUTC());
  }

  static TlsFiles ensure(Path dir, Collection<URI> urls, Clock clock) {
    TlsFiles files = new TlsFiles(dir.resolve(CERT_FILE), dir.resolve(KEY_FILE));
    if (Files.exists(files.certFile()) && Files.exists(files.keyFile())) {
      return files;
    }
    try {
      Files.createDirectories(dir);
      KeyPair pair = newKeyPair();
      // each file whole or absent after a crash; the certificate last, as a key without it is
      // made again
      writeOwnerOnly(files.keyFile(), pem(sec1(pair)));
      DurableFiles.write(files.certFile(),
          pem(certificate(pair, hosts(urls), clock.instant())).getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the auto-TLS certificate in " + dir, e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make the auto-TLS certificate for " + dir, e);
    }
    return files;
  }

  /** The distinct hosts of the URLs, in order. */
  static Set<String> hosts(Collection<URI> urls) {
    Set<String> hosts = new LinkedHashSet<>();
    for (URI u : urls) {
      if (u.getHost() != null) {
        // an IPv6 host comes in brackets
        hosts.add(u.getHost().replaceAll("^\\[|\\]$", ""));
      }
    }
    return hosts;
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    return g.generateKeyPair();
  }

  private static X509Certificate certificate(KeyPair pair, Set<String> hosts,
      Instant now) throws IOException, GeneralSecurityException, OperatorCreationException {
    X500Name subject = new X500Name("O=cairn");
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject,
        new BigInteger(128, new SecureRandom()), Date.from(now), Date.from(now.plus(VALIDITY)),
        subject, pair.getPublic());
    b.addExtension(Extension.keyUsage, true,
        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
    // client authentication too: a peer's certificate also identifies it on the Raft connections
    // it opens (etcd 3.5 adds it for peers)
    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    List<GeneralName> names = hosts.stream().map(SelfSignedCertificates::name).toList();
    if (!names.isEmpty()) {
      b.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(names.toArray(GeneralName[]::new)));
    }
    var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(b.build(signer));
  }

  private static GeneralName name(String host) {
    // an IP literal only: never resolve a name here
    if (host.matches("[0-9.]+") || host.contains(":")) {
      try {
        return new GeneralName(GeneralName.iPAddress,
            new DEROctetString(InetAddress.getByName(host).getAddress()));
      } catch (UnknownHostException notAnAddress) {
        // fall through to a DNS name
      }
    }
    return new GeneralName(GeneralName.dNSName, host);
  }

  /**
   * The key as Go's {@code x509.MarshalECPrivateKey} writes it: SEC 1 with the named curve and the
   * public key inside (the JDK's PKCS#8 encoding leaves the curve to the outer structure, which a
   * SEC 1 file does not have).
   */
  static PemObject sec1(KeyPair pair) throws IOException {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
    ECPrivateKey key = (ECPrivateKey) pair.getPrivate();
    var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(key.getParams().getOrder().bitLength(), key.getS(),
        SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()).getPublicKeyData(),
        info.getPrivateKeyAlgorithm().getParameters());
    return new PemObject("EC PRIVATE KEY", sec1.getEncoded());
  }

  private static String pem(Object o) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(o);
    }
    return out.toString();
  }

  private static void writeOwnerOnly(Path file, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
    try {
      DurableFiles.write(file, bytes,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      DurableFiles.write(file, bytes);
    }
  }
}
