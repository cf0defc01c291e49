package io.cairn.api.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM certificates and private keys as Go's tls.X509KeyPair reads them, with Go's error texts (which
 * cairnctl prints as etcdctl does; the server adds the file's name). Keys come in PKCS#8 ("PRIVATE
 * KEY"), PKCS#1 ("RSA PRIVATE KEY", openssl's traditional RSA form) and SEC 1 ("EC PRIVATE KEY", what
 * cfssl, etcd's auto-TLS and {@code openssl ecparam -genkey} write). The JDK reads only PKCS#8, so the
 * other two are wrapped into PKCS#8 first: this keeps cairnctl free of a crypto library.
 */
public final class PemFiles {
  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");
  /** rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
  private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48,
      (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
  /** id-ecPublicKey (1.2.840.10045.2.1), to be followed by the curve. */
  private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48,
      (byte) 0xce, 0x3d, 0x02, 0x01};

  private PemFiles() {}

  /**
   * Go's tls.X509KeyPair checks: the key parses, is of the certificate's key type and is its
   * public key's pair (checked by signing and verifying).
   *
   * @throws GeneralSecurityException with Go's message
   */
  public static void checkPair(PrivateKey key, X509Certificate cert) throws GeneralSecurityException {
    PublicKey pub = cert.getPublicKey();
    if (!pub.getAlgorithm().equals(key.getAlgorithm())) {
      throw new GeneralSecurityException("tls: private key type does not match public key type");
    }
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm();
    };
    byte[] probe = "cairn key pair check".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(pub);
    verifier.update(probe);
    if (!verifier.verify(signature)) {
      throw new GeneralSecurityException("tls: private key does not match public key");
    }
  }

  /** The private key of a key file, with Go's message when it does not parse. */
  public static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
    try {
      return parse(file);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new GeneralSecurityException("tls: failed to parse private key");
    }
  }

  /**
   * The certificates of a PEM file, in file order (a chain starts with its leaf); a block that is no
   * certificate fails as in Go's parser.
   */
  public static List<X509Certificate> readCertificates(Path file) throws IOException, GeneralSecurityException {
    if (!Files.readString(file, StandardCharsets.ISO_8859_1).contains("-----BEGIN")) {
      throw new GeneralSecurityException("tls: failed to find any PEM data in certificate input");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
          .map(X509Certificate.class::cast).toList();
    } catch (CertificateException e) {
      throw new GeneralSecurityException("x509: malformed tbs certificate");
    }
  }

  private static PrivateKey parse(Path file) throws IOException, GeneralSecurityException {
    Matcher m = BLOCK.matcher(Files.readString(file, StandardCharsets.ISO_8859_1));
    while (m.find()) {
      String type = m.group(1);
      if (!type.endsWith("PRIVATE KEY")) {
        continue; // e.g. openssl's "EC PARAMETERS" block before the key
      }
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      return switch (type) {
        case "RSA PRIVATE KEY" -> KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(pkcs8(RSA_ALGORITHM, der)));
        case "EC PRIVATE KEY" -> KeyFactory.getInstance("EC").generatePrivate(
            new PKCS8EncodedKeySpec(pkcs8(sequence(EC_PUBLIC_KEY_OID, sec1Curve(der)), der)));
        default -> pkcs8Key(der);
      };
    }
    throw new GeneralSecurityException("tls: failed to find any PEM data in key input");
  }

  private static PrivateKey pkcs8Key(byte[] der) throws GeneralSecurityException {
    GeneralSecurityException last = null;
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw last;
  }

  /** PrivateKeyInfo: version 0, the algorithm identifier, the key as an octet string. */
  private static byte[] pkcs8(byte[] algorithm, byte[] key) {
    return sequence(new byte[] {0x02, 0x01, 0x00}, algorithm, tlv(0x04, key));
  }

  /** A DER SEQUENCE of already encoded elements. */
  private static byte[] sequence(byte[]... elements) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] e : elements) {
      body.writeBytes(e);
    }
    return tlv(0x30, body.toByteArray());
  }

  /** The named curve's OID (tag and all) in an ECPrivateKey's [0] parameters. */
  private static byte[] sec1Curve(byte[] der) throws GeneralSecurityException {
    int[] seq = header(der, 0);
    int pos = seq[0];
    int end = seq[0] + seq[1];
    while (pos < end) {
      int[] field = header(der, pos);
      if ((der[pos] & 0xff) == 0xa0) {
        int[] oid = header(der, field[0]);
        byte[] out = new byte[oid[0] + oid[1] - field[0]];
        System.arraycopy(der, field[0], out, 0, out.length);
        return out;
      }
      pos = field[0] + field[1];
    }
    throw new GeneralSecurityException("x509: failed to parse EC private key: no named curve");
  }

  /** {start of content, content length} of the DER element at {@code pos}. */
  private static int[] header(byte[] der, int pos) throws GeneralSecurityException {
    if (pos + 1 >= der.length) {
      throw new GeneralSecurityException("x509: malformed private key");
    }
    int len = der[pos + 1] & 0xff;
    int start = pos + 2;
    if (len >= 0x80) {
      int bytes = len & 0x7f;
      len = 0;
      for (int i = 0; i < bytes; i++) {
        len = (len << 8) | (der[start + i] & 0xff);
      }
      start += bytes;
    }
    return new int[] {start, len};
  }

  private static byte[] tlv(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int len = value.length;
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else if (len < 0x10000) {
      out.write(0x82);
      out.write(len >> 8);
      out.write(len);
    } else {
      out.write(0x83);
      out.write(len >> 16);
      out.write(len >> 8);
      out.write(len);
    }
    out.writeBytes(value);
    return out.toByteArray();
  }
}
