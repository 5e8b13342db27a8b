package dev.tgstream.ui.auth;

import java.util.regex.Pattern;

/**
 * A person who may sign in. {@code hash} is a bcrypt hash ($2a$, $2b$ or $2y$), never the password.
 */
public record User(String name, String hash, Role role) {

  /** 1–32 characters: letters, digits, dot, underscore, hyphen. Safe in URLs, logs and file names. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,32}");
  public static final String NAME_RULE = "name must be 1-32 characters of letters, digits, '.', '_' or '-'";

  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  public User withHash(String newHash) {
    return new User(name, newHash, role);
  }

  public User withRole(Role newRole) {
    return new User(name, hash, newRole);
  }

  @Override
  public String toString() {
    // Keeps hashes out of logs and exception messages.
    return "User[" + name + ", " + role.wireName() + "]";
  }
}
