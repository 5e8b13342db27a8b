package dev.tgstream.ui;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.tgstream.ui.UiTestServer.ADMIN;
import static dev.tgstream.ui.UiTestServer.ADMIN_PASSWORD;
import static dev.tgstream.ui.UiTestServer.VIEWER;
import static dev.tgstream.ui.UiTestServer.VIEWER_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A session cookie stays valid across a restart of the service, and an admin can end any session. */
@ExtendWith(VertxExtension.class)
class SessionLifecycleTest {

  @Test
  void aCookieStillOpensTheApiAfterARestart(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    UiTestServer.start(vertx, dir).compose(s -> s.cookieFor(VIEWER, VIEWER_PASSWORD)
            .compose(cookie -> s.restart().compose(again -> again.get("/api/me", cookie))))
        .onComplete(tc.succeeding(me -> tc.verify(() -> {
          assertEquals(200, me.statusCode());
          assertEquals(VIEWER, me.bodyAsJsonObject().getString("name"));
          tc.completeNow();
        })));
  }

  @Test
  void anAdminListsAndEndsSessions(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    UiTestServer.start(vertx, dir).compose(s -> s.cookieFor(ADMIN, ADMIN_PASSWORD).compose(admin ->
        s.cookieFor(VIEWER, VIEWER_PASSWORD).compose(viewer -> s.get("/api/sessions", viewer).compose(forbidden -> {
          assertEquals(403, forbidden.statusCode());
          return s.get("/api/sessions", admin);
        }).compose(list -> {
          assertEquals(200, list.statusCode());
          JsonArray items = list.bodyAsJsonObject().getJsonArray("items");
          assertEquals(2, items.size());
          JsonObject bobs = items.stream().map(JsonObject.class::cast)
              .filter(i -> i.getString("user").equals(VIEWER)).findFirst().orElseThrow();
          assertTrue(items.stream().map(JsonObject.class::cast)
              .anyMatch(i -> i.getString("user").equals(ADMIN) && i.getBoolean("current")));
          assertTrue(!viewer.contains(bobs.getString("id")), "the listed id is not the cookie");
          return s.send(HttpMethod.DELETE, "/api/sessions/" + bobs.getString("id"), admin, null)
              .compose(revoked -> {
                assertEquals(204, revoked.statusCode());
                return s.send(HttpMethod.DELETE, "/api/sessions/" + bobs.getString("id"), admin, null);
              }).compose(again -> {
                assertEquals(404, again.statusCode());
                return s.get("/api/me", viewer);
              });
        }))))
        .onComplete(tc.succeeding(me -> tc.verify(() -> {
          assertEquals(401, me.statusCode());
          tc.completeNow();
        })));
  }
}
