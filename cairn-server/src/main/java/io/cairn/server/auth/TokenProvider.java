package io.cairn.server.auth;

/**
 * How tokens are made and read (etcd's TokenProvider): simple tokens every member learns from the
 * log, or JWTs any member can check with the key.
 */
public interface TokenProvider {
  /** A token for {@code username}, made when the Authenticate at {@code index} is applied. */
  String assign(String prefix, long index, String username, long revision);

  /** The token's user and auth revision, or null for an unknown, expired or forged token. */
  AuthInfo info(String token, long currentRevision);

  /** Whether an Authenticate needs a random prefix (simple tokens name themselves by it). */
  boolean usesPrefix();

  void invalidateUser(String username);

  void clear();
}
