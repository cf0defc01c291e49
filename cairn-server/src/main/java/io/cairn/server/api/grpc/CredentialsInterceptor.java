package io.cairn.server.api.grpc;

import io.cairn.server.auth.Credentials;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Puts a call's {@link Credentials} in its context: the token of etcd's {@code token} metadata
 * (or {@code authorization}, the gateway's), and with {@code --client-cert-auth} the common name of
 * the client's verified certificate.
 */
public final class CredentialsInterceptor implements ServerInterceptor {
  private static final Metadata.Key<String> TOKEN =
      Metadata.Key.of("token", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final boolean clientCertAuth;

  public CredentialsInterceptor(boolean clientCertAuth) {
    this.clientCertAuth = clientCertAuth;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String token = headers.get(TOKEN);
    if (token == null) {
      token = headers.get(AUTHORIZATION);
    }
    String commonName = clientCertAuth ? commonName(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)) : null;
    if (token == null && commonName == null) {
      return next.startCall(call, headers);
    }
    return Contexts.interceptCall(
        Context.current().withValue(Credentials.KEY, new Credentials(token, commonName)), call,
        headers, next);
  }

  private static String commonName(SSLSession session) {
    if (session == null) {
      return null;
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
        return null;
      }
      for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return rdn.getValue().toString();
        }
      }
      return null;
    } catch (SSLPeerUnverifiedException | InvalidNameException e) {
      return null;
    }
  }
}
