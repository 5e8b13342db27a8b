package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.MediaType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lists a channel with TDLib's {@code searchChatMessages chat_id topic_id query sender_id from_message_id offset limit
 * filter} (td_api.tl; a user session only: bots get 400 "The method is not available to bots"). Paging is by
 * {@code next_from_message_id}; the type filters are TDLib's {@code searchMessagesFilterVideo / Audio / Document /
 * Photo}.
 */
public final class SearchChatMessagesSource implements MessageSource {

  private static final int MAX_LIMIT = 100;
  /** Counting costs four searches; the number next to a channel may lag its newest posts by this much. */
  static final long COUNT_TTL_MILLIS = 60_000;

  private final TdClient client;
  private final Duration timeout;
  private final Map<Long, CachedCount> counts = new ConcurrentHashMap<>();

  private record CachedCount(Future<Integer> count, long expiresAt) {
  }

  public SearchChatMessagesSource(TdClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  @Override
  public Future<Batch> search(long chatId, String text, MediaType type, long fromMessageId, int limit) {
    JsonObject request = new JsonObject().put("@type", "searchChatMessages").put("chat_id", chatId)
        .putNull("topic_id").put("query", text == null ? "" : text).putNull("sender_id")
        .put("from_message_id", fromMessageId).put("offset", 0).put("limit", Math.max(1, Math.min(MAX_LIMIT, limit)))
        .put("filter", filter(type));
    return client.send(request, timeout).map(found -> {
      JsonArray messages = found.getJsonArray("messages", new JsonArray());
      List<JsonObject> list = new ArrayList<>(messages.size());
      for (int i = 0; i < messages.size(); i++) {
        JsonObject m = messages.getJsonObject(i);
        if (m != null) {
          list.add(m);
        }
      }
      return new Batch(list, found.getLong("next_from_message_id", 0L));
    });
  }

  /** The sum of the four type filters' total counts: the files a person can list, not every post. */
  @Override
  public Future<Integer> count(long chatId) {
    long now = System.currentTimeMillis();
    CachedCount cached = counts.get(chatId);
    if (cached != null && cached.expiresAt() > now && !cached.count().failed()) {
      return cached.count();
    }
    Future<Integer> fresh = countNow(chatId);
    counts.put(chatId, new CachedCount(fresh, now + COUNT_TTL_MILLIS));
    return fresh;
  }

  private Future<Integer> countNow(long chatId) {
    List<Future<Integer>> perType = new ArrayList<>();
    for (MediaType type : MediaType.values()) {
      JsonObject request = new JsonObject().put("@type", "searchChatMessages").put("chat_id", chatId)
          .putNull("topic_id").put("query", "").putNull("sender_id").put("from_message_id", 0).put("offset", 0)
          .put("limit", 1).put("filter", filter(type));
      perType.add(client.send(request, timeout).map(found -> Math.max(0, found.getInteger("total_count", 0))));
    }
    return Future.all(perType).map(all -> perType.stream().mapToInt(Future::result).sum());
  }

  static JsonObject filter(MediaType type) {
    if (type == null) {
      return null;
    }
    String name = switch (type) {
      case VIDEO -> "searchMessagesFilterVideo";
      case AUDIO -> "searchMessagesFilterAudio";
      case DOCUMENT -> "searchMessagesFilterDocument";
      case PHOTO -> "searchMessagesFilterPhoto";
    };
    return new JsonObject().put("@type", name);
  }
}
