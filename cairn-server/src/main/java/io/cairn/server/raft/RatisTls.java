package io.cairn.server.raft;

import io.cairn.server.tls.TlsCredentials;
import java.util.Optional;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;

/**
 * Peer TLS on Ratis's gRPC transport. One configuration ({@code raft.grpc.tls.conf}) covers the
 * server's port and every connection the engine opens: appends and votes to other members, and the
 * forwarding and asking RaftClients. Mutual TLS in Ratis's sense (the server requires client
 * certificates and clients present theirs) is etcd's peer client-cert-auth; without it clients still
 * verify the server with the trust manager (auto-TLS: one that trusts all).
 */
final class RatisTls {
  private RatisTls() {}

  static Parameters parameters(Optional<TlsCredentials> tls) {
    Parameters p = new Parameters();
    tls.ifPresent(t -> GrpcConfigKeys.TLS.setConf(p, config(t)));
    return p;
  }

  private static GrpcTlsConfig config(TlsCredentials t) {
    GrpcTlsConfig.Builder b = GrpcTlsConfig.newBuilder()
        .setKeyManager(t.keyManager())
        .setTrustManager(t.trustManager())
        .setMutualTls(t.requireClientCert())
        .setProtocols(TlsCredentials.PROTOCOLS);
    if (!t.cipherSuites().isEmpty()) {
      b.setCipherSuites(t.cipherSuites());
    }
    return b.build();
  }
}
