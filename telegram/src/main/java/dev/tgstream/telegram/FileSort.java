package dev.tgstream.telegram;

import java.util.Locale;
import java.util.Optional;

/** Sort orders of a channel's files: date newest first, name A→Z, size largest first. */
public enum FileSort {
  DATE, NAME, SIZE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<FileSort> fromWire(String value) {
    if (value == null) {
      return Optional.empty();
    }
    for (FileSort s : values()) {
      if (s.wireName().equals(value)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
