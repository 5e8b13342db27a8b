package dev.tgstream.ui;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.tgstream.ui.UiTestServer.ADMIN;
import static dev.tgstream.ui.UiTestServer.ADMIN_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** POST /api/me/password: everyone changes their own password, over real HTTP. */
@ExtendWith(VertxExtension.class)
class PasswordChangeTest {

  private static final String OLD = "carol-password-1";
  private static final String NEW = "carol-password-2";

  private static JsonObject change(String current, String next) {
    return new JsonObject().put("current", current).put("new", next);
  }

  @Test
  void aViewerChangesTheirPasswordAndTheirOtherSessionsEnd(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    UiTestServer.start(vertx, dir).compose(s -> s.cookieFor(ADMIN, ADMIN_PASSWORD)
        .compose(admin -> s.send(HttpMethod.POST, "/api/users", admin,
            new JsonObject().put("name", "carol").put("password", OLD).put("role", "viewer")))
        .compose(created -> {
          assertEquals(201, created.statusCode());
          return Future.all(s.cookieFor("carol", OLD), s.cookieFor("carol", OLD));
        })
        .compose(cookies -> {
          String here = cookies.resultAt(0);
          String elsewhere = cookies.resultAt(1);
          Future<HttpResponse<Buffer>> wrong = s.send(HttpMethod.POST, "/api/me/password", here, change("nope-nope", NEW));
          Future<HttpResponse<Buffer>> weak = wrong.compose(v -> s.send(HttpMethod.POST, "/api/me/password", here,
              change(OLD, "short")));
          Future<HttpResponse<Buffer>> missing = weak.compose(v -> s.send(HttpMethod.POST, "/api/me/password", here,
              new JsonObject().put("current", OLD)));
          Future<HttpResponse<Buffer>> anonymous = missing.compose(v -> s.send(HttpMethod.POST, "/api/me/password",
              null, change(OLD, NEW)));
          Future<HttpResponse<Buffer>> changed = anonymous.compose(v -> s.send(HttpMethod.POST, "/api/me/password",
              here, change(OLD, NEW)));
          Future<HttpResponse<Buffer>> stillHere = changed.compose(v -> s.get("/api/me", here));
          Future<HttpResponse<Buffer>> endedElsewhere = stillHere.compose(v -> s.get("/api/me", elsewhere));
          Future<HttpResponse<Buffer>> oldLogin = endedElsewhere.compose(v -> s.login("carol", OLD));
          Future<HttpResponse<Buffer>> newLogin = oldLogin.compose(v -> s.login("carol", NEW));
          return newLogin.map(v -> {
            assertEquals(403, wrong.result().statusCode());
            assertEquals("application/problem+json", wrong.result().getHeader("Content-Type"));
            assertEquals(400, weak.result().statusCode());
            assertEquals(400, missing.result().statusCode());
            assertEquals(401, anonymous.result().statusCode());
            assertEquals(204, changed.result().statusCode());
            assertEquals(200, stillHere.result().statusCode());
            assertEquals(401, endedElsewhere.result().statusCode());
            assertEquals(401, oldLogin.result().statusCode());
            assertEquals(200, newLogin.result().statusCode());
            return null;
          });
        }))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aUserDefinedByUiUsersIsToldToChangeItThere(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    UiTestServer.start(vertx, dir).compose(s -> s.cookieFor(ADMIN, ADMIN_PASSWORD)
            .compose(cookie -> s.send(HttpMethod.POST, "/api/me/password", cookie, change(ADMIN_PASSWORD, NEW))))
        .onComplete(tc.succeeding(res -> tc.verify(() -> {
          assertEquals(409, res.statusCode());
          assertEquals(true, res.bodyAsJsonObject().getString("detail").contains("UI_USERS"));
          tc.completeNow();
        })));
  }
}
