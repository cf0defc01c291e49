package io.cairn.server.auth;

import io.grpc.Context;

/**
 * What a client call says about its sender: the token in its metadata, and the common name of its
 * verified client certificate when {@code --client-cert-auth} is on. They are resolved into an
 * {@link AuthInfo} only by the requests that need one (as etcd does), so a call with a stale token
 * still gets what needs no user, such as the member list.
 *
 * @param token the token, or null
 * @param commonName the certificate's common name, or null
 */
public record Credentials(String token, String commonName) {
  public static final Credentials NONE = new Credentials(null, null);
  public static final Context.Key<Credentials> KEY = Context.key("cairn-credentials");

  /** The current call's credentials; none outside a client call. */
  public static Credentials current() {
    Credentials c = KEY.get();
    return c == null ? NONE : c;
  }
}
