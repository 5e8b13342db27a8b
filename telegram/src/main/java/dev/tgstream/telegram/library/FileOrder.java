package dev.tgstream.telegram.library;

import dev.tgstream.telegram.FileSort;
import dev.tgstream.telegram.MediaFile;

import java.util.Comparator;
import java.util.Locale;

/**
 * A file's place in a sort order: the sort key and the id that breaks ties. Listing sorts by it and cursors
 * carry it, so "the files after the cursor" means exactly the same thing on every page, even when files were added
 * or removed in between.
 *
 * @param number the numeric key: date in epoch millis (DATE) or size (SIZE); 0 for NAME
 * @param text   the lower-case name (NAME); "" otherwise
 * @param id     the file id
 */
record FileOrder(long number, String text, String id) {

  static FileOrder of(FileSort sort, MediaFile file) {
    return switch (sort) {
      case DATE -> new FileOrder(file.date().toEpochMilli(), "", file.id());
      case SIZE -> new FileOrder(file.size(), "", file.id());
      case NAME -> new FileOrder(0, file.name().toLowerCase(Locale.ROOT), file.id());
    };
  }

  /** DATE newest first, SIZE largest first, NAME A→Z; then id. */
  static Comparator<FileOrder> comparator(FileSort sort) {
    Comparator<FileOrder> key = switch (sort) {
      case DATE, SIZE -> Comparator.comparingLong(FileOrder::number).reversed();
      case NAME -> Comparator.comparing(FileOrder::text);
    };
    return key.thenComparing(FileOrder::id);
  }
}
