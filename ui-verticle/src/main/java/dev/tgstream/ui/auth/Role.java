package dev.tgstream.ui.auth;

import java.util.Locale;
import java.util.Optional;

/** What a signed-in person may do: admins also manage users and see stats; viewers browse, stream and keep progress. */
public enum Role {
  ADMIN, VIEWER;

  /** The lower-case name used in JSON, users.json and UI_USERS. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromWire(String value) {
    for (Role r : values()) {
      if (r.wireName().equals(value)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
