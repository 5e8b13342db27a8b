package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Resolves CHANNEL_IDS at start: a numeric id (-100…) with {@code getChat chat_id} (after {@code loadChats} when the
 * user session does not know the chat yet), an @username with {@code searchPublicChat username}. A channel that cannot be resolved is reported by name in one warning and left
 * out; the others still serve. An entry that failed only for now (no network, a timeout, FLOOD_WAIT: not one Telegram
 * does not know or that is no channel) is tried again by {@link #retryTransient}, with growing pauses, and served once
 * it resolves. Safe to read from any thread.
 */
final class ChannelDirectory {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelDirectory.class);
  private static final Pattern NUMERIC = Pattern.compile("-?[0-9]{1,19}");
  /** Rounds of loadChats (100 chats each) before a numeric channel id is given up as unknown. */
  static final int MAX_LOAD_CHATS_ROUNDS = 20;
  private static final Pattern USERNAME = Pattern.compile("@?[A-Za-z][A-Za-z0-9_]{3,31}");

  /** A resolved channel. */
  record Resolved(long chatId, String title, String entry) {
  }

  /** The CHANNEL_IDS entries (stripped), in order. */
  private final List<String> entries;
  /** Resolved so far, by position in {@link #entries}. */
  private final Map<Integer, Resolved> byEntry = new ConcurrentHashMap<>();
  private final Map<Long, Resolved> byChat = new ConcurrentHashMap<>();
  /** Positions of the entries that failed, and whether that failure may pass (then they are tried again). */
  private final Map<Integer, Boolean> failed = new ConcurrentSkipListMap<>();
  private volatile boolean stopped;
  private volatile long timer = -1;
  private volatile Vertx vertx;

  private ChannelDirectory(List<String> entries) {
    this.entries = List.copyOf(entries);
  }

  static Future<ChannelDirectory> resolve(TdClient client, List<String> entries, Duration timeout) {
    ChannelDirectory directory = new ChannelDirectory(entries.stream().map(String::strip).toList());
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < directory.entries.size(); i++) {
      all.add(i);
    }
    return directory.round(client, all, timeout).map(directory);
  }

  /**
   * Looks {@code positions} up; records what resolved and what failed (a failure is logged once, and again when it
   * turns from for now to for good). Completes with the channels new to the directory.
   */
  private Future<List<Resolved>> round(TdClient client, List<Integer> positions, Duration timeout) {
    List<Future<Resolved>> lookups = new ArrayList<>();
    for (int i : positions) {
      lookups.add(lookup(client, entries.get(i), timeout));
    }
    return Future.join(lookups).transform(done -> {
      List<Resolved> added = new ArrayList<>();
      for (int k = 0; k < lookups.size(); k++) {
        int i = positions.get(k);
        Future<Resolved> f = lookups.get(k);
        if (f.succeeded()) {
          failed.remove(i);
          byEntry.put(i, f.result());
          if (byChat.putIfAbsent(f.result().chatId(), f.result()) == null) {
            added.add(f.result());
          }
        } else {
          boolean passing = isTransient(f.cause());
          Boolean before = failed.put(i, passing);
          if (before == null || before != passing) {
            LOG.warn("CHANNEL_IDS: channel {} could not be opened ({}){}; the other channels still serve",
                entries.get(i), f.cause().getMessage(), passing ? ", trying again later" : "");
          }
        }
      }
      return Future.succeededFuture(added);
    });
  }

  /**
   * Tries the entries that failed for now again after {@code firstMs}, then after twice as long each round (at most
   * {@code maxMs}), until they resolve or fail for good; {@code onResolved} hears of each channel that then resolves.
   * Stopped by {@link #stop}.
   */
  void retryTransient(Vertx vertx, TdClient client, Duration timeout, long firstMs, long maxMs,
      Consumer<Resolved> onResolved) {
    this.vertx = vertx;
    schedule(vertx, client, timeout, Math.max(1, firstMs), maxMs, onResolved);
  }

  private void schedule(Vertx vertx, TdClient client, Duration timeout, long delayMs, long maxMs,
      Consumer<Resolved> onResolved) {
    if (stopped || retrying().isEmpty()) {
      return;
    }
    timer = vertx.setTimer(delayMs, t -> {
      List<Integer> again = retrying();
      if (stopped || again.isEmpty()) {
        return;
      }
      round(client, again, timeout).onComplete(ar -> {
        if (stopped) {
          return;
        }
        for (Resolved r : ar.result()) {
          LOG.info("CHANNEL_IDS: channel {} opened on a later try; it serves now", r.entry());
          try {
            onResolved.accept(r);
          } catch (RuntimeException e) {
            LOG.error("CHANNEL_IDS: handling the late channel {} failed", r.entry(), e);
          }
        }
        schedule(vertx, client, timeout, Math.min(maxMs, delayMs * 2), maxMs, onResolved);
      });
    });
  }

  /** No more retries. */
  void stop() {
    stopped = true;
    Vertx v = vertx;
    if (v != null) {
      v.cancelTimer(timer);
    }
  }

  private List<Integer> retrying() {
    return failed.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
  }

  /**
   * Whether a failure may pass by itself: the network, a timeout, FLOOD_WAIT, a closed connection — not a channel
   * Telegram does not know, an invalid entry, no channel, or no access (401/403).
   */
  static boolean isTransient(Throwable failure) {
    if (!(failure instanceof GatewayException g)) {
      return false;
    }
    return g.kind() == GatewayException.Kind.FLOOD_WAIT
        || g.kind() == GatewayException.Kind.UNAVAILABLE && g.code() != TdErrors.UNAUTHORIZED && g.code() != 403;
  }

  private static Future<Resolved> lookup(TdClient client, String entry, Duration timeout) {
    JsonObject request;
    if (NUMERIC.matcher(entry).matches()) {
      long chatId = Long.parseLong(entry);
      // For a user session getChat is offline: a chat missing from the local database (a session restored from its
      // binlog alone) is unknown until the chat list is loaded.
      return chat(client, chatId, timeout)
          .recover(notKnown -> loadChatsUntilKnown(client, chatId, timeout, 0, notKnown))
          .compose(chat -> channel(chat, entry));
    } else if (USERNAME.matcher(entry).matches()) {
      request = new JsonObject().put("@type", "searchPublicChat")
          .put("username", entry.startsWith("@") ? entry.substring(1) : entry);
    } else {
      return Future.failedFuture(new IllegalArgumentException("not a -100… chat id nor an @username"));
    }
    return client.send(request, timeout).compose(chat -> channel(chat, entry));
  }

  private static Future<JsonObject> chat(TdClient client, long chatId, Duration timeout) {
    return client.send(new JsonObject().put("@type", "getChat").put("chat_id", chatId), timeout);
  }

  /** {@code loadChats chat_list limit} (404 once all are loaded), then getChat again; a bounded number of rounds. */
  private static Future<JsonObject> loadChatsUntilKnown(TdClient client, long chatId, Duration timeout, int round,
      Throwable original) {
    if (round >= MAX_LOAD_CHATS_ROUNDS) {
      return Future.failedFuture(original);
    }
    return client.send(new JsonObject().put("@type", "loadChats").putNull("chat_list").put("limit", 100), timeout)
        .transform(loaded -> chat(client, chatId, timeout).recover(still -> loaded.failed()
            ? Future.failedFuture(original)
            : loadChatsUntilKnown(client, chatId, timeout, round + 1, original)));
  }

  private static Future<Resolved> channel(JsonObject chat, String entry) {
    long chatId = chat.getLong("id", 0L);
    JsonObject type = chat.getJsonObject("type");
    boolean supergroup = type != null && "chatTypeSupergroup".equals(type.getString("@type"));
    if (chatId >= 0 || !supergroup) {
      return Future.failedFuture(new IllegalArgumentException("chat " + chatId + " is not a channel"));
    }
    return Future.succeededFuture(new Resolved(chatId, chat.getString("title", entry), entry));
  }

  /** The resolved channels in CHANNEL_IDS order. */
  List<Resolved> channels() {
    Map<Long, Resolved> inOrder = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      Resolved r = byEntry.get(i);
      if (r != null) {
        inOrder.putIfAbsent(r.chatId(), r);
      }
    }
    return List.copyOf(inOrder.values());
  }

  boolean contains(long chatId) {
    return byChat.containsKey(chatId);
  }

  /** The CHANNEL_IDS entries that could not be resolved (yet), for readiness and logs. */
  List<String> unresolved() {
    return failed.keySet().stream().map(entries::get).toList();
  }
}
