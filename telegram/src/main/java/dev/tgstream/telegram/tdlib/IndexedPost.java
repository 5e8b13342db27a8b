package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.MediaFile;
import io.vertx.core.json.JsonObject;

/**
 * One media post of the channel post index.
 *
 * @param file    what the gateway's {@link MessageMapper} made of it (filters and search work on this)
 * @param message the TDLib message, trimmed to what describes the post ({@link #compact}), as JSON text: what the
 *                index answers as a {@link MessageSource}; text, because a few hundred bytes of string cost far less
 *                heap than a tree of JsonObjects for every post of a large channel
 */
public record IndexedPost(MediaFile file, String message) {

  /**
   * The fields of a TDLib {@code message} a listing needs ({@code @type, id, chat_id, date, is_channel_post,
   * content}); reactions, reply markup, interaction counters and the like are dropped.
   */
  static JsonObject compact(JsonObject message) {
    JsonObject out = new JsonObject();
    for (String key : new String[] {"@type", "id", "chat_id", "date", "is_channel_post", "content"}) {
      if (message.containsKey(key)) {
        out.put(key, message.getValue(key));
      }
    }
    return out;
  }
}
