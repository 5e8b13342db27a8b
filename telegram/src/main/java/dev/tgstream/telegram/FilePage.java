package dev.tgstream.telegram;

import java.util.List;

/** One page of files; {@code next} is an opaque cursor for the following page, or null at the end. */
public record FilePage(List<MediaFile> items, String next) {
  public FilePage {
    items = List.copyOf(items);
  }
}
