package dev.tgstream.telegram.tdlib;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Resolves CHANNEL_IDS at start: a numeric id (-100…) with {@code getChat chat_id} (after {@code loadChats} when the
 * user session does not know the chat yet), an @username with {@code searchPublicChat username}. A channel that cannot be resolved is reported by name in one warning and left
 * out; the others still serve. Immutable once resolved.
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

  private final Map<Long, Resolved> byChat;
  private final List<String> unresolved;

  private ChannelDirectory(Map<Long, Resolved> byChat, List<String> unresolved) {
    this.byChat = Collections.unmodifiableMap(byChat);
    this.unresolved = List.copyOf(unresolved);
  }

  static Future<ChannelDirectory> resolve(TdClient client, List<String> entries, Duration timeout) {
    List<Future<Resolved>> lookups = new ArrayList<>();
    for (String raw : entries) {
      String entry = raw.strip();
      lookups.add(lookup(client, entry, timeout));
    }
    return Future.join(lookups).transform(done -> {
      Map<Long, Resolved> byChat = new LinkedHashMap<>();
      List<String> failed = new ArrayList<>();
      for (int i = 0; i < lookups.size(); i++) {
        Future<Resolved> f = lookups.get(i);
        if (f.succeeded()) {
          byChat.putIfAbsent(f.result().chatId(), f.result());
        } else {
          failed.add(entries.get(i).strip());
          LOG.warn("CHANNEL_IDS: channel {} could not be opened ({}); the other channels still serve",
              entries.get(i).strip(), f.cause().getMessage());
        }
      }
      return Future.succeededFuture(new ChannelDirectory(byChat, failed));
    });
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
    return List.copyOf(byChat.values());
  }

  boolean contains(long chatId) {
    return byChat.containsKey(chatId);
  }

  /** The CHANNEL_IDS entries that could not be resolved, for readiness and logs. */
  List<String> unresolved() {
    return unresolved;
  }
}
