package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.MediaType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Where the gateway's file listings come from: a channel's messages, newest first, paged by message id. With a user
 * session that is TDLib's searchChatMessages ({@link SearchChatMessagesSource}); bots cannot read history, so with
 * bots only an index of channel posts (kept from updateNewMessage, backfilled with getMessages) plugs in here.
 */
public interface MessageSource {

  /**
   * Up to {@code limit} (1..100) messages of {@code chatId} older than {@code fromMessageId} (0: from the newest), as
   * TDLib {@code message} objects; a source may answer fewer.
   *
   * @param text  words to search for, or null for all
   * @param type  only messages of this kind (TDLib's search filters), or null for all
   */
  Future<Batch> search(long chatId, String text, MediaType type, long fromMessageId, int limit);

  /** How many files a channel has, as far as the source can tell cheaply (shown next to the channel). */
  Future<Integer> count(long chatId);

  /** One answer: the messages, and where the next page starts (0: no more). */
  record Batch(List<JsonObject> messages, long nextFromMessageId) {
    public Batch {
      messages = List.copyOf(messages);
    }
  }
}
