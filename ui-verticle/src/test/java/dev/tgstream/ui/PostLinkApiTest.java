package dev.tgstream.ui;

import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.tdlib.MessageLink;
import dev.tgstream.telegram.tdlib.MessageLinkResolver;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static dev.tgstream.ui.UiTestServer.VIEWER;
import static dev.tgstream.ui.UiTestServer.VIEWER_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GET /api/links over real HTTP. The resolver here maps one post to a real library file: what is under test is how
 * the API parses links and maps the resolver's answers (the TDLib resolver has its own tests on the TDLib double).
 */
@ExtendWith(VertxExtension.class)
class PostLinkApiTest {

  private static String q(String url) {
    return "/api/links?url=" + URLEncoder.encode(url, StandardCharsets.UTF_8);
  }

  @Test
  void aPostLinkLeadsToItsFile(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    AtomicReference<MediaFile> known = new AtomicReference<>();
    MessageLinkResolver resolver = (MessageLink link) -> link.messageId() == 42 && known.get() != null
        ? Future.succeededFuture(known.get())
        : Future.failedFuture(GatewayException.notFound("no post"));
    UiTestServer.start(vertx, dir, UiTestServer.defaultConfig(dir), v -> v.withPostLinks(resolver))
        .compose(s -> s.gateway.channels()
            .compose(channels -> s.gateway.files(channels.get(0).id(), FileQuery.all()))
            .compose(page -> {
              known.set(page.items().get(0));
              return s.cookieFor(VIEWER, VIEWER_PASSWORD);
            })
            .compose(cookie -> Future.all(
                s.get(q("https://t.me/my_films/42"), cookie),
                s.get(q("https://t.me/my_films/43"), cookie),
                s.get(q("https://example.com/whatever"), cookie),
                s.get("/api/links", cookie),
                s.get(q("https://t.me/my_films/42"), null))))
        .onComplete(tc.succeeding(all -> tc.verify(() -> {
          io.vertx.ext.web.client.HttpResponse<?> found = all.resultAt(0);
          assertEquals(200, found.statusCode());
          assertEquals(known.get().id(), found.bodyAsJsonObject().getString("fileId"));
          assertEquals(known.get().channelId(), found.bodyAsJsonObject().getString("channelId"));
          io.vertx.ext.web.client.HttpResponse<?> missing = all.resultAt(1);
          assertEquals(404, missing.statusCode());
          io.vertx.ext.web.client.HttpResponse<?> foreign = all.resultAt(2);
          assertEquals(400, foreign.statusCode());
          assertEquals("application/problem+json", foreign.getHeader("Content-Type"));
          assertEquals(400, ((io.vertx.ext.web.client.HttpResponse<?>) all.resultAt(3)).statusCode());
          assertEquals(401, ((io.vertx.ext.web.client.HttpResponse<?>) all.resultAt(4)).statusCode());
          tc.completeNow();
        })));
  }

  @Test
  void theLibraryBackendSaysLinksNeedTelegram(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    UiTestServer.start(vertx, dir).compose(s -> s.cookieFor(VIEWER, VIEWER_PASSWORD)
            .compose(cookie -> s.get(q("https://t.me/my_films/42"), cookie)))
        .onComplete(tc.succeeding(res -> tc.verify(() -> {
          assertEquals(400, res.statusCode());
          assertTrue(res.bodyAsJsonObject().getString("detail").contains("TG_API_ID"));
          tc.completeNow();
        })));
  }
}
