package dev.tgstream.ui.streamer;

import dev.tgstream.stream.StreamRoutes;
import dev.tgstream.stream.api.LocalStreamerService;
import dev.tgstream.stream.api.StreamerException;
import dev.tgstream.stream.api.StreamerService;
import dev.tgstream.stream.control.ControlApi;
import dev.tgstream.stream.engine.EngineConfig;
import dev.tgstream.stream.engine.StreamEngine;
import dev.tgstream.stream.http.StreamHandler;
import dev.tgstream.stream.link.Disposition;
import dev.tgstream.stream.link.LinkSigner;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.library.LibraryGateway;
import dev.tgstream.ui.UiConfig;
import dev.tgstream.ui.UiVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Role all mounts the streamer's routes, control API included, on the UI's one port: the UI's own handlers (session
 * auth, its problem handler, the SPA) must leave the signed control calls alone.
 */
@ExtendWith(VertxExtension.class)
class HttpStreamerOnUiPortTest {

  @TempDir
  Path root;

  LibraryGateway gateway;

  /** Role all as Application wires it: the UI's verticle with the streamer's routes (and control API) on its port. */
  private Future<Integer> startColocated(Vertx vertx) {
    byte[] secret = ControlStreamerServer.SECRET;
    LinkSigner signer = new LinkSigner(secret, Clock.systemUTC());
    return LibraryGateway.open(vertx, root.resolve("library")).compose(lib -> {
      gateway = lib;
      StreamEngine engine = new StreamEngine(vertx, gateway, EngineConfig.defaults());
      StreamHandler streamHandler = new StreamHandler(signer, gateway, engine);
      LocalStreamerService local = new LocalStreamerService(gateway, engine, signer);
      StreamRoutes routes = new StreamRoutes(vertx, gateway, engine, streamHandler,
          new ControlApi(local, secret, Clock.systemUTC()));
      UiVerticle ui = new UiVerticle(UiConfig.defaults(root.resolve("data")), gateway, local, streamHandler, 0,
          routes::mount);
      return vertx.deployVerticle(ui).map(id -> ui.actualPort());
    });
  }

  @Test
  void theControlApiAnswersOnTheColocatedUiPort(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path library = Files.createDirectories(root.resolve("library/films"));
    Files.write(library.resolve("clip.mp4"), new byte[50_000]);
    startColocated(vertx).compose(port -> gateway.channels()
        .compose(channels -> gateway.files(channels.get(0).id(), FileQuery.all()))
        .compose(page -> {
          MediaFile file = page.items().get(0);
          HttpStreamer streamer = new HttpStreamer(vertx, "http://127.0.0.1:" + port, ControlStreamerServer.SECRET,
              Duration.ofSeconds(5));
          return streamer.describe(file.id())
              .compose(described -> {
                ctx.verify(() -> assertEquals(file, described));
                return streamer.link(file.id(), Disposition.INLINE, 60);
              })
              .compose(url -> WebClient.create(vertx).getAbs(url).putHeader("Range", "bytes=0-1").send())
              .compose(response -> {
                ctx.verify(() -> assertEquals(206, response.statusCode()));
                return streamer.describe("bm9wZQ");
              });
        }))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          // The control API's own 404, not the UI's problem handler or the SPA.
          StreamerException e = assertInstanceOf(StreamerException.class, err);
          assertEquals(StreamerService.NOT_FOUND, e.code(), e.getMessage());
          assertEquals("no such file", e.getMessage());
          ctx.completeNow();
        })));
  }

  @Test
  void anUnsignedCallOnTheUiPortIsRefused(Vertx vertx, VertxTestContext ctx) throws Exception {
    Files.createDirectories(root.resolve("library/films"));
    startColocated(vertx).compose(port -> WebClient.create(vertx).get(port, "127.0.0.1", ControlApi.STATS).send())
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(401, r.statusCode(), r.bodyAsString());
          assertEquals(ControlApi.PROBLEM_CONTENT_TYPE, r.getHeader("Content-Type"));
          assertEquals("MISSING", r.bodyAsJsonObject().getString("reason"));
          ctx.completeNow();
        })));
  }
}
