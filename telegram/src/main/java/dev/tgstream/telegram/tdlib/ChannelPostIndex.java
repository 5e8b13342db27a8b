package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.FilePage;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.library.FileListing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The file list of channels a bot cannot list: bots may not read history (getChatHistory, searchChatMessages answer
 * "The method is not available to bots"), so the list is kept from what the bot does see — new channel posts as they
 * arrive, and old ones fetched by id (getMessages) — and persisted by {@link PostIndexFile} so a restart keeps it.
 *
 * <p>Per channel it keeps the media posts by server message id, the highest post id seen, and which ids have been
 * checked (ranges, so a channel of 100 000 posts costs a few numbers): {@link #unchecked} is then exactly what is left
 * to backfill, newest first, and a gap left by downtime is filled like history.
 *
 * <p>Not thread-safe: confined to the gateway's context, like the updates that feed it.
 */
public final class ChannelPostIndex {

  /** One channel's posts and backfill progress. */
  static final class Posts {
    /** Media posts by server message id. */
    final NavigableMap<Long, MediaFile> files = new TreeMap<>();
    /** Checked ids as disjoint, non-adjacent ranges: start → end (inclusive). */
    final NavigableMap<Long, Long> checked = new TreeMap<>();
    /** The highest server message id known to exist, 0 when none. */
    long highest;
  }

  private final Map<String, Posts> channels = new LinkedHashMap<>();
  private final Map<String, MediaFile> byFileId = new HashMap<>();
  private Runnable onChange = () -> { };

  /** Called after every change (the store schedules a save). */
  public void onChange(Runnable listener) {
    this.onChange = listener;
  }

  /** A media post was seen (a new post, an edit, or a backfill hit): it is listed, replacing any older version. */
  public void record(String channelId, long messageId, MediaFile file) {
    Posts posts = posts(channelId);
    MediaFile old = posts.files.put(messageId, file);
    if (old != null) {
      byFileId.remove(old.id());
    }
    byFileId.put(file.id(), file);
    check(posts, messageId, messageId);
    onChange.run();
  }

  /** A post without media, a deleted post or an id that does not exist: nothing to list, nothing left to fetch. */
  public void skip(String channelId, long messageId) {
    Posts posts = posts(channelId);
    MediaFile old = posts.files.remove(messageId);
    if (old != null) {
      byFileId.remove(old.id());
    }
    check(posts, messageId, messageId);
    onChange.run();
  }

  /**
   * A post id known to exist (from an update of any kind, an opened link, the chat's last message): every id up to it
   * that was not checked yet becomes backfill work.
   */
  public void observe(String channelId, long messageId) {
    Posts posts = posts(channelId);
    if (messageId > posts.highest) {
      posts.highest = messageId;
      onChange.run();
    }
  }

  /** Up to {@code max} ids at or below the highest known post that were never checked, newest first. */
  public List<Long> unchecked(String channelId, int max) {
    Posts posts = channels.get(channelId);
    List<Long> out = new ArrayList<>();
    if (posts == null) {
      return out;
    }
    long id = posts.highest;
    while (id >= 1 && out.size() < max) {
      Map.Entry<Long, Long> range = posts.checked.floorEntry(id);
      if (range != null && range.getValue() >= id) {
        id = range.getKey() - 1;
      } else {
        out.add(id--);
      }
    }
    return out;
  }

  /** Whether every id up to the highest known post was checked. */
  public boolean complete(String channelId) {
    return unchecked(channelId, 1).isEmpty();
  }

  /** A page of a channel's listed files; an unknown channel is an empty list (nothing was posted yet). */
  public FilePage files(String channelId, FileQuery query) {
    Posts posts = channels.get(channelId);
    List<MediaFile> files = posts == null ? List.of() : List.copyOf(posts.files.values());
    return FileListing.page(channelId, files, query);
  }

  public Optional<MediaFile> file(String fileId) {
    return Optional.ofNullable(byFileId.get(fileId));
  }

  public int count(String channelId) {
    Posts posts = channels.get(channelId);
    return posts == null ? 0 : posts.files.size();
  }

  /** The channels with any state, in the order first seen (for the store). */
  Map<String, Posts> channels() {
    return channels;
  }

  /** Loads one channel's state as the store read it; no change event (nothing new to save). */
  void load(String channelId, long highest, List<long[]> checkedRanges, Map<Long, MediaFile> files) {
    Posts posts = posts(channelId);
    posts.highest = Math.max(posts.highest, highest);
    for (long[] range : checkedRanges) {
      check(posts, range[0], range[1]);
    }
    files.forEach((messageId, file) -> {
      posts.files.put(messageId, file);
      byFileId.put(file.id(), file);
    });
  }

  private Posts posts(String channelId) {
    return channels.computeIfAbsent(channelId, id -> new Posts());
  }

  /** Adds [from, to] to the checked ranges, merging overlapping and adjacent ones. */
  private static void check(Posts posts, long from, long to) {
    posts.highest = Math.max(posts.highest, to);
    long start = from;
    long end = to;
    Map.Entry<Long, Long> before = posts.checked.floorEntry(start);
    if (before != null && before.getValue() >= start - 1) {
      start = before.getKey();
      end = Math.max(end, before.getValue());
      posts.checked.remove(before.getKey());
    }
    Map.Entry<Long, Long> next = posts.checked.ceilingEntry(start);
    while (next != null && next.getKey() <= end + 1) {
      end = Math.max(end, next.getValue());
      posts.checked.remove(next.getKey());
      next = posts.checked.ceilingEntry(start);
    }
    posts.checked.put(start, end);
  }
}
