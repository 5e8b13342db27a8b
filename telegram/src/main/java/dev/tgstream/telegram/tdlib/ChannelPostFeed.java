package dev.tgstream.telegram.tdlib;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/**
 * Feeds the {@link ChannelPostIndex} from TDLib: the updates bots receive for channel posts (new, edited, deleted),
 * any single message the gateway gets hold of (an opened link), and the backfill's getMessages. Every post id seen
 * raises what the backfill knows exists, and starts it.
 */
public final class ChannelPostFeed {

  private final ChannelPostIndex index;
  private final PostBackfill backfill;
  private final LongPredicate channels;

  /** @param channels which chats are indexed (the resolved CHANNEL_IDS; a bot may sit in other chats too) */
  public ChannelPostFeed(ChannelPostIndex index, PostBackfill backfill, LongPredicate channels) {
    this.index = index;
    this.backfill = backfill;
    this.channels = channels;
  }

  /** An update of any client (wire it to {@code TdlibGateway.Builder.alsoUpdates}). */
  public void accept(TdClient client, JsonObject update) {
    switch (update.getString("@type", "")) {
      case "updateNewMessage" -> intake(update.getJsonObject("message"));
      case "updateMessageContent" -> edited(update.getLong("chat_id", 0L), update.getLong("message_id", 0L),
          update.getJsonObject("new_content"));
      case "updateDeleteMessages" -> {
        // from_cache: TDLib only dropped its local copy; the post still exists.
        if (update.getBoolean("is_permanent", false) && !update.getBoolean("from_cache", false)) {
          long chatId = update.getLong("chat_id", 0L);
          if (channels.test(chatId)) {
            for (Object id : update.getJsonArray("message_ids", new JsonArray())) {
              if (id instanceof Number n && n.longValue() > 0) {
                index.skip(chatId, n.longValue() >> TdlibIds.SERVER_ID_SHIFT);
              }
            }
          }
        }
      }
      default -> {
      }
    }
  }

  /**
   * Takes one TDLib message of an indexed channel: listed when it carries a file, else marked checked; either way its
   * id is known to exist, so older ids not seen yet are backfilled. Answers what the message maps to.
   */
  public Optional<MappedMessage> intake(JsonObject message) {
    if (message == null || !channels.test(message.getLong("chat_id", 0L))) {
      return Optional.empty();
    }
    long chatId = message.getLong("chat_id");
    long messageId = message.getLong("id", 0L);
    // Local ids (a message being sent) are not multiples of 2^20: only server messages belong in the index.
    if (messageId <= 0 || (messageId & ((1L << TdlibIds.SERVER_ID_SHIFT) - 1)) != 0) {
      return Optional.empty();
    }
    long serverId = messageId >> TdlibIds.SERVER_ID_SHIFT;
    Optional<MappedMessage> mapped = MessageMapper.map(message);
    if (mapped.isPresent()) {
      index.record(chatId, serverId, new IndexedPost(mapped.get().file(), IndexedPost.compact(message).encode()));
    } else {
      index.skip(chatId, serverId);
    }
    index.observe(chatId, serverId);
    if (!index.complete(chatId)) {
      backfill.run(chatId);
    }
    return mapped;
  }

  /** A channel's last message, when TDLib knows it (getChat's last_message): where the backfill starts. */
  public void observeLast(long chatId, JsonObject chat) {
    JsonObject last = chat == null ? null : chat.getJsonObject("last_message");
    if (last != null) {
      intake(last);
    } else if (!index.complete(chatId)) {
      // Nothing new known, but a previous run may have stopped midway (a restart).
      backfill.run(chatId);
    }
  }

  private void edited(long chatId, long messageId, JsonObject content) {
    if (!channels.test(chatId) || content == null) {
      return;
    }
    IndexedPost old = index.post(chatId, messageId >> TdlibIds.SERVER_ID_SHIFT);
    // The update carries the new content only; the rest of the post is what the index kept.
    JsonObject message = old != null ? new JsonObject(old.message())
        : new JsonObject().put("@type", "message").put("id", messageId).put("chat_id", chatId)
            .put("is_channel_post", true);
    intake(message.put("content", content));
  }

  /**
   * The backfill's fetcher over a client, as it is at each batch (the gateway's metadata client: it moves off a revoked
   * bot): getMessages by TDLib id; missing ids come back null.
   */
  public static PostBackfill.PostFetcher getMessages(Supplier<TdClient> client, Duration timeout) {
    return (chatId, serverIds) -> {
      JsonArray ids = new JsonArray();
      serverIds.forEach(id -> ids.add(id << TdlibIds.SERVER_ID_SHIFT));
      return client.get().send(new JsonObject().put("@type", "getMessages").put("chat_id", chatId).put("message_ids", ids),
          timeout).map(answer -> {
            Map<Long, IndexedPost> found = new HashMap<>();
            for (Object raw : answer.getJsonArray("messages", new JsonArray())) {
              if (!(raw instanceof JsonObject message)) {
                continue; // null: no such post (never posted, or deleted)
              }
              long serverId = message.getLong("id", 0L) >> TdlibIds.SERVER_ID_SHIFT;
              MessageMapper.map(message).ifPresent(mapped ->
                  found.put(serverId, new IndexedPost(mapped.file(), IndexedPost.compact(message).encode())));
            }
            return found;
          });
    };
  }

}
