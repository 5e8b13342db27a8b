package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.FilePage;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.FileSort;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.MediaType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pages of a channel's files over a {@link MessageSource}. Newest first (the order Telegram keeps) pages by message
 * id: the cursor is where the next search starts, so paging is complete and stable while new posts arrive. Name and
 * size orders need the whole list: it is collected (up to {@link #MAX_SORTED} files), kept for a short while so
 * paging through it is cheap, and paged by position.
 */
final class FileListings {

  /** Searches one page may make when most posts are not files (text posts, polls …), before it answers short. */
  static final int MAX_SEARCHES_PER_PAGE = 10;
  /** The most files a name or size ordering considers. */
  static final int MAX_SORTED = 2000;
  static final long SORTED_TTL_MILLIS = 30_000;
  private static final Pattern BY_ID = Pattern.compile("n([1-9][0-9]{0,18})");
  private static final Pattern BY_POSITION = Pattern.compile("o([0-9]{1,9})");

  private final MessageSource source;
  private final LongSupplier clock;
  private final Map<String, Sorted> sorted = new ConcurrentHashMap<>();

  private record Sorted(Future<List<MediaFile>> files, long expiresAt) {
  }

  FileListings(MessageSource source, LongSupplier clock) {
    this.source = source;
    this.clock = clock;
  }

  Future<FilePage> page(long chatId, FileQuery query) {
    if (query.sort() == FileSort.DATE) {
      long from;
      if (query.cursor() == null) {
        from = 0;
      } else {
        Matcher m = BY_ID.matcher(query.cursor());
        if (!m.matches()) {
          return Future.failedFuture(GatewayException.invalid("bad cursor (not one this listing gave out)"));
        }
        from = Long.parseLong(m.group(1));
      }
      return newestFirst(chatId, query, from, new ArrayList<>(), 0);
    }
    int position;
    if (query.cursor() == null) {
      position = 0;
    } else {
      Matcher m = BY_POSITION.matcher(query.cursor());
      if (!m.matches()) {
        return Future.failedFuture(GatewayException.invalid("bad cursor (not one this listing gave out)"));
      }
      position = Integer.parseInt(m.group(1));
    }
    return sortedList(chatId, query).map(all -> {
      int from = Math.min(position, all.size());
      int to = Math.min(all.size(), from + query.limit());
      return new FilePage(all.subList(from, to), to < all.size() ? "o" + to : null);
    });
  }

  private Future<FilePage> newestFirst(long chatId, FileQuery query, long from, List<MediaFile> items, int searches) {
    int wanted = query.limit() - items.size();
    return source.search(chatId, query.text(), query.type(), from, Math.min(100, wanted)).compose(batch -> {
      long next = batch.nextFromMessageId();
      for (JsonObject message : batch.messages()) {
        MediaFile file = MessageMapper.map(message).map(MappedMessage::file).orElse(null);
        if (file != null && (query.type() == null || file.type() == query.type())) {
          items.add(file);
          if (items.size() == query.limit()) {
            // Stopped inside the batch: the next page starts after this message, not after the batch.
            long last = message.getLong("id", 0L);
            boolean batchDone = message == batch.messages().get(batch.messages().size() - 1);
            long cursor = batchDone ? next : last;
            return Future.succeededFuture(new FilePage(items, cursor == 0 ? null : "n" + cursor));
          }
        }
      }
      if (next == 0 || searches + 1 >= MAX_SEARCHES_PER_PAGE) {
        return Future.succeededFuture(new FilePage(items, next == 0 ? null : "n" + next));
      }
      return newestFirst(chatId, query, next, items, searches + 1);
    });
  }

  private Future<List<MediaFile>> sortedList(long chatId, FileQuery query) {
    String key = chatId + "|" + query.sort() + "|" + query.type() + "|" + query.text();
    long now = clock.getAsLong();
    Sorted entry = sorted.get(key);
    if (entry != null && entry.expiresAt() > now && !entry.files().failed()) {
      return entry.files();
    }
    sorted.entrySet().removeIf(e -> e.getValue().expiresAt() <= now);
    Future<List<MediaFile>> files = collectAll(chatId, query.text(), query.type(), 0, new ArrayList<>())
        .map(all -> {
          all.sort(comparator(query.sort()));
          return List.copyOf(all);
        });
    sorted.put(key, new Sorted(files, now + SORTED_TTL_MILLIS));
    return files;
  }

  private Future<List<MediaFile>> collectAll(long chatId, String text, MediaType type, long from,
      List<MediaFile> all) {
    return source.search(chatId, text, type, from, 100).compose(batch -> {
      for (JsonObject message : batch.messages()) {
        MessageMapper.map(message).map(MappedMessage::file)
            .filter(f -> type == null || f.type() == type)
            .ifPresent(all::add);
      }
      if (batch.nextFromMessageId() == 0 || all.size() >= MAX_SORTED) {
        return Future.succeededFuture(all.size() > MAX_SORTED ? all.subList(0, MAX_SORTED) : all);
      }
      return collectAll(chatId, text, type, batch.nextFromMessageId(), all);
    });
  }

  private static Comparator<MediaFile> comparator(FileSort sort) {
    Comparator<MediaFile> byId = Comparator.comparing(MediaFile::id);
    return switch (sort) {
      case NAME -> Comparator.comparing((MediaFile f) -> f.name().toLowerCase(Locale.ROOT)).thenComparing(byId);
      case SIZE -> Comparator.comparingLong(MediaFile::size).reversed().thenComparing(byId);
      case DATE -> Comparator.comparing(MediaFile::date).reversed().thenComparing(byId);
    };
  }
}
