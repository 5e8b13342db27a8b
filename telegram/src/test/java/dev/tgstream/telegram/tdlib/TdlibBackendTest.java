package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.Channel;
import dev.tgstream.telegram.FilePage;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.MediaType;
import dev.tgstream.telegram.TelegramGateway;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import static dev.tgstream.telegram.tdlib.DoubleFixtures.BOT_TOKEN;
import static dev.tgstream.telegram.tdlib.DoubleFixtures.BOT_TOKEN_2;
import static dev.tgstream.telegram.tdlib.DoubleFixtures.CODE;
import static dev.tgstream.telegram.tdlib.DoubleFixtures.MOVIES_CHAT;
import static dev.tgstream.telegram.tdlib.DoubleFixtures.PASSWORD;
import static dev.tgstream.telegram.tdlib.DoubleFixtures.PHONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The assembled TDLib backend on the TDLib test double (not TDLib): bots with the post index, sessions, failures. */
@ExtendWith(VertxExtension.class)
class TdlibBackendTest {

  static final String CHANNEL = "c" + (-MOVIES_CHAT);
  static final int API_ID = 94575;
  static final String API_HASH = "a3406de8d171bb422bb6ddf3bbd800e2";

  @TempDir
  Path temp;
  TdJsonDouble td;

  /** A channel of three files and a text post (ids 1..4 by name: a.mp4, b.mp3, c.pdf, notes.post.txt). */
  private TdJsonDouble channelDouble() throws Exception {
    Path folder = temp.resolve("movies");
    DoubleFixtures.write(folder, "a.mp4", 3000, 1);
    DoubleFixtures.write(folder, "b.mp3", 2000, 2);
    DoubleFixtures.write(folder, "c.pdf", 1000, 3);
    Files.writeString(folder.resolve("notes.post.txt"), "just text");
    td = TdJsonDouble.builder().channel(MOVIES_CHAT, "movies_channel", "Movies", folder).botToken(BOT_TOKEN)
        .user(PHONE, CODE, PASSWORD).build();
    return td;
  }

  @AfterEach
  void stop() {
    if (td != null) {
      td.close();
    }
  }

  private static TdlibBackend.Settings settings(Optional<String> session, List<String> bots) {
    return new TdlibBackend.Settings(API_ID, API_HASH, session, bots, List.of(String.valueOf(MOVIES_CHAT)),
        64L << 20, "test");
  }

  private Future<TdlibBackend.Started> start(Vertx vertx, Optional<String> session, List<String> bots) {
    return TdlibBackend.start(vertx, TdRuntime.start(vertx, td), temp.resolve("data/tdlib"), settings(session, bots))
        .compose(started -> started.settled().map(started));
  }

  /** A user session string from the login dialogue against the double (phone, code, 2FA password). */
  private Future<String> userSession(Vertx vertx) throws Exception {
    TdRuntime loginRuntime = TdRuntime.start(vertx, td);
    return UserLogin.run(vertx, loginRuntime, Files.createDirectories(temp.resolve("login")), API_ID, API_HASH, "test",
            new UserLoginTest.Script(PHONE, CODE, PASSWORD))
        .eventually(loginRuntime::close);
  }

  /** Asks again, on the event loop, until the listing satisfies {@code done} (the index fills asynchronously). */
  private static Future<FilePage> until(Vertx vertx, TelegramGateway gateway, Predicate<FilePage> done) {
    Promise<FilePage> result = Promise.promise();
    vertx.setPeriodic(10, id -> gateway.files(CHANNEL, FileQuery.all()).onSuccess(page -> {
      if (done.test(page) && result.tryComplete(page)) {
        vertx.cancelTimer(id);
      }
    }));
    return result.future();
  }

  private static List<String> names(FilePage page) {
    return page.items().stream().map(MediaFile::name).toList();
  }

  @Test
  void botsOnlyListFromTheIndexFedByNewPostsAndBackfill(Vertx vertx, VertxTestContext ctx) throws Exception {
    channelDouble();
    Path newFile = temp.resolve("new/d.mkv");
    DoubleFixtures.write(newFile.getParent(), "d.mkv", 4000, 10);
    start(vertx, Optional.empty(), List.of(BOT_TOKEN)).compose(started -> {
      TelegramGateway gateway = started.gateway();
      return gateway.channels().compose(channels -> {
        ctx.verify(() -> {
          assertEquals(List.of(CHANNEL), channels.stream().map(Channel::id).toList());
          assertEquals(0, channels.get(0).count(), "a bot has seen no post yet");
        });
        // A new post reaches the bot as updateNewMessage; the three files before it are fetched by id.
        td.post(MOVIES_CHAT, newFile);
        return until(vertx, gateway, page -> page.items().size() == 4);
      }).compose(page -> {
        ctx.verify(() -> assertEquals(List.of("d.mkv", "c.pdf", "b.mp3", "a.mp4"), names(page)));
        return gateway.files(CHANNEL, new FileQuery(null, MediaType.AUDIO, null, null, 10));
      }).compose(audio -> {
        ctx.verify(() -> assertEquals(List.of("b.mp3"), names(audio)));
        return gateway.files(CHANNEL, new FileQuery("C.P", null, null, null, 10));
      }).compose(text -> {
        ctx.verify(() -> assertEquals(List.of("c.pdf"), names(text), "text search on names"));
        return gateway.files(CHANNEL, new FileQuery(null, null, null, null, 3));
      }).compose(newest -> {
        ctx.verify(() -> assertEquals(List.of("d.mkv", "c.pdf", "b.mp3"), names(newest)));
        return gateway.files(CHANNEL, new FileQuery(null, null, null, newest.next(), 3));
      }).compose(older -> {
        ctx.verify(() -> {
          assertEquals(List.of("a.mp4"), names(older), "date paging by cursor");
          assertEquals(null, older.next());
        });
        return gateway.files(CHANNEL, new FileQuery(null, null, dev.tgstream.telegram.FileSort.NAME, null, 2));
      }).compose(byName -> {
        ctx.verify(() -> assertEquals(List.of("a.mp4", "b.mp3"), names(byName)));
        return gateway.files(CHANNEL, new FileQuery(null, null, dev.tgstream.telegram.FileSort.NAME, byName.next(), 2));
      }).compose(rest -> {
        ctx.verify(() -> assertEquals(List.of("c.pdf", "d.mkv"), names(rest)));
        return gateway.channels();
      }).compose(channels -> {
        // The index counts for free: the number beside the channel follows new posts at once (no search cache).
        ctx.verify(() -> assertEquals(4, channels.get(0).count(), "the channel's count once the index holds 4"));
        return gateway.close();
      }).compose(v -> {
        ctx.verify(() -> assertTrue(Files.exists(temp.resolve("data/tdlib/post-index.json")), "saved on close"));
        return Future.succeededFuture();
      });
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void theIndexSurvivesARestart(Vertx vertx, VertxTestContext ctx) throws Exception {
    channelDouble();
    Path newFile = temp.resolve("new/d.mkv");
    DoubleFixtures.write(newFile.getParent(), "d.mkv", 4000, 10);
    start(vertx, Optional.empty(), List.of(BOT_TOKEN)).compose(started -> {
      td.post(MOVIES_CHAT, newFile);
      return until(vertx, started.gateway(), page -> page.items().size() == 4).compose(p -> started.gateway().close());
    }).compose(v -> start(vertx, Optional.empty(), List.of(BOT_TOKEN)))
        .compose(again -> again.gateway().files(CHANNEL, FileQuery.all()).eventually(() -> again.gateway().close()))
        .onComplete(ctx.succeeding(page -> ctx.verify(() -> {
          assertEquals(4, page.items().size(), "listed at once after a restart, no new post needed");
          ctx.completeNow();
        })));
  }

  @Test
  void aLinkOpensAPostTheBotNeverSawAndListsIt(Vertx vertx, VertxTestContext ctx) throws Exception {
    channelDouble();
    start(vertx, Optional.empty(), List.of(BOT_TOKEN)).compose(started ->
        started.links().open(MessageLink.parse("https://t.me/c/" + (-MOVIES_CHAT - 1_000_000_000_000L) + "/2"))
            .compose(file -> {
              ctx.verify(() -> {
                assertEquals("b.mp3", file.name());
                assertEquals(CHANNEL + "m2", file.id());
              });
              return started.links().open(MessageLink.parse("t.me/movies_channel/3?single"));
            })
            .compose(file -> {
              ctx.verify(() -> assertEquals("c.pdf", file.name()));
              return started.links().open(MessageLink.parse("https://t.me/movies_channel/4"))
                  .transform(ar -> {
                    ctx.verify(() -> {
                      assertTrue(ar.failed());
                      assertEquals(GatewayException.Kind.NOT_FOUND, GatewayException.kindOf(ar.cause()));
                      assertTrue(ar.cause().getMessage().contains("holds no file"), ar.cause().getMessage());
                    });
                    // Opening post 3 made 1..2 known: the backfill lists them too.
                    return until(vertx, started.gateway(), page -> page.items().size() == 3);
                  });
            })
            .eventually(() -> started.gateway().close()))
        .onComplete(ctx.succeeding(page -> ctx.verify(() -> {
          assertEquals(List.of("c.pdf", "b.mp3", "a.mp4"), names(page));
          ctx.completeNow();
        })));
  }

  @Test
  void withTwoBotsARevokedFirstBotHandsDescribesLinksAndTheIndexOnToTheOther(Vertx vertx, VertxTestContext ctx)
      throws Exception {
    Path folder = temp.resolve("movies");
    DoubleFixtures.write(folder, "a.mp4", 3000, 1);
    byte[] song = DoubleFixtures.write(folder, "b.mp3", 2000, 2);
    td = TdJsonDouble.builder().channel(MOVIES_CHAT, "movies_channel", "Movies", folder).botToken(BOT_TOKEN)
        .botToken(BOT_TOKEN_2).build();
    start(vertx, Optional.empty(), List.of(BOT_TOKEN, BOT_TOKEN_2)).compose(started -> {
      TelegramGateway gateway = started.gateway();
      // The first bot is the one metadata went through; its token is revoked before anything was asked.
      td.revokeBotToken(BOT_TOKEN);
      return awaitBotGone(vertx, started)
          .compose(v -> started.links().open(MessageLink.parse("https://t.me/movies_channel/2")))
          .compose(opened -> gateway.file(opened.id()))
          .compose(file -> gateway.readPart(file.id(), 0, 4096).map(bytes -> {
            ctx.verify(() -> {
              assertEquals("b.mp3", file.name());
              assertTrue(java.util.Arrays.equals(song, bytes.getBytes()), "the song's bytes through the other bot");
            });
            return file;
          }))
          // Opening post 2 made post 1 known: the backfill fetches it through the bot still logged in.
          .compose(file -> until(vertx, gateway, page -> page.items().size() == 2))
          .eventually(gateway::close);
    }).onComplete(ctx.succeeding(page -> ctx.verify(() -> {
      assertEquals(List.of("b.mp3", "a.mp4"), names(page));
      ctx.completeNow();
    })));
  }

  @Test
  void aUserSessionFromLoginListsWithSearchAndIsReusedAfterARestart(Vertx vertx, VertxTestContext ctx)
      throws Exception {
    channelDouble();
    userSession(vertx)
        .compose(session -> start(vertx, Optional.of(session), List.of())
            .compose(started -> started.gateway().files(CHANNEL, FileQuery.all())
                .eventually(() -> started.gateway().close()))
            .compose(page -> {
              ctx.verify(() -> assertEquals(List.of("c.pdf", "b.mp3", "a.mp4"), names(page)));
              return start(vertx, Optional.of(session), List.of());
            })
            .compose(again -> again.gateway().channels().eventually(() -> again.gateway().close())))
        .onComplete(ctx.succeeding(channels -> ctx.verify(() -> {
          assertEquals(1, channels.size());
          try (var folders = Files.list(temp.resolve("data/tdlib"))) {
            assertEquals(1, folders.filter(p -> p.getFileName().toString().startsWith("user-")).count());
          }
          ctx.completeNow();
        })));
  }

  private void notReady(Vertx vertx, VertxTestContext ctx, Optional<String> session, List<String> bots,
                        String expected) {
    start(vertx, session, bots).compose(started -> started.gateway().channels()
            .transform(ar -> started.gateway().close().map(ar)))
        .onComplete(ctx.succeeding(ar -> ctx.verify(() -> {
          assertTrue(ar.failed(), "not ready");
          assertEquals(GatewayException.Kind.UNAVAILABLE, GatewayException.kindOf(ar.cause()));
          assertTrue(ar.cause().getMessage().contains(expected), ar.cause().getMessage());
          ctx.completeNow();
        })));
  }

  @Test
  void theBackendAnswersAtOnceAndIsStartingUntilLoggedIn(Vertx vertx, VertxTestContext ctx) throws Exception {
    channelDouble();
    TdlibBackend.start(vertx, TdRuntime.start(vertx, td), temp.resolve("data/tdlib"),
        settings(Optional.empty(), List.of(BOT_TOKEN))).compose(started -> {
          Future<List<Channel>> early = started.gateway().channels();
          return started.settled().compose(v -> started.gateway().channels()).transform(late -> {
            ctx.verify(() -> {
              assertTrue(early.failed(), "not ready while logging in");
              assertTrue(early.cause().getMessage().contains("starting"), early.cause().getMessage());
              assertTrue(late.succeeded(), "ready once settled");
            });
            return started.gateway().close();
          });
        }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aCorruptSessionStartsNotReadyAndSaysWhatToDo(Vertx vertx, VertxTestContext ctx) throws Exception {
    channelDouble();
    notReady(vertx, ctx, Optional.of("tgs1.broken!"), List.of(BOT_TOKEN), "tgstream.jar login` again");
  }

  @Test
  void aSessionTelegramDoesNotAcceptStartsNotReady(Vertx vertx, VertxTestContext ctx) throws Exception {
    channelDouble();
    String foreign = SessionPack.pack("a binlog of some other account".getBytes());
    notReady(vertx, ctx, Optional.of(foreign), List.of(), "no longer accepted by Telegram");
  }

  @Test
  void everyBotRefusedStartsNotReady(Vertx vertx, VertxTestContext ctx) throws Exception {
    channelDouble();
    notReady(vertx, ctx, Optional.empty(), List.of("999:refused"), "every entry of TG_BOT_TOKEN was refused");
  }

  @Test
  void aBotLoginThatCannotWorkYetIsTriedAgain(Vertx vertx, VertxTestContext ctx) throws Exception {
    channelDouble();
    // Telegram rate-limits the first bot login: the backend says so, waits, and logs in on the next round.
    td.injectFloodWait(0, "checkAuthenticationBotToken", 0, 1);
    TdlibBackend.start(vertx, TdRuntime.start(vertx, td), temp.resolve("data/tdlib"),
            settings(Optional.empty(), List.of(BOT_TOKEN)), 1)
        .compose(started -> started.settled().compose(v -> started.gateway().channels()).transform(first -> {
          ctx.verify(() -> {
            assertTrue(first.failed(), "the first round failed");
            assertTrue(first.cause().getMessage().contains("trying again"), first.cause().getMessage());
            assertTrue(started.gateway().revokedReason() == null, "not given up");
          });
          Promise<List<Channel>> served = Promise.promise();
          vertx.setPeriodic(5, id -> started.gateway().channels().onSuccess(channels -> {
            if (served.tryComplete(channels)) {
              vertx.cancelTimer(id);
            }
          }));
          return served.future().eventually(() -> started.gateway().close());
        }))
        .onComplete(ctx.succeeding(channels -> ctx.verify(() -> {
          assertEquals(1, channels.size());
          ctx.completeNow();
        })));
  }

  @Test
  void aRefusedBotAmongGoodOnesIsSkipped(Vertx vertx, VertxTestContext ctx) throws Exception {
    channelDouble();
    start(vertx, Optional.empty(), List.of("999:refused", BOT_TOKEN)).compose(started -> started.gateway().channels()
            .eventually(() -> started.gateway().close()))
        .onComplete(ctx.succeeding(channels -> ctx.verify(() -> {
          assertEquals(1, channels.size());
          ctx.completeNow();
        })));
  }

  @Test
  void aRevokedSessionAtRuntimeMakesTheBackendNotReady(Vertx vertx, VertxTestContext ctx) throws Exception {
    channelDouble();
    userSession(vertx)
        .compose(session -> start(vertx, Optional.of(session), List.of()))
        .compose(started -> {
          RevocableGateway gateway = started.gateway();
          ctx.verify(() -> assertFalse(gateway.revokedReason() != null));
          // What TDLib reports when the session is ended elsewhere.
          gateway.watch(new io.vertx.core.json.JsonObject().put("@type", "updateAuthorizationState")
              .put("authorization_state", new io.vertx.core.json.JsonObject()
                  .put("@type", "authorizationStateLoggingOut")), SessionRejectedException.REVOKED);
          return gateway.channels().transform(ar -> gateway.close().map(ar));
        })
        .onComplete(ctx.succeeding(ar -> ctx.verify(() -> {
          assertTrue(ar.failed());
          assertTrue(ar.cause().getMessage().contains("run `java -jar app/target/tgstream.jar login` again"));
          ctx.completeNow();
        })));
  }

  @Test
  void whenTheOnlyBotIsRevokedTheUserSessionStreamsInstead(Vertx vertx, VertxTestContext ctx) throws Exception {
    channelDouble();
    userSession(vertx)
        .compose(session -> start(vertx, Optional.of(session), List.of(BOT_TOKEN)))
        .compose(started -> {
          TelegramGateway gateway = started.gateway();
          return gateway.files(CHANNEL, FileQuery.all()).compose(page -> {
            String fileId = page.items().get(0).id();
            // The bot streams while it is logged in: the user session is only its standby.
            return readAll(gateway, fileId, 2).compose(v -> {
              long botWindows = td.counters().get("request:downloadFile");
              ctx.verify(() -> assertTrue(botWindows > 0, td.counters()::toString));
              td.revokeBotToken(BOT_TOKEN);
              return awaitBotGone(vertx, started);
            }).compose(v -> readAll(gateway, fileId, 3).map(fileId));
          }).compose(fileId -> gateway.file(fileId).compose(file -> gateway.readPart(fileId, 0, 4096)
              .map(bytes -> bytes.length() == file.size()))).eventually(gateway::close);
        })
        .onComplete(ctx.succeeding(whole -> ctx.verify(() -> {
          assertTrue(whole, "the whole file, served by the user session after the bot was revoked");
          ctx.completeNow();
        })));
  }

  /** Until the revoked bot's client has closed (its LoggingOut update has reached the backend before that). */
  private Future<Void> awaitBotGone(Vertx vertx, TdlibBackend.Started started) {
    Promise<Void> gone = Promise.promise();
    vertx.setPeriodic(5, id -> {
      if (td.counters().get("botRevoked") > 0 && gone.tryComplete()) {
        vertx.cancelTimer(id);
      }
    });
    return gone.future();
  }

  /** {@code n} reads of the file's first 4 KiB in turn: each must succeed. */
  private static Future<Void> readAll(TelegramGateway gateway, String fileId, int n) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < n; i++) {
      chain = chain.compose(v -> gateway.readPart(fileId, 0, 4096).mapEmpty());
    }
    return chain;
  }

  @Test
  void aSessionRevokedWhileTheBotsLogInIsNotMissed(Vertx vertx, VertxTestContext ctx) throws Exception {
    channelDouble();
    userSession(vertx)
        .compose(session -> {
          // The bot login takes its time; the user session, restored at once, is ended by Telegram meanwhile: its
          // LoggingOut arrives before the gateway has installed any update handler.
          td.hold("checkAuthenticationBotToken");
          return TdlibBackend.start(vertx, TdRuntime.start(vertx, td), temp.resolve("data/tdlib"),
              settings(Optional.of(session), List.of(BOT_TOKEN)));
        })
        .compose(started -> {
          Promise<Void> botLoggingIn = Promise.promise();
          vertx.setPeriodic(5, id -> {
            if (td.counters().get("held:checkAuthenticationBotToken") > 0 && botLoggingIn.tryComplete()) {
              vertx.cancelTimer(id);
            }
          });
          return botLoggingIn.future().compose(v -> {
            td.revokeUserSession();
            td.release("checkAuthenticationBotToken");
            return started.settled();
          }).compose(v -> {
            RevocableGateway gateway = started.gateway();
            ctx.verify(() -> assertEquals(SessionRejectedException.REVOKED, gateway.revokedReason(),
                "readiness reports the revocation"));
            return gateway.channels().transform(ar -> gateway.close().map(ar));
          });
        })
        .onComplete(ctx.succeeding(ar -> ctx.verify(() -> {
          assertTrue(ar.failed(), "does not claim to serve");
          assertEquals(GatewayException.Kind.UNAVAILABLE, GatewayException.kindOf(ar.cause()));
          assertTrue(ar.cause().getMessage().contains("run `java -jar app/target/tgstream.jar login` again"),
              ar.cause().getMessage());
          ctx.completeNow();
        })));
  }

  @Test
  void aChannelThatFailedForNowAtStartIsTriedAgainAndServed(Vertx vertx, VertxTestContext ctx) throws Exception {
    channelDouble();
    // The network fails the first lookup of @movies_channel; @nobody_here is not a channel at all.
    td.injectError(0, "searchPublicChat", 500, "Connection closed", 1);
    TdlibBackend.Settings settings = new TdlibBackend.Settings(API_ID, API_HASH, Optional.empty(), List.of(BOT_TOKEN),
        List.of("@movies_channel", "@nobody_here"), 64L << 20, "test");
    TdlibBackend.start(vertx, TdRuntime.start(vertx, td), temp.resolve("data/tdlib"), settings, 1)
        .compose(started -> started.settled().compose(v -> {
          Promise<List<Channel>> served = Promise.promise();
          vertx.setPeriodic(5, id -> started.gateway().channels().onSuccess(channels -> {
            if (!channels.isEmpty() && served.tryComplete(channels)) {
              vertx.cancelTimer(id);
            }
          }));
          return served.future();
        }).compose(channels -> {
          ctx.verify(() -> {
            assertEquals(List.of(CHANNEL), channels.stream().map(Channel::id).toList());
            assertEquals(1, td.counters().get("injectedError"));
          });
          // Served everywhere: a link into it opens (the backend's channel set learned of it too).
          return started.links().open(MessageLink.parse("https://t.me/movies_channel/2"));
        }).compose(file -> {
          ctx.verify(() -> assertEquals("b.mp3", file.name()));
          ctx.verify(() -> assertEquals(3, td.counters().get("request:searchPublicChat"),
              "one new try for the transient failure; none for a resolved channel or for one that is no channel"));
          return started.gateway().close();
        }))
        .onComplete(ctx.succeedingThenComplete());
  }
}
