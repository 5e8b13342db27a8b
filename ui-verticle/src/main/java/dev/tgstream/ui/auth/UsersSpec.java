package dev.tgstream.ui.auth;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses UI_USERS: entries {@code name:bcrypt-hash[:role]} separated by {@code ;} (whitespace around entries is
 * ignored, so the value may be spread over lines). A hash as {@code htpasswd -nbB name password} prints it works as is.
 * Errors name the entry by position and name, never echo a hash.
 */
public final class UsersSpec {

  /** One entry; {@code role} is empty when the entry names none. */
  public record Entry(String name, String hash, Optional<Role> role) {
    @Override
    public String toString() {
      return "Entry[" + name + ", " + role.map(Role::wireName).orElse("-") + "]";
    }
  }

  private UsersSpec() {
  }

  /** The entries in order; an empty list for null or blank. Throws IllegalArgumentException naming UI_USERS. */
  public static List<Entry> parse(String spec) {
    List<Entry> entries = new ArrayList<>();
    if (spec == null || spec.isBlank()) {
      return entries;
    }
    Set<String> seen = new HashSet<>();
    int position = 0;
    for (String raw : spec.split(";")) {
      String item = raw.strip();
      if (item.isEmpty()) {
        continue;
      }
      position++;
      String[] fields = item.split(":", -1);
      String where = "UI_USERS entry " + position;
      if (fields.length < 2 || fields.length > 3) {
        throw new IllegalArgumentException(where + ": expected name:bcrypt-hash[:role]");
      }
      String name = fields[0].strip();
      if (!User.isValidName(name)) {
        throw new IllegalArgumentException(where + ": user " + User.NAME_RULE);
      }
      where += " (" + name + ")";
      String hash = fields[1].strip();
      if (!PasswordHasher.isHash(hash)) {
        throw new IllegalArgumentException(where + ": the hash must be bcrypt ($2a$, $2b$ or $2y$), as made by "
            + "`htpasswd -nbB name password` or `hash-password`");
      }
      Optional<Role> role = Optional.empty();
      if (fields.length == 3) {
        role = Role.fromWire(fields[2].strip());
        if (role.isEmpty()) {
          throw new IllegalArgumentException(where + ": role must be admin or viewer");
        }
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException(where + ": the name appears twice");
      }
      entries.add(new Entry(name, hash, role));
    }
    return entries;
  }
}
