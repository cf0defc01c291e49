package io.cairn.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --auth-token parsing as etcd's, and JWTs that carry their user and revision until they expire. */
class TokensTest {
  @Test
  void badSpecsAreRefusedWithTheReason(@TempDir Path tmp) throws Exception {
    assertThat(Tokens.fromSpec("simple", 300)).isInstanceOf(SimpleTokens.class);
    assertThatThrownBy(() -> Tokens.fromSpec("opaque", 300))
        .hasMessage("auth: invalid auth options: unknown token type \"opaque\" (simple or jwt)");
    assertThatThrownBy(() -> Tokens.fromSpec("jwt,sign-method", 300))
        .hasMessageStartingWith("auth: invalid auth options: bad option \"sign-method\"");
    assertThatThrownBy(() -> Tokens.fromSpec("jwt,sign-method=RS256", 300))
        .hasMessageStartingWith("auth: missing key data");
    assertThatThrownBy(() -> Tokens.fromSpec("jwt,sign-method=XX999", 300))
        .hasMessageStartingWith("auth: invalid auth signature method");
    Path secret = Files.writeString(tmp.resolve("secret"), "x".repeat(40));
    assertThat(Tokens.fromSpec("jwt,sign-method=HS256,priv-key=" + secret, 300))
        .isInstanceOf(JwtTokens.class);
    Path missing = tmp.resolve("nope.pem");
    assertThatThrownBy(() -> Tokens.fromSpec("jwt,sign-method=RS256,priv-key=" + missing, 300))
        .hasMessageStartingWith("auth: invalid auth options: cannot read " + missing);
  }

  @Test
  void aJwtCarriesItsUserAndRevisionUntilItExpires() throws Exception {
    byte[] key = "k".repeat(32).getBytes(StandardCharsets.UTF_8);
    AtomicLong now = new AtomicLong(1_000_000_000_000L);
    JwtTokens tokens = new JwtTokens(JWSAlgorithm.HS256, new MACSigner(key), new MACVerifier(key),
        Duration.ofMinutes(5), now::get);
    String token = tokens.assign("", 7, "alice", 3);

    assertThat(tokens.info(token, 9)).isEqualTo(new AuthInfo("alice", 3));
    assertThat(tokens.info(token + "x", 9)).isNull();
    now.addAndGet(Duration.ofMinutes(5).toMillis());
    assertThat(tokens.info(token, 9)).isNull();
  }
}
