package io.cairn.server.tls;

import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;

/**
 * The SSL context of a TLS client listener from its credentials. The listener serves gRPC and
 * HTTP/1.1 (etcd's one TLS listener for both): ALPN prefers http/1.1 when the client offers it,
 * so curl and browsers get HTTP/1.1, while gRPC clients, which offer only h2, get h2.
 */
public final class NettySslContexts {
  private NettySslContexts() {}

  public static SslContext forServer(TlsCredentials credentials) {
    // gRPC's configure sets HTTP/2's ALPN and cipher list: ours are set after it
    SslContextBuilder b = GrpcSslContexts.configure(SslContextBuilder.forServer(credentials.keyManager()),
        SslProvider.JDK);
    b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
        ApplicationProtocolNames.HTTP_1_1, ApplicationProtocolNames.HTTP_2));
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
