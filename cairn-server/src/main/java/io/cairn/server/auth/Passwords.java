package io.cairn.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** bcrypt password hashes in the "$2a$" form Go's bcrypt writes, so etcd's stored users check. */
public final class Passwords {
  /** Go's bcrypt bounds and default ({@code --bcrypt-cost}). */
  public static final int MIN_COST = 4;
  public static final int MAX_COST = 31;
  public static final int DEFAULT_COST = 10;

  private static final SecureRandom RANDOM = new SecureRandom();

  private Passwords() {}

  public static byte[] hash(String password, int cost) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return OpenBSDBCrypt.generate("2a", password.toCharArray(), salt, cost)
        .getBytes(StandardCharsets.US_ASCII);
  }

  public static boolean matches(byte[] hash, String password) {
    try {
      return OpenBSDBCrypt.checkPassword(new String(hash, StandardCharsets.US_ASCII),
          password.toCharArray());
    } catch (IllegalArgumentException notAHash) {
      return false;
    }
  }
}
