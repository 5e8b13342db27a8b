package dev.tgstream.ui;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** UI_AUTH=off: no sign-in, everyone acts as the admin "local", and the SPA is told so. */
@ExtendWith(VertxExtension.class)
class AuthOffTest {

  @Test
  void everythingWorksWithoutSigningIn(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    UiConfig config = UiTestServer.defaultConfig(dir).withAuthEnabled(false).withUsersSpec(null);
    UiTestServer.start(vertx, dir, config).compose(s -> {
      // No first-start admin either: nobody would sign in with it.
      assertTrue(s.verticle.generatedAdminPassword().isEmpty());
      return s.get("/api/me", null).compose(me -> {
        assertEquals(200, me.statusCode());
        JsonObject body = me.bodyAsJsonObject();
        assertEquals("local", body.getString("name"));
        assertEquals("admin", body.getString("role"));
        assertFalse(body.getBoolean("authEnabled"));
        return s.get("/api/channels", null);
      }).compose(channels -> {
        assertEquals(200, channels.statusCode());
        return s.fileId(null, "Movies", "alpha.mp4");
      }).compose(id -> s.send(HttpMethod.PUT, "/api/progress/" + id, null,
          new JsonObject().put("position", 5).put("duration", 50)))
          .compose(put -> {
            assertEquals(204, put.statusCode());
            return s.get("/api/progress", null);
          }).compose(progress -> {
            assertEquals(1, progress.bodyAsJsonObject().getJsonArray("items").size());
            return s.get("/api/users", null);
          }).compose(users -> {
            assertEquals(200, users.statusCode());
            // The origin check still guards writes: a cross-site page must not drive a trusting LAN service.
            return s.client.post(s.port(), "localhost", "/api/users").putHeader("Origin", "https://evil.example")
                .sendJsonObject(new JsonObject().put("name", "mallory").put("password", "mallory-password"));
          });
    }).onComplete(tc.succeeding(evil -> tc.verify(() -> {
      assertEquals(403, evil.statusCode());
      tc.completeNow();
    })));
  }
}
