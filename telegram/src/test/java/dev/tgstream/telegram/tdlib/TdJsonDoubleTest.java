package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static dev.tgstream.telegram.tdlib.DoubleFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TDLib test double itself keeps TDLib's documented rules (so tests on it mean something). */
@ExtendWith(VertxExtension.class)
class TdJsonDoubleTest {

  @TempDir
  Path temp;
  private TdJsonDouble td;
  private TdRuntime runtime;
  private byte[] big;

  @BeforeEach
  void setUp(Vertx vertx) {
    Path movies = temp.resolve("movies");
    big = write(movies, "a-film.mp4", 3 * MIB + 5000, 1);
    write(movies, "b-notes.pdf", 10_000, 2);
    write(movies, "c-song.mp3", 20_000, 3);
    write(movies, "d-hello.post.txt", "hello".getBytes(), 4);
    write(movies, "e-clip.mp4", 50_000, 5);
    caption(movies, "e-clip.mp4", "A clip about zebras");
    td = TdJsonDouble.builder().channel(MOVIES_CHAT, "doublemovies", "Movies", movies).botToken(BOT_TOKEN)
        .user(PHONE, CODE, PASSWORD).bandwidth(16L * MIB).latency(2).searchPageCap(2).build();
    runtime = TdRuntime.start(vertx, td);
  }

  @AfterEach
  void tearDown(VertxTestContext ctx) {
    runtime.close().onComplete(ar -> {
      td.close();
      ctx.completeNow();
    });
  }

  @Test
  void botLogsInWithItsTokenAndAFolderWithItsBinlogRestoresTheSession(VertxTestContext ctx) {
    Path db = temp.resolve("bot-db");
    DoubleLogins.bot(runtime, db, BOT_TOKEN)
        .compose(client -> client.close().map(client))
        .compose(closed -> {
          ctx.verify(() -> assertTrue(Files.exists(db.resolve("td.binlog"))));
          TdClient again = runtime.newClient();
          return DoubleLogins.start(again, db);
        })
        .onComplete(ctx.succeeding(state -> ctx.verify(() -> {
          assertEquals(TdAuthorizationStates.READY, state);
          assertEquals(1, td.counters().get("sessionRestored"));
          assertEquals(1, td.counters().get("request:checkAuthenticationBotToken"));
          ctx.completeNow();
        })));
  }

  @Test
  void userLoginAsksForCodeAndPasswordAndRejectsAWrongCode(VertxTestContext ctx) {
    TdClient client = runtime.newClient();
    DoubleLogins.start(client, temp.resolve("user-db"))
        .compose(s -> client.send(new JsonObject().put("@type", "setAuthenticationPhoneNumber")
            .put("phone_number", PHONE).putNull("settings")))
        .compose(ok -> client.awaitAuthorizationState(DoubleLogins.WAIT, TdAuthorizationStates.WAIT_CODE))
        .compose(s -> client.send(new JsonObject().put("@type", "checkAuthenticationCode").put("code", "11111"))
            .transform(ar -> {
              ctx.verify(() -> {
                assertTrue(ar.failed());
                assertTrue(ar.cause().getMessage().contains("PHONE_CODE_INVALID"), ar.cause().getMessage());
              });
              return client.send(new JsonObject().put("@type", "checkAuthenticationCode").put("code", CODE));
            }))
        .compose(ok -> client.awaitAuthorizationState(DoubleLogins.WAIT, TdAuthorizationStates.WAIT_PASSWORD))
        .compose(s -> client.send(new JsonObject().put("@type", "checkAuthenticationPassword")
            .put("password", PASSWORD)))
        .compose(ok -> client.awaitAuthorizationState(DoubleLogins.WAIT, TdAuthorizationStates.READY))
        .onComplete(ctx.succeeding(ready -> ctx.completeNow()));
  }

  @Test
  void botsCannotSearchButCanGetMessagesByIdAndMissingOnesAreNull(VertxTestContext ctx) {
    DoubleLogins.bot(runtime, temp.resolve("bot"), BOT_TOKEN).compose(bot -> {
      Future<JsonObject> searched = bot.send(search(0, 10, null));
      Future<JsonObject> got = bot.send(new JsonObject().put("@type", "getMessages").put("chat_id", MOVIES_CHAT)
          .put("message_ids", new JsonArray().add(1L << 20).add(99L << 20)));
      return Future.join(searched, got).transform(ar -> Future.succeededFuture(List.of(searched, got)));
    }).onComplete(ctx.succeeding(calls -> ctx.verify(() -> {
      assertTrue(calls.get(0).failed());
      assertTrue(calls.get(0).cause().getMessage().contains("The method is not available to bots"));
      JsonArray messages = calls.get(1).result().getJsonArray("messages");
      assertEquals("messageVideo", messages.getJsonObject(0).getJsonObject("content").getString("@type"));
      assertNull(messages.getValue(1));
      ctx.completeNow();
    })));
  }

  @Test
  void searchPagesNewestFirstByFromMessageIdWithFiltersAndQuery(VertxTestContext ctx) {
    DoubleLogins.user(runtime, temp.resolve("user"), PHONE, CODE, PASSWORD).compose(user -> {
      List<Long> ids = new ArrayList<>();
      return collect(user, 0, ids, null, "").map(ids)
          .compose(all -> {
            List<Long> videos = new ArrayList<>();
            return collect(user, 0, videos, "searchMessagesFilterVideo", "").map(v -> List.of(all, videos));
          })
          .compose(two -> user.send(search(0, 100, null).put("query", "ZEBRA"))
              .map(found -> List.of(two.get(0), two.get(1), List.of(found.getJsonArray("messages").size()))));
    }).onComplete(ctx.succeeding(lists -> ctx.verify(() -> {
      assertEquals(List.of(5L << 20, 4L << 20, 3L << 20, 2L << 20, 1L << 20), lists.get(0));
      assertEquals(List.of(5L << 20, 1L << 20), lists.get(1));
      assertEquals(List.of(1), lists.get(2));
      ctx.completeNow();
    })));
  }

  @Test
  void oneWindowPerFileAnotherOffsetCancelsAPendingSynchronousDownload(Vertx vertx, VertxTestContext ctx) {
    // Slow enough that the first window cannot finish before the second request arrives.
    TdJsonDouble slow = TdJsonDouble.builder().channel(MOVIES_CHAT, "doublemovies", "Movies", temp.resolve("movies"))
        .botToken(BOT_TOKEN).bandwidth(256 * 1024).latency(2).build();
    TdRuntime slowRuntime = TdRuntime.start(vertx, slow);
    DoubleLogins.bot(slowRuntime, temp.resolve("slow-bot"), BOT_TOKEN).compose(bot -> {
      int fileId = slow.fileIdOf(bot.id(), MOVIES_CHAT, 1L << 20);
      Future<JsonObject> first = bot.send(download(fileId, 0, 2 * MIB, true));
      Future<JsonObject> second = bot.send(download(fileId, 2 * MIB, 8192, true));
      return Future.join(first, second).transform(ar -> Future.succeededFuture(List.of(first, second)));
    }).eventually(slowRuntime::close).onComplete(ctx.succeeding(calls -> ctx.verify(() -> {
      slow.close();
      assertTrue(calls.get(0).failed());
      assertTrue(calls.get(0).cause().getMessage().contains("Canceled by another downloadFile request"));
      assertEquals(2 * MIB, calls.get(1).result().getJsonObject("local").getLong("download_offset"));
      assertEquals(1, slow.counters().get("canceledSynchronous"));
      assertEquals(1, slow.counters().get("windowReplaced"));
      ctx.completeNow();
    })));
  }

  @Test
  void downloadsGrowASparseFileThatMovesWhenCompleteAndReadFilePartNeedsTheBytes(VertxTestContext ctx) {
    List<JsonObject> updates = new ArrayList<>();
    DoubleLogins.bot(runtime, temp.resolve("bot"), BOT_TOKEN).compose(bot -> {
      bot.updateHandler(u -> {
        if (u.getString("@type").equals("updateFile")) {
          updates.add(u.getJsonObject("file"));
        }
      });
      int fileId = td.fileIdOf(bot.id(), MOVIES_CHAT, 1L << 20);
      return bot.send(new JsonObject().put("@type", "readFilePart").put("file_id", fileId).put("offset", 0)
              .put("count", 4096))
          .transform(early -> {
            ctx.verify(() -> assertTrue(early.cause().getMessage().contains("not enough downloaded bytes")));
            return bot.send(download(fileId, MIB, MIB, true));
          })
          .compose(window -> {
            ctx.verify(() -> {
              JsonObject local = window.getJsonObject("local");
              assertEquals(MIB, local.getLong("download_offset"));
              assertTrue(local.getLong("downloaded_prefix_size") >= MIB);
              assertFalse(local.getBoolean("is_downloading_completed"));
              assertTrue(local.getString("path").contains("temp"));
            });
            return bot.send(new JsonObject().put("@type", "readFilePart").put("file_id", fileId).put("offset", MIB)
                .put("count", 65536));
          })
          .compose(part -> {
            ctx.verify(() -> assertEquals(sha256(Arrays.copyOfRange(big, MIB, MIB + 65536)),
                sha256(Base64.getDecoder().decode(part.getString("data")))));
            return bot.send(new JsonObject().put("@type", "getFileDownloadedPrefixSize").put("file_id", fileId)
                .put("offset", 0));
          })
          .compose(prefix -> {
            ctx.verify(() -> assertEquals(0, prefix.getLong("size")));
            return bot.send(download(fileId, 0, 0, true));
          })
          .compose(whole -> {
            ctx.verify(() -> {
              JsonObject local = whole.getJsonObject("local");
              assertTrue(local.getBoolean("is_downloading_completed"));
              assertFalse(local.getString("path").contains("temp"));
              assertEquals(sha256(big), sha256(Files.readAllBytes(Path.of(local.getString("path")))));
              assertEquals(1, td.counters().get("pathMoved"));
              assertEquals(1, td.counters().get("unlimitedWindow"));
              assertTrue(updates.size() >= 2, "updateFile events: " + updates.size());
              JsonObject last = updates.get(updates.size() - 1);
              assertEquals(whole.getJsonObject("local").getString("path"), last.getJsonObject("local").getString("path"));
            });
            return bot.send(new JsonObject().put("@type", "deleteFile").put("file_id", fileId));
          })
          .compose(ok -> bot.send(new JsonObject().put("@type", "getFile").put("file_id", fileId)));
    }).onComplete(ctx.succeeding(file -> ctx.verify(() -> {
      assertEquals("", file.getJsonObject("local").getString("path"));
      assertEquals(1, td.counters().get("deleteFile"));
      ctx.completeNow();
    })));
  }

  @Test
  void floodWaitInjectionAnswers429WithTheWait(VertxTestContext ctx) {
    DoubleLogins.bot(runtime, temp.resolve("bot"), BOT_TOKEN).compose(bot -> {
      td.injectFloodWait(bot.id(), "getChat", 7, 1);
      return bot.send(new JsonObject().put("@type", "getChat").put("chat_id", MOVIES_CHAT)).transform(ar -> {
        ctx.verify(() -> {
          assertEquals(GatewayException.Kind.FLOOD_WAIT, GatewayException.kindOf(ar.cause()));
          assertEquals(7, ((GatewayException) ar.cause()).retryAfterSeconds());
        });
        return bot.send(new JsonObject().put("@type", "getChat").put("chat_id", MOVIES_CHAT));
      });
    }).onComplete(ctx.succeeding(chat -> ctx.verify(() -> {
      assertEquals("Movies", chat.getString("title"));
      ctx.completeNow();
    })));
  }

  @Test
  void messageLinksResolveForPublicAndPrivateForms(VertxTestContext ctx) {
    DoubleLogins.bot(runtime, temp.resolve("bot"), BOT_TOKEN).compose(bot -> {
      Future<JsonObject> pub = bot.send(new JsonObject().put("@type", "getMessageLinkInfo")
          .put("url", "https://t.me/doublemovies/5"));
      Future<JsonObject> priv = bot.send(new JsonObject().put("@type", "getMessageLinkInfo")
          .put("url", "https://t.me/c/1234567890/1"));
      Future<JsonObject> missing = bot.send(new JsonObject().put("@type", "getMessageLinkInfo")
          .put("url", "https://t.me/c/1234567890/99"));
      Future<JsonObject> chat = bot.send(new JsonObject().put("@type", "searchPublicChat")
          .put("username", "doublemovies"));
      return Future.all(pub, priv, missing, chat).map(x -> List.of(pub.result(), priv.result(), missing.result(),
          chat.result()));
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertTrue(r.get(0).getBoolean("is_public"));
      assertEquals(5L << 20, r.get(0).getJsonObject("message").getLong("id"));
      assertFalse(r.get(1).getBoolean("is_public"));
      assertEquals(MOVIES_CHAT, r.get(1).getLong("chat_id"));
      assertEquals(1L << 20, r.get(1).getJsonObject("message").getLong("id"));
      assertNull(r.get(2).getValue("message"));
      assertEquals(MOVIES_CHAT, r.get(3).getLong("id"));
      ctx.completeNow();
    })));
  }

  @Test
  void misspeltFieldsFailInsteadOfBeingIgnored(VertxTestContext ctx) {
    DoubleLogins.bot(runtime, temp.resolve("bot"), BOT_TOKEN)
        .compose(bot -> bot.send(new JsonObject().put("@type", "getChat").put("chatId", MOVIES_CHAT)))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertTrue(e.getMessage().contains("chatId"), e.getMessage());
          ctx.completeNow();
        })));
  }

  private static JsonObject search(long from, int limit, String filter) {
    return new JsonObject().put("@type", "searchChatMessages").put("chat_id", MOVIES_CHAT).putNull("topic_id")
        .put("query", "").putNull("sender_id").put("from_message_id", from).put("offset", 0).put("limit", limit)
        .put("filter", filter == null ? null : new JsonObject().put("@type", filter));
  }

  static JsonObject download(int fileId, long offset, long limit, boolean synchronous) {
    return new JsonObject().put("@type", "downloadFile").put("file_id", fileId).put("priority", 16)
        .put("offset", offset).put("limit", limit).put("synchronous", synchronous);
  }

  private static Future<Void> collect(TdClient user, long from, List<Long> ids, String filter, String query) {
    return user.send(search(from, 100, filter).put("query", query)).compose(found -> {
      found.getJsonArray("messages").forEach(m -> ids.add(((JsonObject) m).getLong("id")));
      long next = found.getLong("next_from_message_id");
      return next == 0 ? Future.succeededFuture() : collect(user, next, ids, filter, query);
    });
  }
}
