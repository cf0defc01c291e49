package io.cairn.server.auth;

/**
 * Who sent a request, as its token said (etcd's AuthInfo): the user name and the auth revision the
 * member that took the request saw. The empty one (no token) has revision 0.
 */
public record AuthInfo(String username, long revision) {
  public static final AuthInfo NONE = new AuthInfo("", 0);
}
