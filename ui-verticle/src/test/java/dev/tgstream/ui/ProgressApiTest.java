package dev.tgstream.ui;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.tgstream.ui.UiTestServer.ADMIN;
import static dev.tgstream.ui.UiTestServer.ADMIN_PASSWORD;
import static dev.tgstream.ui.UiTestServer.VIEWER;
import static dev.tgstream.ui.UiTestServer.VIEWER_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Playback progress per user, over real HTTP. */
@ExtendWith(VertxExtension.class)
class ProgressApiTest {

  private UiTestServer server;
  private String alice;
  private String bob;
  private String alpha;
  private String theme;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    UiTestServer.start(vertx, dir).compose(s -> {
      server = s;
      return Future.all(s.cookieFor(ADMIN, ADMIN_PASSWORD), s.cookieFor(VIEWER, VIEWER_PASSWORD));
    }).compose(all -> {
      alice = all.resultAt(0);
      bob = all.resultAt(1);
      return Future.all(server.fileId(alice, "Movies", "alpha.mp4"), server.fileId(alice, "Movies", "theme.mp3"));
    }).onComplete(tc.succeeding(ids -> {
      alpha = ids.resultAt(0);
      theme = ids.resultAt(1);
      tc.completeNow();
    }));
  }

  private Future<HttpResponse<Buffer>> put(String cookie, String fileId, double position, double duration) {
    return server.send(HttpMethod.PUT, "/api/progress/" + fileId, cookie,
        new JsonObject().put("position", position).put("duration", duration));
  }

  private Future<JsonArray> list(String cookie) {
    return server.get("/api/progress", cookie).map(resp -> {
      assertEquals(200, resp.statusCode());
      return resp.bodyAsJsonObject().getJsonArray("items");
    });
  }

  @Test
  void putListDelete(VertxTestContext tc) {
    put(alice, alpha, 12.5, 100).compose(resp -> {
      assertEquals(204, resp.statusCode());
      return list(alice);
    }).compose(items -> {
      assertEquals(1, items.size());
      JsonObject e = items.getJsonObject(0);
      assertEquals(alpha, e.getString("fileId"));
      assertEquals("alpha.mp4", e.getString("name"));
      assertEquals(12.5, e.getDouble("position"));
      assertEquals(100.0, e.getDouble("duration"));
      assertEquals("video", e.getString("type"));
      assertEquals("/api/files/" + alpha + "/thumbnail", e.getString("thumbnailUrl"));
      assertNotNull(e.getString("updatedAt"));
      return server.send(HttpMethod.DELETE, "/api/progress/" + alpha, alice, null);
    }).compose(deleted -> {
      assertEquals(204, deleted.statusCode());
      return list(alice);
    }).onComplete(tc.succeeding(items -> tc.verify(() -> {
      assertEquals(0, items.size());
      tc.completeNow();
    })));
  }

  @Test
  void newestFirst(VertxTestContext tc) {
    put(alice, alpha, 1, 100)
        .compose(r -> put(alice, theme, 2, 200))
        .compose(r -> list(alice))
        .compose(items -> {
          assertEquals(List.of(theme, alpha), ids(items));
          assertNull(items.getJsonObject(0).getString("thumbnailUrl"));
          assertEquals("audio", items.getJsonObject(0).getString("type"));
          return put(alice, alpha, 3, 100);
        })
        .compose(r -> list(alice))
        .onComplete(tc.succeeding(items -> tc.verify(() -> {
          assertEquals(List.of(alpha, theme), ids(items));
          assertEquals(3.0, items.getJsonObject(0).getDouble("position"));
          tc.completeNow();
        })));
  }

  @Test
  void eachUserSeesOnlyTheirOwn(VertxTestContext tc) {
    put(alice, alpha, 10, 100)
        .compose(r -> put(bob, theme, 20, 200))
        .compose(r -> server.send(HttpMethod.DELETE, "/api/progress/" + alpha, bob, null))
        .compose(r -> Future.all(list(alice), list(bob)))
        .onComplete(tc.succeeding(both -> tc.verify(() -> {
          JsonArray a = both.resultAt(0);
          JsonArray b = both.resultAt(1);
          assertEquals(List.of(alpha), ids(a), "bob's delete must not touch alice's entry");
          assertEquals(List.of(theme), ids(b));
          tc.completeNow();
        })));
  }

  @Test
  void badProgressInputIsRefused(VertxTestContext tc) {
    List<Future<HttpResponse<Buffer>>> calls = List.of(
        server.send(HttpMethod.PUT, "/api/progress/" + alpha, alice, new JsonObject().put("position", -1).put("duration", 10)),
        server.send(HttpMethod.PUT, "/api/progress/" + alpha, alice, new JsonObject().put("position", "x").put("duration", 10)),
        server.send(HttpMethod.PUT, "/api/progress/" + alpha, alice, new JsonObject().put("position", 1)),
        server.request(HttpMethod.PUT, "/api/progress/" + alpha, alice).putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer("{\"position\": 1e400, \"duration\": 1}")),
        put(alice, "noSuchFile", 1, 1),
        server.request(HttpMethod.PUT, "/api/progress/" + alpha, alice).sendBuffer(Buffer.buffer("position=1")),
        server.get("/api/progress", null));
    Future.all(calls).onComplete(tc.succeeding(all -> tc.verify(() -> {
      int[] expected = {400, 400, 400, 400, 404, 415, 401};
      String[] detail = {"position", "position", "duration", "position", "no such file", "Content-Type", ""};
      for (int i = 0; i < expected.length; i++) {
        HttpResponse<Buffer> resp = calls.get(i).result();
        assertEquals(expected[i], resp.statusCode(), i + ": " + resp.bodyAsString());
        assertTrue(resp.bodyAsJsonObject().getString("detail").contains(detail[i]), resp.bodyAsString());
      }
      tc.completeNow();
    })));
  }

  @Test
  void progressSurvivesARestart(VertxTestContext tc) {
    put(bob, theme, 42, 200)
        .compose(r -> server.restart())
        .compose(restarted -> restarted.cookieFor(VIEWER, VIEWER_PASSWORD)
            .compose(cookie -> restarted.get("/api/progress", cookie)))
        .onComplete(tc.succeeding(resp -> tc.verify(() -> {
          JsonArray items = resp.bodyAsJsonObject().getJsonArray("items");
          assertEquals(List.of(theme), ids(items));
          assertEquals(42.0, items.getJsonObject(0).getDouble("position"));
          tc.completeNow();
        })));
  }

  private static List<String> ids(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getString("fileId")).toList();
  }
}
