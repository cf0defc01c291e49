package io.cairn.server.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a connection's first bytes say it speaks, byte by byte as they may arrive. */
class SharedPortNegotiatorTest {
  private static SharedPortNegotiator.Kind kind(String bytes) {
    return SharedPortNegotiator.kind(Unpooled.wrappedBuffer(bytes.getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void theHttp2PrefaceIsGrpcOnlyWhenWhole() {
    String preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    for (int n = 1; n < preface.length(); n++) {
      assertThat(kind(preface.substring(0, n))).as("%d bytes", n).isEqualTo(SharedPortNegotiator.Kind.UNDECIDED);
    }
    assertThat(kind(preface)).isEqualTo(SharedPortNegotiator.Kind.GRPC);
    assertThat(kind(preface + "\0\0\0\4")).isEqualTo(SharedPortNegotiator.Kind.GRPC);
  }

  @Test
  void anHttp1RequestLineIsHttp1OnceItsMethodIsWhole() {
    assertThat(kind("G")).isEqualTo(SharedPortNegotiator.Kind.UNDECIDED);
    assertThat(kind("GET")).isEqualTo(SharedPortNegotiator.Kind.UNDECIDED);
    assertThat(kind("GET ")).isEqualTo(SharedPortNegotiator.Kind.HTTP1);
    assertThat(kind("POST /v3/kv/range HTTP/1.1\r\n")).isEqualTo(SharedPortNegotiator.Kind.HTTP1);
    assertThat(kind("P")).isEqualTo(SharedPortNegotiator.Kind.UNDECIDED); // PRI, POST, PUT, PATCH
    assertThat(kind("PU")).isEqualTo(SharedPortNegotiator.Kind.UNDECIDED);
    assertThat(kind("OPTIONS * HTTP/1.1")).isEqualTo(SharedPortNegotiator.Kind.HTTP1);
  }

  @Test
  void anythingElseIsNeither() {
    assertThat(kind("hello")).isEqualTo(SharedPortNegotiator.Kind.NEITHER);
    assertThat(kind("\u0016\u0003\u0001")).isEqualTo(SharedPortNegotiator.Kind.NEITHER); // TLS on a plain port
    assertThat(kind("GETX ")).isEqualTo(SharedPortNegotiator.Kind.NEITHER);
    assertThat(kind("PRI * HTTP/1.1")).isEqualTo(SharedPortNegotiator.Kind.NEITHER);
  }
}
