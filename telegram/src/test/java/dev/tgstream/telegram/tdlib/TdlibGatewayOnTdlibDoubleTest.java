package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.Channel;
import dev.tgstream.telegram.FilePage;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.FileSort;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.MediaType;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.Thumbnail;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static dev.tgstream.telegram.tdlib.DoubleFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TdlibGateway's logic against the TDLib test double: listings, mapping, windows, the bot pool, sessions, budget. */
@ExtendWith(VertxExtension.class)
class TdlibGatewayOnTdlibDoubleTest {

  static final String MOVIES = TdlibIds.channelId(MOVIES_CHAT);
  static final List<String> CHANNEL_IDS = List.of(Long.toString(MOVIES_CHAT), "@doublemusic", "@nosuchchannel");

  @TempDir
  Path temp;
  private Path movies;
  private byte[] film;
  private byte[] movie;
  private final List<GatewayOnDouble> started = new ArrayList<>();
  /** Vert.x instances a test made for itself: closed after its gateways. */
  private final List<Vertx> ownVertx = new ArrayList<>();

  @BeforeEach
  void folders() {
    movies = temp.resolve("movies");
    film = write(movies, "a-film.mp4", 3 * MIB + 5000, 1);
    write(movies, "b-notes.pdf", 10_000, 2);
    write(movies, "c-song.mp3", 20_000, 3);
    write(movies, "d-hello.post.txt", "hello".getBytes(), 4);
    write(movies, "e-clip.mp4", 50_000, 5);
    caption(movies, "e-clip.mp4", "A clip about zebras");
    write(movies, "f-photo.jpg", 30_000, 6);
    movie = write(movies, "g-movie.mkv", 24 * MIB + 123, 7);
    write(movies, "h-voice.ogg", 5_000, 8);
    write(temp.resolve("music"), "one.mp3", 7_000, 1);
    write(temp.resolve("music"), "two.mp3", 8_000, 2);
  }

  @AfterEach
  void closeAll(VertxTestContext ctx) {
    Future.join(started.stream().map(GatewayOnDouble::close).toList())
        .eventually(() -> Future.join(ownVertx.stream().map(Vertx::close).toList()))
        .onComplete(x -> ctx.completeNow());
  }

  private TdJsonDouble.Builder double_() {
    return TdJsonDouble.builder().channel(MOVIES_CHAT, "doublemovies", "Movies", movies)
        .channel(MUSIC_CHAT, "doublemusic", "Music", temp.resolve("music"))
        .botToken(BOT_TOKEN).botToken(BOT_TOKEN_2).user(PHONE, CODE, PASSWORD).searchPageCap(2);
  }

  private Future<GatewayOnDouble> start(Vertx vertx, TdJsonDouble td, boolean user, List<String> bots,
      UnaryOperator<TdlibSettings> settings) {
    return GatewayOnDouble.start(vertx, td, temp.resolve("data"), user, bots,
        settings.apply(TdlibSettings.of(CHANNEL_IDS)), b -> b).onSuccess(started::add);
  }

  private Future<GatewayOnDouble> userOnly(Vertx vertx, TdJsonDouble td) {
    return start(vertx, td, true, List.of(), s -> s);
  }

  @Test
  void channelsResolveByIdAndUsernameAndAnUnknownOneIsReportedWhileTheOthersServe(Vertx vertx,
      VertxTestContext ctx) {
    // As in TDLib, the user session knows a chat by id only once its chat list is loaded.
    TdJsonDouble td = double_().usersMustLoadChats().build();
    userOnly(vertx, td).compose(g -> g.gateway.channels().map(ch -> List.of(g, ch)))
        .onComplete(ctx.succeeding(pair -> ctx.verify(() -> {
          assertTrue(td.counters().get("request:loadChats") >= 1);
          GatewayOnDouble g = (GatewayOnDouble) pair.get(0);
          @SuppressWarnings("unchecked")
          List<Channel> channels = (List<Channel>) pair.get(1);
          assertEquals(List.of(new Channel(MOVIES, "Movies", 6), new Channel(TdlibIds.channelId(MUSIC_CHAT), "Music",
              2)), channels);
          assertEquals(List.of("@nosuchchannel"), g.gateway.unresolvedChannels());
          ctx.completeNow();
        })));
  }

  @Test
  void pagingNewestFirstVisitsEveryFileOnceAcrossTdlibsShortAnswers(Vertx vertx, VertxTestContext ctx) {
    TdJsonDouble td = double_().build();
    userOnly(vertx, td).compose(g -> collect(cursor -> g.gateway.files(MOVIES,
            new FileQuery(null, null, FileSort.DATE, cursor, 3))))
        .onComplete(ctx.succeeding(names -> ctx.verify(() -> {
          assertEquals(List.of("voice-8.ogg", "g-movie.mkv", "photo-6.jpg", "e-clip.mp4", "c-song.mp3",
              "b-notes.pdf", "a-film.mp4"), names);
          assertEquals(0, td.counters().get("searchLimitOver100"));
          ctx.completeNow();
        })));
  }

  @Test
  void typeFiltersFollowTelegramsSearchFiltersAndTextSearchFindsCaptions(Vertx vertx, VertxTestContext ctx) {
    userOnly(vertx, double_().build()).compose(g -> {
      List<Future<List<String>>> lists = new ArrayList<>();
      for (MediaType type : MediaType.values()) {
        lists.add(collect(c -> g.gateway.files(MOVIES, new FileQuery(null, type, FileSort.DATE, c, 10))));
      }
      lists.add(collect(c -> g.gateway.files(MOVIES, new FileQuery("ZEBRA", null, FileSort.DATE, c, 10))));
      return Future.all(lists).map(x -> lists.stream().map(Future::result).toList());
    }).onComplete(ctx.succeeding(lists -> ctx.verify(() -> {
      assertEquals(List.of("e-clip.mp4", "a-film.mp4"), lists.get(0));
      assertEquals(List.of("c-song.mp3"), lists.get(1));
      assertEquals(List.of("g-movie.mkv", "b-notes.pdf"), lists.get(2));
      assertEquals(List.of("photo-6.jpg"), lists.get(3));
      assertEquals(List.of("e-clip.mp4"), lists.get(4));
      ctx.completeNow();
    })));
  }

  @Test
  void nameAndSizeOrdersPageByPosition(Vertx vertx, VertxTestContext ctx) {
    userOnly(vertx, double_().build()).compose(g -> {
      Future<List<String>> byName = collect(c -> g.gateway.files(MOVIES, new FileQuery(null, null, FileSort.NAME, c,
          2)));
      Future<List<String>> bySize = collect(c -> g.gateway.files(MOVIES, new FileQuery(null, null, FileSort.SIZE, c,
          3)));
      return Future.all(byName, bySize).map(x -> List.of(byName.result(), bySize.result()));
    }).onComplete(ctx.succeeding(lists -> ctx.verify(() -> {
      assertEquals(List.of("a-film.mp4", "b-notes.pdf", "c-song.mp3", "e-clip.mp4", "g-movie.mkv", "photo-6.jpg",
          "voice-8.ogg"), lists.get(0));
      assertEquals(List.of("g-movie.mkv", "a-film.mp4", "e-clip.mp4", "photo-6.jpg", "c-song.mp3", "b-notes.pdf",
          "voice-8.ogg"), lists.get(1));
      ctx.completeNow();
    })));
  }

  @Test
  void fileDescribesAPostLikeTheListingWithIdsMadeOfChannelAndMessage(Vertx vertx, VertxTestContext ctx) {
    userOnly(vertx, double_().build()).compose(g -> g.gateway.files(MOVIES, new FileQuery(null, null, FileSort.DATE,
            null, 50))
        .compose(page -> g.gateway.file(MOVIES + "m5").map(clip -> List.of(page, clip))))
        .onComplete(ctx.succeeding(pair -> ctx.verify(() -> {
          FilePage page = (FilePage) pair.get(0);
          MediaFile clip = (MediaFile) pair.get(1);
          assertEquals(page.items().get(3), clip);
          assertEquals("c1001234567890m5", clip.id());
          assertEquals(MOVIES, clip.channelId());
          assertEquals("e-clip.mp4", clip.name());
          assertEquals(50_000, clip.size());
          assertEquals("video/mp4", clip.mime());
          assertEquals(MediaType.VIDEO, clip.type());
          assertEquals("A clip about zebras", clip.caption());
          assertEquals(T0.plusSeconds(300), clip.date());
          assertEquals(65.0, clip.duration());
          assertEquals(1280, clip.width());
          assertEquals(720, clip.height());
          assertTrue(clip.hasThumbnail());
          MediaFile mkv = page.items().get(1);
          assertEquals("video/x-matroska", mkv.mime());
          assertEquals(MediaType.DOCUMENT, mkv.type());
          MediaFile voice = page.items().get(0);
          assertEquals(MediaType.AUDIO, voice.type());
          // Telegram keeps no file name for voice notes and photos: the name is made from the post.
          assertEquals("voice-8.ogg", voice.name());
          assertEquals("audio/ogg", voice.mime());
          ctx.completeNow();
        })));
  }

  @Test
  void badCursorsAreInvalidAndUnknownChannelsAndFilesNotFound(Vertx vertx, VertxTestContext ctx) {
    userOnly(vertx, double_().build()).compose(g -> {
      List<Future<?>> calls = List.of(
          g.gateway.files(MOVIES, new FileQuery(null, null, FileSort.DATE, "garbage", 5)),
          g.gateway.files(MOVIES, new FileQuery(null, null, FileSort.NAME, "n12", 5)),
          g.gateway.files("c999", FileQuery.all()),
          g.gateway.file(MOVIES + "m99"),
          g.gateway.file("c999m1"),
          g.gateway.readPart("nonsense", 0, 4096),
          g.gateway.thumbnail(MOVIES + "m3"),
          g.gateway.readPart(MOVIES + "m2", 12_288, 4096));
      return Future.join(calls).transform(x -> Future.succeededFuture(calls));
    }).onComplete(ctx.succeeding(calls -> ctx.verify(() -> {
      List<GatewayException.Kind> kinds = calls.stream().map(f -> GatewayException.kindOf(f.cause())).toList();
      assertEquals(List.of(GatewayException.Kind.INVALID_REQUEST, GatewayException.Kind.INVALID_REQUEST,
          GatewayException.Kind.NOT_FOUND, GatewayException.Kind.NOT_FOUND, GatewayException.Kind.NOT_FOUND,
          GatewayException.Kind.NOT_FOUND, GatewayException.Kind.NOT_FOUND, GatewayException.Kind.INVALID_REQUEST),
          kinds);
      ctx.completeNow();
    })));
  }

  @Test
  void alignedPartsReadInParallelReassembleTheExactBytes(Vertx vertx, VertxTestContext ctx) {
    userOnly(vertx, double_().build()).compose(g -> {
      List<Future<Buffer>> parts = new ArrayList<>();
      for (long offset = 0; offset < film.length; offset += MIB) {
        parts.add(g.gateway.readPart(MOVIES + "m1", offset, MIB));
      }
      Future<Buffer> head = g.gateway.readPart(MOVIES + "m1", 2 * MIB + 65536, 65536);
      return Future.all(new ArrayList<Future<?>>(parts)).compose(x -> head).map(h -> {
        Buffer whole = Buffer.buffer();
        parts.forEach(p -> whole.appendBuffer(p.result()));
        return List.of(whole, h);
      });
    }).onComplete(ctx.succeeding(bytes -> ctx.verify(() -> {
      assertEquals(sha256(film), sha256(bytes.get(0).getBytes()));
      assertEquals(sha256(Arrays.copyOfRange(film, 2 * MIB + 65536, 2 * MIB + 131072)),
          sha256(bytes.get(1).getBytes()));
      ctx.completeNow();
    })));
  }

  @Test
  void thumbnailsComeFromTheThumbnailFileElseTheMinithumbnail(Vertx vertx, VertxTestContext ctx) {
    userOnly(vertx, double_().build()).compose(g -> {
      Future<Thumbnail> video = g.gateway.thumbnail(MOVIES + "m1");
      Future<Thumbnail> photo = g.gateway.thumbnail(MOVIES + "m6");
      return Future.all(video, photo).map(x -> List.of(video.result(), photo.result()));
    }).onComplete(ctx.succeeding(thumbs -> ctx.verify(() -> {
      assertEquals(sha256(DoubleChannel.fakeJpeg("thumb:a-film.mp4", 900)), sha256(thumbs.get(0).bytes().getBytes()));
      assertEquals("image/jpeg", thumbs.get(0).mime());
      assertEquals(sha256(DoubleChannel.fakeJpeg("f-photo.jpg", 50)), sha256(thumbs.get(1).bytes().getBytes()));
      ctx.completeNow();
    })));
  }

  @Test
  void withBotsOnlyFilesFailClearlyWhileLookupsAndStreamingWork(Vertx vertx, VertxTestContext ctx) {
    start(vertx, double_().build(), false, List.of(BOT_TOKEN), s -> s).compose(g -> {
      Future<FilePage> files = g.gateway.files(MOVIES, FileQuery.all());
      Future<MediaFile> file = g.gateway.file(MOVIES + "m2");
      Future<Buffer> part = g.gateway.readPart(MOVIES + "m1", MIB, MIB);
      return Future.join(files, file, part).transform(x -> Future.succeededFuture(List.of(files, file, part)));
    }).onComplete(ctx.succeeding(calls -> ctx.verify(() -> {
      assertTrue(calls.get(0).failed());
      assertTrue(calls.get(0).cause().getMessage().contains("user session"), calls.get(0).cause().getMessage());
      assertEquals("b-notes.pdf", ((MediaFile) calls.get(1).result()).name());
      assertEquals(sha256(Arrays.copyOfRange(film, MIB, 2 * MIB)),
          sha256(((Buffer) calls.get(2).result()).getBytes()));
      ctx.completeNow();
    })));
  }

  @Test
  void twoReadersOfOneFileBothCompleteAndTheWindowMovesPerBatchNotPerPart(Vertx vertx, VertxTestContext ctx) {
    TdJsonDouble td = double_().bandwidth(16L * MIB).build();
    String id = MOVIES + "m7";
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    userOnly(vertx, td).compose(g -> {
      Future<Buffer> a = new PlayerLikeReader(g.gateway, id, 0, 12L * MIB, MIB, 8, o -> order.add("a")).run();
      Future<Buffer> b = new PlayerLikeReader(g.gateway, id, 12L * MIB, 24L * MIB, MIB, 8, o -> order.add("b"))
          .run();
      return Future.all(a, b).map(x -> List.<Object>of(g, a.result(), b.result()));
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      GatewayOnDouble g = (GatewayOnDouble) r.get(0);
      assertEquals(sha256(Arrays.copyOfRange(movie, 0, 12 * MIB)), sha256(((Buffer) r.get(1)).getBytes()));
      assertEquals(sha256(Arrays.copyOfRange(movie, 12 * MIB, 24 * MIB)), sha256(((Buffer) r.get(2)).getBytes()));
      DownloadStats stats = g.gateway.downloadStats();
      // Both progress: neither waits for the other to finish.
      assertTrue(order.indexOf("b") < order.lastIndexOf("a") && order.indexOf("a") < order.lastIndexOf("b"),
          order.toString());
      // Nothing is downloaded twice, and the window moves per batch: one per part would be 24 moves.
      assertEquals(24L * MIB, td.counters().get("bytesDownloaded"));
      assertTrue(stats.windowMoves.get() <= 12, stats.toString());
      assertTrue(td.counters().get("request:downloadFile") <= 16, td.counters().toString());
      assertEquals(0, td.counters().get("unlimitedWindow"));
      ctx.completeNow();
    })));
  }

  @Test
  void aSeekMovesTheWindowAtOnce(Vertx vertx, VertxTestContext ctx) {
    TdJsonDouble td = double_().bandwidth(2L * MIB).build();
    String id = MOVIES + "m7";
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    userOnly(vertx, td).compose(g -> {
      Promise<Buffer> seekDone = Promise.promise();
      Future<Buffer> playing = new PlayerLikeReader(g.gateway, id, 0, 4L * MIB, MIB, 4,
          offset -> {
            order.add("play@" + offset);
            if (offset == 0) {
              // The player has started: now it seeks to 80 %.
              g.gateway.readPart(id, 19L * MIB + 65536, 65536).onSuccess(b -> order.add("seek"))
                  .onComplete(seekDone);
            }
          }).run();
      return Future.all(playing, seekDone.future()).map(x -> seekDone.future().result());
    }).onComplete(ctx.succeeding(seek -> ctx.verify(() -> {
      assertEquals(sha256(Arrays.copyOfRange(movie, 19 * MIB + 65536, 19 * MIB + 131072)),
          sha256(seek.getBytes()));
      // The seek was answered before the player's queued parts, not after them.
      assertTrue(order.indexOf("seek") < order.indexOf("play@" + (3L * MIB)), order.toString());
      ctx.completeNow();
    })));
  }

  @Test
  void onTheDoubleASeekRightAfterTheDetailsPageWarmUpIsServedBeforeTheWarmUpCompletes(Vertx vertx,
      VertxTestContext ctx) {
    // What the details page starts (StreamEngine.warm: the first and the last part, nobody waiting for them yet), then
    // the person jumps to 90 % while those downloads run.
    TdJsonDouble td = double_().bandwidth(2L * MIB).build();
    String id = MOVIES + "m7";
    long seekAt = 21L * MIB + 65536;
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    userOnly(vertx, td).compose(g -> {
      Future<Buffer> first = g.gateway.readPart(id, 0, MIB, TelegramGateway.ReadUrgency.BACKGROUND)
          .onSuccess(b -> order.add("warm first part"));
      Future<Buffer> last = g.gateway.readPart(id, 24L * MIB, MIB, TelegramGateway.ReadUrgency.BACKGROUND)
          .onSuccess(b -> order.add("warm last part"));
      Future<Buffer> seek = until(vertx, () -> td.counters().get("bytesDownloaded") > 0)
          .compose(x -> g.gateway.readPart(id, seekAt, 65536)).onSuccess(b -> order.add("seek"));
      return Future.all(first, last, seek).map(x -> List.<Object>of(g, first.result(), last.result(), seek.result()));
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      GatewayOnDouble g = (GatewayOnDouble) r.get(0);
      assertEquals(sha256(Arrays.copyOfRange(movie, 0, MIB)), sha256(((Buffer) r.get(1)).getBytes()));
      assertEquals(sha256(Arrays.copyOfRange(movie, 24 * MIB, movie.length)), sha256(((Buffer) r.get(2)).getBytes()));
      assertEquals(sha256(Arrays.copyOfRange(movie, (int) seekAt, (int) seekAt + 65536)),
          sha256(((Buffer) r.get(3)).getBytes()));
      // The seek did not wait for the warm-up of the first part, which was downloading when it came.
      assertTrue(order.indexOf("seek") < order.indexOf("warm first part"), order.toString());
      assertTrue(g.gateway.downloadStats().backgroundYields.get() >= 1, g.gateway.downloadStats().toString());
      // The warm-up resumed where it stopped: nothing was downloaded twice.
      assertEquals(MIB + 123 + 65536, td.counters().get("bytesDownloaded"), td.counters().toString());
      ctx.completeNow();
    })));
  }

  @Test
  void onTheDoubleAWarmUpSomebodyComesToWaitForIsHurriedPastAPlayersReadAhead(Vertx vertx, VertxTestContext ctx) {
    TdJsonDouble td = double_().bandwidth(4L * MIB).build();
    String id = MOVIES + "m7";
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    userOnly(vertx, td).compose(g -> {
      Future<Buffer> warm = g.gateway.readPart(id, 0, MIB, TelegramGateway.ReadUrgency.BACKGROUND)
          .onSuccess(b -> order.add("warm"));
      // A player elsewhere in the file takes the window from the warm-up (six parts, all asked at once) …
      Future<Buffer> playing = until(vertx, () -> td.counters().get("bytesDownloaded") > 0)
          .compose(x -> new PlayerLikeReader(g.gateway, id, 10L * MIB, 16L * MIB, MIB, 6, offset -> {
            order.add("play@" + offset);
            if (offset == 10L * MIB) {
              // … then somebody comes to wait for the warm-up's part (a second player starting at the beginning).
              g.gateway.hurry(id, 0, MIB);
            }
          }).run());
      return Future.all(warm, playing).map(x -> warm.result());
    }).onComplete(ctx.succeeding(warm -> ctx.verify(() -> {
      assertEquals(sha256(Arrays.copyOfRange(movie, 0, MIB)), sha256(warm.getBytes()));
      // Hurried, it no longer waits for the whole read-ahead of the other player.
      assertTrue(order.indexOf("warm") < order.indexOf("play@" + (15L * MIB)), order.toString());
      ctx.completeNow();
    })));
  }

  @Test
  void aReadWhoseBytesAreOnDiskDoesNotMoveTheWindow(Vertx vertx, VertxTestContext ctx) {
    userOnly(vertx, double_().build()).compose(g -> g.gateway.readPart(MOVIES + "m1", MIB, MIB)
        .compose(first -> {
          long moves = g.gateway.downloadStats().windowMoves.get();
          return g.gateway.readPart(MOVIES + "m1", MIB + 65536, 65536)
              .map(second -> List.of(moves, g.gateway.downloadStats().windowMoves.get(),
                  g.gateway.downloadStats().readsFromDisk.get(), (long) second.length()));
        }))
        .onComplete(ctx.succeeding(numbers -> ctx.verify(() -> {
          assertEquals(numbers.get(0), numbers.get(1));
          assertEquals(1L, numbers.get(2));
          assertEquals(65536L, numbers.get(3));
          ctx.completeNow();
        })));
  }

  @Test
  void theBotPoolSpreadsReadsAndShedsAClientInFloodWait(Vertx vertx, VertxTestContext ctx) {
    TdJsonDouble td = double_().build();
    start(vertx, td, false, List.of(BOT_TOKEN, BOT_TOKEN_2), s -> s).compose(g -> {
      int first = g.bots.get(0).id();
      td.injectFloodWait(first, "downloadFile", 30, 1);
      List<Future<Buffer>> parts = new ArrayList<>();
      for (long offset = 0; offset < 6L * MIB; offset += MIB) {
        parts.add(g.gateway.readPart(MOVIES + "m7", offset, MIB));
      }
      return Future.all(new ArrayList<Future<?>>(parts)).compose(x -> {
        // The flooded client is skipped until its wait ends: these go to the other one.
        List<Future<Buffer>> more = new ArrayList<>();
        for (long offset = 0; offset < 3L * MIB; offset += MIB) {
          more.add(g.gateway.readPart(MOVIES + "m1", offset, MIB));
        }
        return Future.all(new ArrayList<Future<?>>(more)).map(y -> List.<Object>of(g, parts, more));
      });
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      GatewayOnDouble g = (GatewayOnDouble) r.get(0);
      @SuppressWarnings("unchecked")
      List<Future<Buffer>> parts = (List<Future<Buffer>>) r.get(1);
      for (int i = 0; i < parts.size(); i++) {
        assertEquals(sha256(Arrays.copyOfRange(movie, i * MIB, (i + 1) * MIB)),
            sha256(parts.get(i).result().getBytes()), "part " + i);
      }
      int first = g.bots.get(0).id();
      int second = g.bots.get(1).id();
      assertEquals(1, td.counters().get("floodWait", first));
      assertEquals(1, td.counters().get("request:downloadFile", first));
      assertTrue(td.counters().get("request:downloadFile", second) >= 2, td.counters().toString());
      ctx.completeNow();
    })));
  }

  @Test
  void readsSpreadOverTheBotPoolByLoad(Vertx vertx, VertxTestContext ctx) {
    TdJsonDouble td = double_().build();
    start(vertx, td, false, List.of(BOT_TOKEN, BOT_TOKEN_2), s -> s).compose(g -> {
      List<Future<Buffer>> parts = new ArrayList<>();
      for (long offset = 0; offset < 8L * MIB; offset += MIB) {
        parts.add(g.gateway.readPart(MOVIES + "m7", offset, MIB));
      }
      return Future.all(new ArrayList<Future<?>>(parts)).map(g);
    }).onComplete(ctx.succeeding(g -> ctx.verify(() -> {
      long a = td.counters().get("bytesDownloaded", g.bots.get(0).id());
      long b = td.counters().get("bytesDownloaded", g.bots.get(1).id());
      assertTrue(a >= 2L * MIB && b >= 2L * MIB, "bytes per bot: " + a + ", " + b);
      ctx.completeNow();
    })));
  }

  @Test
  void aSessionFolderFromAnEarlierLoginStartsReadyWithoutLoggingInAgain(Vertx vertx, VertxTestContext ctx) {
    TdJsonDouble td = double_().usersMustLoadChats().build();
    userOnly(vertx, td)
        .compose(first -> first.runtime.close().map(first))
        .compose(first -> {
          started.remove(first);
          return userOnly(vertx, td);
        })
        .compose(second -> second.gateway.files(MOVIES, new FileQuery(null, MediaType.PHOTO, FileSort.DATE, null,
            5)))
        .onComplete(ctx.succeeding(page -> ctx.verify(() -> {
          assertEquals(List.of("photo-6.jpg"), page.items().stream().map(MediaFile::name).toList());
          assertEquals(1, td.counters().get("sessionRestored"));
          assertEquals(1, td.counters().get("request:setAuthenticationPhoneNumber"));
          assertEquals(1, td.counters().get("request:checkAuthenticationCode"));
          ctx.completeNow();
        })));
  }

  @Test
  void theDiskBudgetDeletesTheLeastRecentlyStreamedDownloads(Vertx vertx, VertxTestContext ctx) {
    TdJsonDouble td = double_().build();
    start(vertx, td, true, List.of(), s -> s.withDiskBudgetBytes(40_000)).compose(g -> {
      Future<Void> reads = g.gateway.readPart(MOVIES + "m2", 0, 65536)
          .compose(x -> g.gateway.readPart(MOVIES + "m3", 0, 65536))
          .compose(x -> g.gateway.readPart(MOVIES + "m5", 0, 65536))
          .mapEmpty();
      return reads.compose(x -> until(vertx, () -> td.counters().get("deleteFile") >= 2)).map(g);
    }).onComplete(ctx.succeeding(g -> ctx.verify(() -> {
      assertEquals(2, g.gateway.downloadStats().evictions.get());
      assertEquals("", td.localPath(g.user.id(), td.fileIdOf(g.user.id(), MOVIES_CHAT, 2L << 20)));
      assertTrue(!td.localPath(g.user.id(), td.fileIdOf(g.user.id(), MOVIES_CHAT, 5L << 20)).isEmpty());
      assertEquals("39", String.valueOf(td.options(g.user.id()).get("storage_max_files_size")));
      assertEquals(true, td.options(g.user.id()).get("use_storage_optimizer"));
      ctx.completeNow();
    })));
  }

  @Test
  void onTheDoubleNothingIsKeptForAFileWhoseCopyTheBudgetDeletedOrThatHoldsNothing(Vertx vertx,
      VertxTestContext ctx) {
    TdJsonDouble td = double_().build();
    List<List<Integer>> kept = new ArrayList<>();
    start(vertx, td, true, List.of(), s -> s.withDiskBudgetBytes(40_000)).compose(g -> {
      Future<Void> reads = g.gateway.readPart(MOVIES + "m2", 0, 65536)
          .compose(x -> g.gateway.readPart(MOVIES + "m3", 0, 65536))
          .compose(x -> g.gateway.readPart(MOVIES + "m5", 0, 65536))
          .mapEmpty();
      // Windows, budget entries, served-bytes hints: m5's read puts the budget over, so m2's and m3's copies go (and
      // their budget entries); their windows, holding nothing now, stay until the next file's window opens.
      return reads.compose(x -> until(vertx, () -> td.counters().get("deleteFile") == 2
              && g.gateway.perFileStateKept().equals(List.of(3, 1, 3))))
          .compose(x -> {
            // A read that fails leaves a window that holds nothing …
            td.failDownloads(true);
            return g.gateway.readPart(MOVIES + "m1", 0, 65536).otherwise((Buffer) null);
          })
          .compose(x -> {
            kept.add(g.gateway.perFileStateKept());
            td.failDownloads(false);
            // … which goes when the next file's window opens; m6's read puts m5 over the budget.
            return g.gateway.readPart(MOVIES + "m6", 0, 65536);
          })
          .compose(x -> until(vertx, () -> td.counters().get("deleteFile") == 3
              && g.gateway.perFileStateKept().equals(List.of(2, 1, 2))))
          .map(g);
    }).onComplete(ctx.succeeding(g -> ctx.verify(() -> {
      // m1's window opened: m2's and m3's went with their served-bytes hints; m5's, and m1's (its read failed) remain.
      assertEquals(List.of(List.of(2, 1, 1)), kept);
      // m6's window opened: m1's went; m6's read put the budget over, so m5's copy went (its window stays till the
      // next file opens). Never more than the files holding something, plus those deleted since the last one opened.
      assertEquals(3, g.gateway.downloadStats().evictions.get());
      assertTrue(!td.localPath(g.user.id(), td.fileIdOf(g.user.id(), MOVIES_CHAT, 6L << 20)).isEmpty());
      ctx.completeNow();
    })));
  }

  @Test
  void anExpiredFileReferenceIsLookedUpAgainAndTheReadRetried(Vertx vertx, VertxTestContext ctx) {
    TdJsonDouble td = double_().build();
    userOnly(vertx, td).compose(g -> {
      td.injectError(g.user.id(), "downloadFile", 400, "FILE_REFERENCE_EXPIRED", 1);
      return g.gateway.readPart(MOVIES + "m1", 0, MIB).map(part -> List.<Object>of(g, part));
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      GatewayOnDouble g = (GatewayOnDouble) r.get(0);
      assertEquals(sha256(Arrays.copyOfRange(film, 0, MIB)), sha256(((Buffer) r.get(1)).getBytes()));
      assertEquals(1, td.counters().get("injectedError"));
      // The message (and with it the file reference) was fetched again before the retry.
      assertEquals(2, td.counters().get("request:getMessage", g.user.id()));
      ctx.completeNow();
    })));
  }

  @Test
  void aPersistentErrorEndsInACleanFailureNotAHang(Vertx vertx, VertxTestContext ctx) {
    TdJsonDouble td = double_().build();
    userOnly(vertx, td).compose(g -> {
      td.injectError(g.user.id(), "downloadFile", 400, "FILE_REFERENCE_EXPIRED", 100);
      return g.gateway.readPart(MOVIES + "m1", 0, MIB);
    }).onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertEquals(GatewayException.Kind.INVALID_REQUEST, GatewayException.kindOf(e));
      assertTrue(e.getMessage().contains("FILE_REFERENCE_EXPIRED"), e.getMessage());
      assertEquals(2, td.counters().get("injectedError"));
      ctx.completeNow();
    })));
  }

  @Test
  void aWindowTdlibKeepsStoppingWithoutBytesIsRetriedAFewTimesThenFailsCleanly(Vertx vertx, VertxTestContext ctx) {
    TdJsonDouble td = double_().build();
    td.failDownloads(true);
    userOnly(vertx, td).compose(g -> g.gateway.readPart(MOVIES + "m1", 0, MIB))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertEquals(GatewayException.Kind.UNAVAILABLE, GatewayException.kindOf(e));
          assertTrue(e.getMessage().contains("stopped downloading"), e.getMessage());
          // The first window and three re-issues, then the read fails (the engine may retry it later).
          assertEquals(4, td.counters().get("request:downloadFile"));
          ctx.completeNow();
        })));
  }

  @Test
  void aStalledDownloadFailsWithinTheReadTimeoutInsteadOfHanging(Vertx vertx, VertxTestContext ctx) {
    TdJsonDouble td = double_().build();
    td.pauseDownloads(true);
    start(vertx, td, true, List.of(), s -> s.withReadTimeout(Duration.ofMillis(300)))
        .compose(g -> g.gateway.readPart(MOVIES + "m1", 0, MIB).recover(e -> {
          ctx.verify(() -> {
            assertEquals(GatewayException.Kind.UNAVAILABLE, GatewayException.kindOf(e));
            assertEquals(1, g.gateway.downloadStats().readTimeouts.get());
          });
          td.pauseDownloads(false);
          // Not stuck either: the same read succeeds once TDLib moves again.
          return g.gateway.readPart(MOVIES + "m1", 0, MIB);
        }))
        .onComplete(ctx.succeeding(part -> ctx.verify(() -> {
          assertEquals(sha256(Arrays.copyOfRange(film, 0, MIB)), sha256(part.getBytes()));
          ctx.completeNow();
        })));
  }

  @Test
  void aReadThatTimesOutIsNotMovedToAnotherClientButFailsForTheEngineToRetry(Vertx vertx, VertxTestContext ctx) {
    TdJsonDouble td = double_().build();
    td.pauseDownloads(true);
    start(vertx, td, false, List.of(BOT_TOKEN, BOT_TOKEN_2), s -> s.withReadTimeout(Duration.ofMillis(300)))
        .compose(g -> g.gateway.readPart(MOVIES + "m1", 0, MIB).transform(ar -> Future.succeededFuture(
            List.<Object>of(g, ar.failed() ? ar.cause() : new AssertionError("the read should have failed")))))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          GatewayOnDouble g = (GatewayOnDouble) r.get(0);
          Throwable e = (Throwable) r.get(1);
          assertEquals(GatewayException.Kind.UNAVAILABLE, GatewayException.kindOf(e), String.valueOf(e));
          assertTrue(e.getMessage().contains("did not arrive"), e.getMessage());
          // One wait of the read timeout, on one client: a second one elsewhere would outlast the engine's limit.
          assertEquals(1, g.gateway.downloadStats().readTimeouts.get());
          long a = td.counters().get("request:downloadFile", g.bots.get(0).id());
          long b = td.counters().get("request:downloadFile", g.bots.get(1).id());
          assertTrue(a == 0 || b == 0, "downloadFile per bot: " + a + ", " + b);
          ctx.completeNow();
        })));
  }

  @Test
  void aReadRacingAnEvictionGetsTheRightBytesAndACopyBeingServedIsNotDeleted(VertxTestContext ctx) {
    // A read served from the local copy counts as being served until its worker-thread read of the file is done. With
    // a worker thread free, that read can finish before the event loop has even attached the listeners of serve's
    // chain: the whole chain then completes inside read(), the read is no longer being served, and an eviction asked
    // next rightly goes ahead (1 run in 3 to 10 sent a deleteFile here). With ONE worker thread, held busy while the
    // read and the eviction are asked, the read is still being served when the eviction comes, by the order of
    // events rather than by timing.
    Vertx vertx = oneWorkerThread();
    TdJsonDouble td = double_().build();
    TdlibSettings settings = TdlibSettings.of(CHANNEL_IDS);
    byte[] expected = Arrays.copyOfRange(film, 0, MIB);
    start(vertx, td, true, List.of(), s -> settings).compose(g -> {
      TdClient user = g.user;
      // One window driven directly, so the reads and evictions interleave exactly (its updates are routed here).
      FileDownloads downloads = new FileDownloads(user, vertx, settings, new DownloadStats(),
          new DiskBudget(Long.MAX_VALUE));
      user.updateHandler(update -> {
        if ("updateFile".equals(update.getString("@type"))) {
          downloads.onUpdateFile(update);
        }
      });
      return user.send(new JsonObject().put("@type", "getMessage").put("chat_id", MOVIES_CHAT)
              .put("message_id", 1L << 20), Duration.ofSeconds(5))
          .map(m -> downloads.window(MessageMapper.map(m).orElseThrow().media()))
          .compose(w -> onContext(user, () -> w.read(0, MIB)).compose(first -> {
                ctx.verify(() -> assertEquals(sha256(expected), sha256(first.getBytes()), "downloaded"));
                return occupyTheWorker(vertx);
              })
              .compose(release -> onContext(user, () -> {
                // Bytes on disk: served from the local file (its read queued behind the held worker thread); an
                // eviction now must wait for that read.
                Future<Buffer> served = w.read(0, MIB);
                boolean servedAtOnce = served.isComplete();
                Future<Boolean> declined = w.evict();
                release.run();
                return Future.all(served, declined).compose(x -> onContext(user, () -> {
                  // Idle now: the deleteFile goes out, and a read of the bytes about to be deleted races it.
                  Future<Boolean> evicted = w.evict();
                  Future<Buffer> racing = w.read(0, MIB);
                  return Future.all(evicted, racing).map(y -> List.<Object>of(served.result(), declined.result(),
                      evicted.result(), racing.result(), g, servedAtOnce));
                }));
              })));
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(false, r.get(5), "the read was still being served when the eviction was asked");
      assertEquals(sha256(expected), sha256(((Buffer) r.get(0)).getBytes()), "served while an eviction was asked");
      assertEquals(false, r.get(1), "no deleteFile under a read being served");
      assertEquals(true, r.get(2));
      assertEquals(sha256(expected), sha256(((Buffer) r.get(3)).getBytes()), "the racing read downloads again");
      GatewayOnDouble g = (GatewayOnDouble) r.get(4);
      assertEquals(1, td.counters().get("deleteFile"));
      int fileId = td.fileIdOf(g.user.id(), MOVIES_CHAT, 1L << 20);
      assertTrue(!td.localPath(g.user.id(), fileId).isEmpty(), "on disk again");
      ctx.completeNow();
    })));
  }

  /** A Vert.x of its own with a single worker thread (closed after the test), for {@link #occupyTheWorker}. */
  private Vertx oneWorkerThread() {
    Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(1));
    ownVertx.add(vertx);
    return vertx;
  }

  /**
   * Holds {@code vertx}'s only worker thread until the returned release runs: blocking work (local file reads) queues
   * behind it meanwhile. Completes once the thread is held.
   */
  private static Future<Runnable> occupyTheWorker(Vertx vertx) {
    CountDownLatch released = new CountDownLatch(1);
    Promise<Runnable> held = Promise.promise();
    vertx.executeBlocking(() -> {
      held.complete(released::countDown);
      return released.await(10, TimeUnit.SECONDS);
    }, false);
    return held.future();
  }

  /** Runs {@code work} on the client's context (where its download windows live). */
  private static <T> Future<T> onContext(TdClient client, java.util.function.Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    client.context().runOnContext(v -> work.get().onComplete(promise));
    return promise.future();
  }

  // ---- helpers ----

  private static Future<List<String>> collect(Function<String, Future<FilePage>> page) {
    List<String> names = new ArrayList<>();
    return collect(page, null, names, new HashSet<>()).map(names);
  }

  private static Future<Void> collect(Function<String, Future<FilePage>> page, String cursor, List<String> names,
      HashSet<String> cursors) {
    return page.apply(cursor).compose(p -> {
      p.items().forEach(f -> names.add(f.name()));
      if (p.next() == null) {
        return Future.succeededFuture();
      }
      if (!cursors.add(p.next()) || cursors.size() > 50) {
        return Future.failedFuture(new AssertionError("paging loops at cursor " + p.next()));
      }
      return collect(page, p.next(), names, cursors);
    });
  }

  /** Completes once {@code condition} holds, checking every 20 ms, failing after 5 s (asynchronous work settles). */
  static Future<Void> until(Vertx vertx, BooleanSupplier condition) {
    Promise<Void> promise = Promise.promise();
    long[] tries = {0};
    vertx.setPeriodic(20, id -> {
      if (condition.getAsBoolean()) {
        vertx.cancelTimer(id);
        promise.tryComplete();
      } else if (++tries[0] > 250) {
        vertx.cancelTimer(id);
        promise.tryFail(new AssertionError("condition not reached"));
      }
    });
    return promise.future();
  }
}
