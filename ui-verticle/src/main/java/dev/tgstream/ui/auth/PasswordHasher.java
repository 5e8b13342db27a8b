package dev.tgstream.ui.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * bcrypt, compatible with {@code htpasswd -nbB}: new hashes are {@code $2y$} at cost 10, and $2a$, $2b$ and $2y$ hashes
 * of any cost verify. Hashing and verifying take tens of milliseconds on purpose: call them off the event loop.
 */
public final class PasswordHasher {

  public static final int COST = 10;
  public static final int MIN_PASSWORD_LENGTH = 8;
  /** bcrypt reads at most 72 bytes; longer passwords are refused rather than silently cut. */
  public static final int MAX_PASSWORD_BYTES = 72;

  private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2Y;

  private PasswordHasher() {
  }

  /** A new $2y$ hash at cost 10 (what the {@code hash-password} command prints). Blocking. */
  public static String hash(String password) {
    return hash(password, COST);
  }

  /** A new $2y$ hash at the given cost (4..31). Blocking. */
  public static String hash(String password, int cost) {
    return BCrypt.with(VERSION, RANDOM, LongPasswordStrategies.strict(VERSION))
        .hashToString(cost, password.toCharArray());
  }

  /**
   * Whether {@code password} matches {@code hash}. False for malformed hashes. Passwords beyond 72 bytes are cut as
   * htpasswd cuts them, so hashes made elsewhere keep working. Blocking.
   */
  public static boolean verify(String password, String hash) {
    if (password == null || !isHash(hash)) {
      return false;
    }
    BCrypt.Result result = BCrypt.verifyer(VERSION, LongPasswordStrategies.truncate(VERSION))
        .verify(password.toCharArray(), hash);
    return result.validFormat && result.verified;
  }

  /** Whether {@code value} is a bcrypt hash we can verify. */
  public static boolean isHash(String value) {
    return value != null && BCRYPT.matcher(value).matches();
  }

  /** The cost factor of a bcrypt hash. */
  public static int costOf(String hash) {
    if (!isHash(hash)) {
      throw new IllegalArgumentException("not a bcrypt hash");
    }
    return Integer.parseInt(hash.substring(4, 6));
  }

  /** Null when the password is acceptable for a new or changed account, else what is wrong with it. */
  public static String checkStrength(String password) {
    if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD_LENGTH) {
      return "password must be at least " + MIN_PASSWORD_LENGTH + " characters";
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
      return "password must be at most " + MAX_PASSWORD_BYTES + " bytes (bcrypt's limit)";
    }
    return null;
  }

  /** A random password of 24 URL-safe characters (144 bits), for the first admin. */
  public static String randomPassword() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
