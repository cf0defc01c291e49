package io.cairn.server.tls;

import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;

/** The SSL context of a TLS client listener (grpc-java's Netty server) from its credentials. */
public final class NettySslContexts {
  private NettySslContexts() {}

  public static SslContext forServer(TlsCredentials credentials) {
    // gRPC's configure sets HTTP/2's ALPN and cipher list: ours are set after it
    SslContextBuilder b = GrpcSslContexts.configure(SslContextBuilder.forServer(credentials.keyManager()),
        SslProvider.JDK);
    b.protocols(TlsCredentials.PROTOCOLS);
    if (!credentials.cipherSuites().isEmpty()) {
      b.ciphers(credentials.cipherSuites());
    }
    if (credentials.requireClientCert()) {
      b.clientAuth(ClientAuth.REQUIRE).trustManager(credentials.trustManager());
    }
    try {
      return b.build();
    } catch (SSLException e) {
      throw new IllegalArgumentException("cannot set up TLS for clients: " + e.getMessage(), e);
    }
  }
}
