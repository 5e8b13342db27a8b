package dev.tgstream.telegram.library;

import dev.tgstream.telegram.FilePage;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.MediaFile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Filters, sorts and pages a channel's files for one {@link FileQuery}. Pure: the scan happens elsewhere. */
final class FileListing {

  private FileListing() {
  }

  /** @throws dev.tgstream.telegram.GatewayException INVALID_REQUEST for a malformed or foreign cursor */
  static FilePage page(String channelId, List<MediaFile> files, FileQuery query) {
    Optional<FileOrder> after = FileCursor.decode(channelId, query);
    Comparator<FileOrder> order = FileOrder.comparator(query.sort());
    String text = query.text() == null ? null : query.text().toLowerCase(Locale.ROOT);

    List<MediaFile> matching = new ArrayList<>();
    for (MediaFile file : files) {
      if (query.type() != null && file.type() != query.type()) {
        continue;
      }
      if (text != null && !contains(file.name(), text) && !(file.caption() != null && contains(file.caption(), text))) {
        continue;
      }
      if (after.isPresent() && order.compare(FileOrder.of(query.sort(), file), after.get()) <= 0) {
        continue;
      }
      matching.add(file);
    }
    matching.sort(Comparator.comparing(file -> FileOrder.of(query.sort(), file), order));

    if (matching.size() <= query.limit()) {
      return new FilePage(matching, null);
    }
    List<MediaFile> items = matching.subList(0, query.limit());
    String next = FileCursor.encode(channelId, query, FileOrder.of(query.sort(), items.get(items.size() - 1)));
    return new FilePage(items, next);
  }

  private static boolean contains(String haystack, String lowerNeedle) {
    return haystack.toLowerCase(Locale.ROOT).contains(lowerNeedle);
  }
}
