package dev.tgstream.ui;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A broken percent-escape is a client's mistake: 400 with a short JSON body, whatever route it aims at. */
@ExtendWith(VertxExtension.class)
class MalformedPathTest {

  @Test
  void brokenEscapesGet400BeforeAnyRoute(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    UiTestServer.start(vertx, dir).compose(s -> Future.all(List.of(
            s.get("/raw-stream/%xv/movie.mp4", null),
            s.get("/api/files/%zz", null),
            s.get("/%", null))))
        .onComplete(tc.succeeding(all -> tc.verify(() -> {
          for (int i = 0; i < all.size(); i++) {
            io.vertx.ext.web.client.HttpResponse<?> res = all.resultAt(i);
            assertEquals(400, res.statusCode());
            assertEquals("application/json", res.getHeader("Content-Type"));
          }
          tc.completeNow();
        })));
  }
}
