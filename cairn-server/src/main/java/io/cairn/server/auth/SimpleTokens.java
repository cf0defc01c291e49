package io.cairn.server.auth;

import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * etcd's simple tokens: a random 16-letter prefix chosen by the member that checked the password,
 * and the log index that assigned it. Every member applies the assignment, so any member knows the
 * token. A token lives {@code --auth-token-ttl} seconds from its last use; deleting a user or
 * changing its password ends that user's tokens, and disabling auth ends them all.
 */
final class SimpleTokens implements TokenProvider {
  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final int PREFIX_LENGTH = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Holder(String username, long expiresAtNanos) {}

  private final long ttlNanos;
  private final LongSupplier clock;
  private final Map<String, Holder> tokens = new ConcurrentHashMap<>();

  SimpleTokens(long ttlSeconds, LongSupplier clock) {
    this.ttlNanos = ttlSeconds * 1_000_000_000L;
    this.clock = clock;
  }

  static String newPrefix() {
    StringBuilder b = new StringBuilder(PREFIX_LENGTH);
    for (int i = 0; i < PREFIX_LENGTH; i++) {
      b.append(LETTERS.charAt(RANDOM.nextInt(LETTERS.length())));
    }
    return b.toString();
  }

  @Override
  public String assign(String prefix, long index, String username, long revision) {
    String token = prefix + "." + index;
    tokens.put(token, new Holder(username, clock.getAsLong() + ttlNanos));
    return token;
  }

  /**
   * The token's user at the current revision (a simple token carries none), renewing the token;
   * null for an unknown or expired one.
   */
  @Override
  public AuthInfo info(String token, long currentRevision) {
    String user = use(token);
    return user == null ? null : new AuthInfo(user, currentRevision);
  }

  @Override
  public boolean usesPrefix() {
    return true;
  }

  private String use(String token) {
    long now = clock.getAsLong();
    Holder h = tokens.get(token);
    if (h == null) {
      return null;
    }
    if (now - h.expiresAtNanos() > 0) {
      tokens.remove(token, h);
      return null;
    }
    tokens.replace(token, h, new Holder(h.username(), now + ttlNanos));
    return h.username();
  }

  @Override
  public void invalidateUser(String username) {
    tokens.values().removeIf(h -> h.username().equals(username));
  }

  @Override
  public void clear() {
    tokens.clear();
  }
}
