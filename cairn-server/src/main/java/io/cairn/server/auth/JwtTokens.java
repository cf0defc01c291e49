package io.cairn.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.cairn.server.errors.EtcdError;
import java.text.ParseException;
import java.time.Duration;
import java.util.Date;
import java.util.function.LongSupplier;

/**
 * etcd's JWT tokens: claims {@code username}, {@code revision} (the auth revision when it was made)
 * and {@code exp}, signed with the configured key, so any member checks one without the log, and a
 * token made before an auth change is refused after it ("revision of auth store is old"). With a
 * public key alone a member checks tokens but makes none.
 */
final class JwtTokens implements TokenProvider {
  private final JWSAlgorithm algorithm;
  private final JWSSigner signer;
  private final JWSVerifier verifier;
  private final Duration ttl;
  private final LongSupplier wallClockMillis;

  /** {@code signer} null: verify only. */
  JwtTokens(JWSAlgorithm algorithm, JWSSigner signer, JWSVerifier verifier, Duration ttl,
      LongSupplier wallClockMillis) {
    this.algorithm = algorithm;
    this.signer = signer;
    this.verifier = verifier;
    this.ttl = ttl;
    this.wallClockMillis = wallClockMillis;
  }

  @Override
  public String assign(String prefix, long index, String username, long revision) {
    if (signer == null) {
      throw EtcdError.VERIFY_ONLY.exception();
    }
    // seconds, as Go's jwt writes exp
    long expires = (wallClockMillis.getAsLong() + ttl.toMillis()) / 1000 * 1000;
    JWTClaimsSet claims = new JWTClaimsSet.Builder().claim("username", username)
        .claim("revision", revision).expirationTime(new Date(expires)).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing a JWT failed", e);
    }
    return jwt.serialize();
  }

  @Override
  public AuthInfo info(String token, long currentRevision) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!jwt.getHeader().getAlgorithm().equals(algorithm) || !jwt.verify(verifier)) {
        return null;
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date exp = claims.getExpirationTime();
      if (exp != null && exp.getTime() <= wallClockMillis.getAsLong()) {
        return null;
      }
      String user = claims.getStringClaim("username");
      Object revision = claims.getClaim("revision");
      if (user == null || !(revision instanceof Number n)) {
        return null;
      }
      return new AuthInfo(user, n.longValue());
    } catch (ParseException | JOSEException | IllegalStateException e) {
      return null;
    }
  }

  @Override
  public boolean usesPrefix() {
    return false;
  }

  @Override
  public void invalidateUser(String username) {
    // a JWT is valid until it expires, as in etcd
  }

  @Override
  public void clear() {
    // nothing is kept
  }
}
