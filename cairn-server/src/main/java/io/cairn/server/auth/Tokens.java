package io.cairn.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import io.cairn.server.config.GoValues;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token provider {@code --auth-token} names, as etcd parses it: {@code simple}, or {@code
 * jwt,sign-method=M,priv-key=FILE,pub-key=FILE,ttl=D} with RS256/384/512, PS256/384/512,
 * ES256/384/512 (PEM keys) or HS256/384/512 (the private key file's bytes are the secret). A bad
 * option stops the start with etcd's error and the reason.
 */
public final class Tokens {
  private static final Logger LOG = LoggerFactory.getLogger(Tokens.class);
  private static final Set<String> JWT_OPTIONS = Set.of("sign-method", "pub-key", "priv-key", "ttl");
  private static final Duration DEFAULT_JWT_TTL = Duration.ofMinutes(5);

  private Tokens() {}

  public static TokenProvider simple(long ttlSeconds) {
    return new SimpleTokens(ttlSeconds, System::nanoTime);
  }

  /** @throws IllegalArgumentException "auth: invalid auth options" and why */
  public static TokenProvider fromSpec(String spec, long simpleTtlSeconds) {
    String[] parts = spec.split(",", -1);
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      String[] pair = parts[i].split("=", -1);
      if (pair.length != 2 || options.putIfAbsent(pair[0], pair[1]) != null) {
        throw invalid("bad option \"" + parts[i] + "\" in --auth-token " + spec);
      }
    }
    return switch (parts[0]) {
      case "simple" -> simple(simpleTtlSeconds);
      case "jwt" -> jwt(options);
      default -> throw invalid("unknown token type \"" + parts[0] + "\" (simple or jwt)");
    };
  }

  private static IllegalArgumentException invalid(String why) {
    return new IllegalArgumentException("auth: invalid auth options: " + why);
  }

  private static TokenProvider jwt(Map<String, String> options) {
    for (String k : options.keySet()) {
      if (!JWT_OPTIONS.contains(k)) {
        LOG.warn("unknown JWT option {} ignored, as etcd does (known: {})", k, JWT_OPTIONS);
      }
    }
    String ttlText = options.getOrDefault("ttl", "");
    Duration ttl = ttlText.isEmpty() ? DEFAULT_JWT_TTL : GoValues.parseDuration(ttlText);
    String method = options.getOrDefault("sign-method", "");
    JWSAlgorithm alg = JWSAlgorithm.parse(method);
    String family = method.length() == 5 ? method.substring(0, 2) : "";
    byte[] priv = read(options.get("priv-key"));
    byte[] pub = read(options.get("pub-key"));
    try {
      return switch (family) {
        case "HS" -> {
          if (priv == null) {
            throw new IllegalArgumentException("auth: missing key data: priv-key, the HMAC secret");
          }
          yield new JwtTokens(alg, new MACSigner(priv), new MACVerifier(priv), ttl,
              System::currentTimeMillis);
        }
        case "RS", "PS" -> {
          KeyPair keys = keys(priv, pub);
          JWSSigner signer = keys.getPrivate() == null ? null
              : new RSASSASigner((RSAPrivateCrtKey) keys.getPrivate());
          RSAPublicKey verifyWith = (RSAPublicKey) keys.getPublic();
          JWSVerifier verifier = new RSASSAVerifier(verifyWith);
          yield new JwtTokens(alg, signer, verifier, ttl, System::currentTimeMillis);
        }
        case "ES" -> {
          KeyPair keys = keys(priv, pub);
          JWSSigner signer = keys.getPrivate() == null ? null
              : new ECDSASigner((ECPrivateKey) keys.getPrivate());
          yield new JwtTokens(alg, signer, new ECDSAVerifier((ECPublicKey) keys.getPublic()), ttl,
              System::currentTimeMillis);
        }
        default -> throw new IllegalArgumentException(
            "auth: invalid auth signature method \"" + method + "\"");
      };
    } catch (JOSEException | ClassCastException e) {
      throw invalid("the key does not suit " + method + ": " + e.getMessage());
    }
  }

  private static byte[] read(String file) {
    if (file == null || file.isEmpty()) {
      return null;
    }
    try {
      return Files.readAllBytes(Path.of(file));
    } catch (IOException e) {
      throw invalid("cannot read " + file + ": " + e.getMessage());
    }
  }

  /**
   * The key pair from PEM files: the private key (its public half derived from it) and/or the public
   * key, which must match; a public key alone verifies only.
   */
  private static KeyPair keys(byte[] priv, byte[] pub) {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    KeyPair fromPrivate = null;
    PublicKey publicKey = null;
    try {
      if (priv != null) {
        Object o = pem(priv);
        if (o instanceof PEMKeyPair kp) {
          fromPrivate = converter.getKeyPair(kp);
        } else if (o instanceof PrivateKeyInfo info) {
          PrivateKey key = converter.getPrivateKey(info);
          fromPrivate = new KeyPair(key instanceof RSAPrivateCrtKey rsa ? publicOf(rsa) : null, key);
        } else {
          throw invalid("priv-key holds no PEM private key");
        }
      }
      if (pub != null) {
        Object o = pem(pub);
        if (!(o instanceof SubjectPublicKeyInfo info)) {
          throw invalid("pub-key holds no PEM public key");
        }
        publicKey = converter.getPublicKey(info);
      }
    } catch (IOException e) {
      throw invalid("unreadable PEM key: " + e.getMessage());
    }
    if (fromPrivate == null && publicKey == null) {
      throw new IllegalArgumentException("auth: missing key data: priv-key or pub-key");
    }
    PublicKey derived = fromPrivate == null ? null : fromPrivate.getPublic();
    if (derived != null && publicKey != null
        && !java.util.Arrays.equals(derived.getEncoded(), publicKey.getEncoded())) {
      throw new IllegalArgumentException("auth: public and private keys don't match");
    }
    PublicKey verifyWith = publicKey != null ? publicKey : derived;
    if (verifyWith == null) {
      throw new IllegalArgumentException("auth: missing key data: give the EC key as an \"EC PRIVATE"
          + " KEY\" PEM (openssl ecparam -genkey), or add pub-key");
    }
    return new KeyPair(verifyWith, fromPrivate == null ? null : fromPrivate.getPrivate());
  }

  private static Object pem(byte[] bytes) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(new String(bytes,
        java.nio.charset.StandardCharsets.US_ASCII)))) {
      return parser.readObject();
    }
  }

  /** A PKCS#8 RSA key carries its public exponent, so its public half is known. */
  private static PublicKey publicOf(RSAPrivateCrtKey rsa) {
    try {
      return java.security.KeyFactory.getInstance("RSA").generatePublic(
          new java.security.spec.RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
    } catch (java.security.GeneralSecurityException e) {
      throw invalid(e.getMessage());
    }
  }
}
