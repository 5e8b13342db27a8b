package dev.tgstream.ui.streamer;

import dev.tgstream.stream.StreamRoutes;
import dev.tgstream.stream.StreamVerticle;
import dev.tgstream.stream.api.LocalStreamerService;
import dev.tgstream.stream.api.StreamerException;
import dev.tgstream.stream.api.StreamerService;
import dev.tgstream.stream.engine.EngineConfig;
import dev.tgstream.stream.engine.StreamEngine;
import dev.tgstream.stream.http.StreamHandler;
import dev.tgstream.stream.link.Disposition;
import dev.tgstream.stream.link.LinkSigner;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.library.LibraryGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The UI's event-bus client against a deployed StreamVerticle: answers, failure codes, and no streamer at all. */
@ExtendWith(VertxExtension.class)
class EventBusStreamerTest {

  @TempDir
  Path library;

  private Future<MediaFile> deployStreamer(Vertx vertx) throws Exception {
    Files.createDirectories(library.resolve("films"));
    Files.write(library.resolve("films/clip.mp4"), new byte[300_000]);
    LinkSigner signer = new LinkSigner("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII),
        Clock.systemUTC());
    return LibraryGateway.open(vertx, library).compose(gateway -> {
      StreamEngine engine = new StreamEngine(vertx, gateway, EngineConfig.defaults());
      StreamRoutes routes = new StreamRoutes(vertx, gateway, engine, new StreamHandler(signer, gateway, engine));
      return vertx.deployVerticle(new StreamVerticle(new LocalStreamerService(gateway, engine, signer), routes,
              OptionalInt.empty()))
          .compose(id -> gateway.channels())
          .compose(channels -> gateway.files(channels.get(0).id(), FileQuery.all()))
          .map(page -> page.items().get(0));
    });
  }

  @Test
  void describeLinkWarmAndStatsTravelTheEventBus(Vertx vertx, VertxTestContext ctx) throws Exception {
    EventBusStreamer streamer = new EventBusStreamer(vertx.eventBus());
    deployStreamer(vertx).compose(file -> streamer.describe(file.id())
            .compose(described -> {
              ctx.verify(() -> {
                assertEquals(file, described);
              });
              return streamer.link(file.id(), Disposition.ATTACHMENT, 600);
            })
            .compose(path -> {
              ctx.verify(() -> assertTrue(path.startsWith("/stream/") && path.endsWith("/clip.mp4"), path));
              return streamer.warm(file.id());
            })
            .compose(v -> streamer.stats()))
        .onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
          assertTrue(stats.containsKey("fetches"), stats.encode());
          ctx.completeNow();
        })));
  }

  @Test
  void unknownFileAndBadTtlKeepTheirCodes(Vertx vertx, VertxTestContext ctx) throws Exception {
    EventBusStreamer streamer = new EventBusStreamer(vertx.eventBus());
    deployStreamer(vertx).compose(file -> streamer.describe("bm9wZQ")
            .recover(err -> {
              ctx.verify(() -> assertEquals(StreamerService.NOT_FOUND, assertInstanceOf(StreamerException.class, err).code()));
              return streamer.link(file.id(), Disposition.INLINE, 0).map(p -> file);
            }))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertEquals(StreamerService.BAD_REQUEST, assertInstanceOf(StreamerException.class, err).code());
          ctx.completeNow();
        })));
  }

  @Test
  void noStreamerIsAClearUnavailableNotAHang(Vertx vertx, VertxTestContext ctx) {
    new EventBusStreamer(vertx.eventBus(), 500).describe("abc").onComplete(ctx.failing(err -> ctx.verify(() -> {
      StreamerException e = assertInstanceOf(StreamerException.class, err);
      assertEquals(StreamerService.UNAVAILABLE, e.code());
      assertEquals("no streamer is running", e.getMessage());
      ctx.completeNow();
    })));
  }
}
