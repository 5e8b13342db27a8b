package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.MediaType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The file list of channels a bot cannot list: bots may not read history (getChatHistory, searchChatMessages answer
 * "The method is not available to bots"), so the list is kept from what the bot does see — new channel posts as they
 * arrive, and old ones fetched by id (getMessages) — and persisted by {@link PostIndexFile} so a restart keeps it.
 *
 * <p>Per channel (TDLib chat id) it keeps the media posts by server message id, the highest post id known to exist,
 * and which ids have been checked (as ranges, so a channel of 100 000 posts costs a few numbers): {@link #unchecked}
 * is then exactly what is left to backfill, newest first, and a gap left by downtime is filled like history.
 *
 * <p>Thread-safe (every method holds the index's lock, briefly): the updates of several bot clients arrive on their
 * own contexts, and listings are read from the gateway's.
 */
public final class ChannelPostIndex {

  /** One channel's posts and backfill progress. */
  static final class Posts {
    /** Media posts by server message id. */
    final NavigableMap<Long, IndexedPost> posts = new TreeMap<>();
    /** Checked ids as disjoint, non-adjacent ranges: start → end (inclusive). */
    final NavigableMap<Long, Long> checked = new TreeMap<>();
    /** The highest server message id known to exist, 0 when none. */
    long highest;
  }

  /** One answer of {@link #search}: posts newest first, and the server id to continue below (0: no more). */
  public record Found(List<IndexedPost> posts, long nextBelow) {
  }

  private final Map<Long, Posts> channels = new LinkedHashMap<>();
  private Runnable onChange = () -> { };

  /** Called after every change, on the changing thread, with the lock held (the store schedules a save). */
  public synchronized void onChange(Runnable listener) {
    this.onChange = listener;
  }

  /** A media post was seen (a new post, an edit, or a backfill hit): it is listed, replacing any older version. */
  public synchronized void record(long chatId, long serverId, IndexedPost post) {
    Posts posts = posts(chatId);
    posts.posts.put(serverId, post);
    check(posts, serverId, serverId);
    onChange.run();
  }

  /** A post without media, a deleted post or an id that does not exist: nothing to list, nothing left to fetch. */
  public synchronized void skip(long chatId, long serverId) {
    Posts posts = posts(chatId);
    posts.posts.remove(serverId);
    check(posts, serverId, serverId);
    onChange.run();
  }

  /**
   * A post id known to exist (from an update of any kind, an opened link, the chat's last message): every id up to it
   * that was not checked yet becomes backfill work. Answers whether that raised the highest known id.
   */
  public synchronized boolean observe(long chatId, long serverId) {
    Posts posts = posts(chatId);
    if (serverId > posts.highest) {
      posts.highest = serverId;
      onChange.run();
      return true;
    }
    return false;
  }

  /** The post at a server id, or null. */
  public synchronized IndexedPost post(long chatId, long serverId) {
    Posts posts = channels.get(chatId);
    return posts == null ? null : posts.posts.get(serverId);
  }

  /** Up to {@code max} ids at or below the highest known post that were never checked, newest first. */
  public synchronized List<Long> unchecked(long chatId, int max) {
    Posts posts = channels.get(chatId);
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
  public synchronized boolean complete(long chatId) {
    return unchecked(chatId, 1).isEmpty();
  }

  /**
   * Up to {@code limit} posts below server id {@code below} (0: from the newest), newest first, of one type and
   * containing {@code text} in name or caption (case-insensitive) when given — what searchChatMessages would answer.
   */
  public synchronized Found search(long chatId, String text, MediaType type, long below, int limit) {
    Posts posts = channels.get(chatId);
    if (posts == null) {
      return new Found(List.of(), 0);
    }
    String needle = text == null || text.isBlank() ? null : text.strip().toLowerCase(Locale.ROOT);
    NavigableMap<Long, IndexedPost> older = below > 0 ? posts.posts.headMap(below, false) : posts.posts;
    List<IndexedPost> out = new ArrayList<>();
    long last = 0;
    for (Map.Entry<Long, IndexedPost> e : older.descendingMap().entrySet()) {
      if (!matches(e.getValue().file(), needle, type)) {
        continue;
      }
      if (out.size() == limit) {
        // One more match exists: the next page starts below the last one given.
        return new Found(out, last);
      }
      out.add(e.getValue());
      last = e.getKey();
    }
    return new Found(out, 0);
  }

  private static boolean matches(MediaFile file, String needle, MediaType type) {
    if (type != null && file.type() != type) {
      return false;
    }
    return needle == null || file.name().toLowerCase(Locale.ROOT).contains(needle)
        || file.caption() != null && file.caption().toLowerCase(Locale.ROOT).contains(needle);
  }

  public synchronized int count(long chatId) {
    Posts posts = channels.get(chatId);
    return posts == null ? 0 : posts.posts.size();
  }

  /** The channels with any state, in the order first seen (for the store, which holds this index's lock). */
  Map<Long, Posts> channels() {
    return channels;
  }

  /** Loads one channel's state as the store read it; no change event (nothing new to save). */
  synchronized void load(long chatId, long highest, List<long[]> checkedRanges, Map<Long, IndexedPost> loaded) {
    Posts posts = posts(chatId);
    posts.highest = Math.max(posts.highest, highest);
    for (long[] range : checkedRanges) {
      check(posts, range[0], range[1]);
    }
    posts.posts.putAll(loaded);
  }

  private Posts posts(long chatId) {
    return channels.computeIfAbsent(chatId, id -> new Posts());
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
