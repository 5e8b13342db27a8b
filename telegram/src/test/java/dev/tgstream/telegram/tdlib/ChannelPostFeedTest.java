package dev.tgstream.telegram.tdlib;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.tgstream.telegram.tdlib.ChannelPostIndexTest.names;
import static dev.tgstream.telegram.tdlib.IndexFixtures.CHAT;
import static dev.tgstream.telegram.tdlib.IndexFixtures.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class ChannelPostFeedTest {

  final ChannelPostIndex index = new ChannelPostIndex();
  final List<List<Long>> fetched = new CopyOnWriteArrayList<>();

  private ChannelPostFeed feed(Vertx vertx) {
    PostBackfill backfill = new PostBackfill(vertx, index, (chatId, ids) -> {
      fetched.add(ids);
      return Future.succeededFuture(Map.of());
    }, 100, 1, 1);
    return new ChannelPostFeed(index, backfill, chatId -> chatId == CHAT);
  }

  private static JsonObject newMessage(JsonObject message) {
    return new JsonObject().put("@type", "updateNewMessage").put("message", message);
  }

  @Test
  void aNewPostIsListedAndTheIdsBelowItAreBackfilled(Vertx vertx, VertxTestContext ctx) {
    ChannelPostFeed feed = feed(vertx);
    feed.accept(null, newMessage(message(3, "film.mp4", "video/mp4")));
    ctx.verify(() -> assertEquals(List.of("film.mp4"), names(index.search(CHAT, null, null, 0, 10))));
    vertx.setPeriodic(5, id -> {
      if (index.complete(CHAT)) {
        vertx.cancelTimer(id);
        ctx.verify(() -> assertEquals(List.of(List.of(2L, 1L)), fetched));
        ctx.completeNow();
      }
    });
  }

  @Test
  void textPostsOtherChatsAndLocalMessagesAreNotListed(Vertx vertx) {
    ChannelPostFeed feed = feed(vertx);
    feed.accept(null, newMessage(IndexFixtures.text(CHAT, 1)));
    feed.accept(null, newMessage(message(-1005L, 2, "elsewhere.mp4", "video/mp4", 1, null)));
    // A message being sent has a local id (not a multiple of 2^20).
    feed.accept(null, newMessage(message(3, "sending.mp4", "video/mp4").put("id", (3L << 20) + 1)));
    assertEquals(0, index.count(CHAT));
    assertEquals(0, index.count(-1005L));
    assertEquals(List.of(), index.unchecked(CHAT, 10), "post 1 was checked and is the highest");
  }

  @Test
  void anEditReplacesTheContentKeepingThePost(Vertx vertx) {
    ChannelPostFeed feed = feed(vertx);
    feed.accept(null, newMessage(message(CHAT, 1, "old.mp4", "video/mp4", 10, "first")));
    JsonObject edited = message(CHAT, 1, "new.mp4", "video/mp4", 10, "second").getJsonObject("content");
    feed.accept(null, new JsonObject().put("@type", "updateMessageContent").put("chat_id", CHAT)
        .put("message_id", 1L << 20).put("new_content", edited));
    assertEquals(List.of("new.mp4"), names(index.search(CHAT, null, null, 0, 10)));
    assertEquals("second", index.post(CHAT, 1).file().caption());
    // Edited into a text post: no longer listed.
    feed.accept(null, new JsonObject().put("@type", "updateMessageContent").put("chat_id", CHAT)
        .put("message_id", 1L << 20).put("new_content", new JsonObject().put("@type", "messageText")));
    assertEquals(0, index.count(CHAT));
  }

  @Test
  void onlyPermanentDeletionsRemovePosts(Vertx vertx) {
    ChannelPostFeed feed = feed(vertx);
    feed.accept(null, newMessage(message(1, "a.mp4", "video/mp4")));
    feed.accept(null, newMessage(message(2, "b.mp4", "video/mp4")));
    feed.accept(null, new JsonObject().put("@type", "updateDeleteMessages").put("chat_id", CHAT)
        .put("message_ids", new JsonArray().add(1L << 20)).put("is_permanent", true).put("from_cache", true));
    assertEquals(2, index.count(CHAT), "from_cache: TDLib only forgot its copy");
    feed.accept(null, new JsonObject().put("@type", "updateDeleteMessages").put("chat_id", CHAT)
        .put("message_ids", new JsonArray().add(1L << 20)).put("is_permanent", true).put("from_cache", false));
    assertEquals(List.of("b.mp4"), names(index.search(CHAT, null, null, 0, 10)));
  }

  @Test
  void theChatsLastMessageTellsTheBackfillWhereHistoryEnds(Vertx vertx, VertxTestContext ctx) {
    ChannelPostFeed feed = feed(vertx);
    feed.observeLast(CHAT, new JsonObject().put("last_message", message(4, "d.mp4", "video/mp4")));
    assertTrue(index.count(CHAT) == 1);
    vertx.setPeriodic(5, id -> {
      if (index.complete(CHAT)) {
        vertx.cancelTimer(id);
        ctx.verify(() -> assertEquals(List.of(List.of(3L, 2L, 1L)), fetched));
        ctx.completeNow();
      }
    });
  }
}
