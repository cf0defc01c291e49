package io.cairn.server.tls;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/** A test CA, certificates it signs, CRLs, and PEM files of keys in each form Go reads. */
final class TestPki {
  final KeyPair caKeys;
  final X509Certificate ca;
  private long serial = 1;

  TestPki() throws Exception {
    caKeys = keys("RSA");
    ca = sign(caKeys, "cairn-unit-ca", caKeys, null, true);
  }

  static KeyPair keys(String algorithm) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
    g.initialize(algorithm.equals("EC") ? 256 : 2048);
    return g.generateKeyPair();
  }

  /** A certificate for {@code keys} with this common name, signed by the CA. */
  X509Certificate issue(KeyPair keys, String cn) throws Exception {
    return sign(keys, cn, caKeys, ca, false);
  }

  private X509Certificate sign(KeyPair subjectKeys, String cn, KeyPair issuerKeys, X509Certificate issuer,
      boolean isCa) throws Exception {
    Instant now = Instant.now();
    var b = new JcaX509v3CertificateBuilder(
        issuer == null ? new X500Name("CN=" + cn) : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
        BigInteger.valueOf(serial++), Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))),
        new X500Name("CN=" + cn), subjectKeys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    var signer = new JcaContentSignerBuilder(algorithm(issuerKeys)).build(issuerKeys.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(b.build(signer));
  }

  /** A CRL of the CA listing these certificates as revoked. */
  X509CRL revoking(X509Certificate... revoked) throws Exception {
    var b = new org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder(ca, new Date());
    for (X509Certificate c : revoked) {
      b.addCRLEntry(c.getSerialNumber(), new Date(), CRLReason.keyCompromise);
    }
    return new JcaX509CRLConverter().getCRL(b.build(
        new JcaContentSignerBuilder(algorithm(caKeys)).build(caKeys.getPrivate())));
  }

  private static String algorithm(KeyPair k) {
    return k.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
  }

  static Path writePem(Path file, Object... objects) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      for (Object o : objects) {
        w.writeObject(o);
      }
    }
    Files.writeString(file, out.toString());
    return file;
  }

  /** The key as "PRIVATE KEY" (PKCS#8). */
  static Path writePkcs8(Path file, KeyPair keys) throws Exception {
    return writePem(file, new PemObject("PRIVATE KEY", keys.getPrivate().getEncoded()));
  }

  /** The key in its traditional form: "RSA PRIVATE KEY" (PKCS#1) or "EC PRIVATE KEY" (SEC 1). */
  static Path writeTraditional(Path file, KeyPair keys) throws Exception {
    if (keys.getPrivate().getAlgorithm().equals("EC")) {
      return writePem(file, SelfSignedCertificates.sec1(keys));
    }
    byte[] inner = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded()).parsePrivateKey()
        .toASN1Primitive().getEncoded();
    return writePem(file, new PemObject("RSA PRIVATE KEY", inner));
  }
}
