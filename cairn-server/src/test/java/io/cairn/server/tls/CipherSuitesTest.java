package io.cairn.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.server.tls.TlsCredentialsLoader.Side;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CipherSuitesTest {
  @Test
  void goNamesBecomeJdkNamesWithTls13Kept() {
    assertThat(CipherSuites.toJdk(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305")))
        .containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");
  }

  @Test
  void noNamesMeanTheJdkDefaults() {
    assertThat(CipherSuites.toJdk(List.of())).isEmpty();
  }

  @Test
  void anUnknownNameIsRefusedWithEtcdsMessage() {
    assertThatThrownBy(() -> CipherSuites.toJdk(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "BOGUS")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unexpected TLS cipher suite \"BOGUS\"");
  }

  @Test
  void aSuiteGoHasButTheJdkLacksIsRefusedByName() {
    assertThatThrownBy(() -> CipherSuites.toJdk(List.of("TLS_RSA_WITH_RC4_128_SHA")))
        .hasMessageContaining("\"TLS_RSA_WITH_RC4_128_SHA\" is not supported");
  }

  @Test
  void everyMappedSuiteIsOneTheJdkImplements() throws Exception {
    List<String> supported = List.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
    List<String> all = List.of("TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_256_CBC_SHA",
        "TLS_RSA_WITH_AES_128_CBC_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305");

    assertThat(supported).containsAll(CipherSuites.toJdk(all));
  }

  @Test
  void theClientListenerEnablesOnlyTheGivenSuitesAndTls13(@TempDir Path dir) {
    TlsInfo info = new TlsInfo(null, null, null, false, null, null, true,
        List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));
    TlsCredentials c = TlsCredentialsLoader.load(info, Side.CLIENT, dir,
        List.of(URI.create("https://127.0.0.1:2379"))).orElseThrow();

    assertThat(NettySslContexts.forServer(c).cipherSuites()).containsExactlyInAnyOrder(
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256");
  }
}
