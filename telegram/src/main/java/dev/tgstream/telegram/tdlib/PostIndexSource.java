package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.MediaType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The channel post index as the gateway's {@link MessageSource} when only bots are logged in: answers what
 * searchChatMessages would (newest first, by type and text, paged by TDLib message id) from the posts the bots have
 * seen. Answers at once from memory; the gateway moves the results to its caller's context.
 */
public final class PostIndexSource implements MessageSource {

  private final ChannelPostIndex index;

  public PostIndexSource(ChannelPostIndex index) {
    this.index = index;
  }

  @Override
  public Future<Batch> search(long chatId, String text, MediaType type, long fromMessageId, int limit) {
    // TDLib ids are server ids << 20; a page starts at the message below fromMessageId (0: the newest).
    long below = fromMessageId <= 0 ? 0 : Math.max(1, fromMessageId >> TdlibIds.SERVER_ID_SHIFT);
    ChannelPostIndex.Found found = index.search(chatId, text, type, below, Math.max(1, Math.min(100, limit)));
    List<JsonObject> messages = found.posts().stream().map(p -> new JsonObject(p.message())).toList();
    long next = found.nextBelow() == 0 ? 0 : found.nextBelow() << TdlibIds.SERVER_ID_SHIFT;
    return Future.succeededFuture(new Batch(messages, next));
  }

  @Override
  public Future<Integer> count(long chatId) {
    return Future.succeededFuture(index.count(chatId));
  }
}
