package dev.tgstream.app;

import java.util.Locale;

/** What this process runs (SPEC "Roles"). */
public enum Role {
  /** UI and streamer in one process on one port, talking over the event bus. */
  ALL,
  /** The UI service of a split deployment (streams through STREAMER_URL). */
  UI,
  /** The dedicated streamer of a split deployment. */
  STREAM;

  static Role parse(String value) {
    for (Role r : values()) {
      if (r.name().toLowerCase(Locale.ROOT).equals(value.trim().toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw new ConfigException("ROLE must be one of all, ui, stream (got '" + value + "')");
  }
}
