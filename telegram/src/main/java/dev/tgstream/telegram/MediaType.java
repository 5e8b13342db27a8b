package dev.tgstream.telegram;

import java.util.Locale;
import java.util.Optional;

/** The coarse kind of a file, used by the browse filters. */
public enum MediaType {
  VIDEO, AUDIO, DOCUMENT, PHOTO;

  /** The lower-case name used in URLs and JSON. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<MediaType> fromWire(String value) {
    if (value == null) {
      return Optional.empty();
    }
    for (MediaType t : values()) {
      if (t.wireName().equals(value)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  public static MediaType fromMime(String mime) {
    if (mime == null) {
      return DOCUMENT;
    }
    if (mime.startsWith("video/")) {
      return VIDEO;
    }
    if (mime.startsWith("audio/")) {
      return AUDIO;
    }
    if (mime.startsWith("image/")) {
      return PHOTO;
    }
    return DOCUMENT;
  }
}
