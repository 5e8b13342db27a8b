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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.tgstream.ui.UiTestServer.ADMIN;
import static dev.tgstream.ui.UiTestServer.ADMIN_PASSWORD;
import static dev.tgstream.ui.UiTestServer.VIEWER;
import static dev.tgstream.ui.UiTestServer.VIEWER_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** User administration, persistence across restarts and the first-start admin, over real HTTP. */
@ExtendWith(VertxExtension.class)
class UserAdminTest {

  private static JsonObject user(String name, String password, String role) {
    JsonObject body = new JsonObject().put("name", name).put("password", password);
    return role == null ? body : body.put("role", role);
  }

  private static void assertProblem(HttpResponse<Buffer> resp, int status, String detailPart) {
    assertEquals(status, resp.statusCode(), resp.bodyAsString());
    assertEquals("application/problem+json", resp.getHeader("Content-Type"));
    JsonObject problem = resp.bodyAsJsonObject();
    assertEquals(status, problem.getInteger("status"));
    assertTrue(problem.getString("detail").contains(detailPart), problem.getString("detail"));
  }

  @Test
  void viewerIsRefusedOnEveryAdminRoute(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    UiTestServer.start(vertx, dir).compose(s -> s.cookieFor(VIEWER, VIEWER_PASSWORD).compose(cookie -> {
      List<Future<HttpResponse<Buffer>>> calls = List.of(
          s.get("/api/users", cookie),
          s.send(HttpMethod.POST, "/api/users", cookie, user("carol", "carol-password", "viewer")),
          s.send(HttpMethod.PUT, "/api/users/" + VIEWER, cookie, new JsonObject().put("role", "admin")),
          s.send(HttpMethod.DELETE, "/api/users/" + ADMIN, cookie, null),
          s.get("/api/stats", cookie));
      return Future.all(calls).map(all -> {
        calls.forEach(call -> assertProblem(call.result(), 403, "admin"));
        return null;
      });
    })).onComplete(tc.succeedingThenComplete());
  }

  @Test
  void adminAddsAUserWhoCanThenSignIn(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    UiTestServer.start(vertx, dir).compose(s -> s.cookieFor(ADMIN, ADMIN_PASSWORD)
        .compose(admin -> s.send(HttpMethod.POST, "/api/users", admin, user("carol", "carol-password", "viewer"))
            .compose(created -> {
              assertEquals(201, created.statusCode(), created.bodyAsString());
              assertEquals("/api/users/carol", created.getHeader("Location"));
              assertEquals("carol", created.bodyAsJsonObject().getString("name"));
              assertEquals("viewer", created.bodyAsJsonObject().getString("role"));
              return s.login("carol", "carol-password");
            })
            .compose(login -> {
              assertEquals(200, login.statusCode());
              assertEquals("viewer", login.bodyAsJsonObject().getString("role"));
              return s.get("/api/users", admin);
            })
            .map(list -> {
              JsonArray items = list.bodyAsJsonObject().getJsonArray("items");
              assertEquals(List.of(ADMIN, VIEWER, "carol"),
                  items.stream().map(o -> ((JsonObject) o).getString("name")).sorted(
                      (a, b) -> order(a) - order(b)).toList());
              items.forEach(o -> assertFalse(((JsonObject) o).containsKey("hash")));
              return null;
            })))
        .onComplete(tc.succeedingThenComplete());
  }

  private static int order(String name) {
    return List.of(ADMIN, VIEWER, "carol").indexOf(name);
  }

  @Test
  void badUserInputIsRefusedWithClearDetails(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    UiTestServer.start(vertx, dir).compose(s -> s.cookieFor(ADMIN, ADMIN_PASSWORD).compose(admin -> {
      List<Future<HttpResponse<Buffer>>> calls = List.of(
          s.send(HttpMethod.POST, "/api/users", admin, user("bad name!", "long-enough-1", "viewer")),
          s.send(HttpMethod.POST, "/api/users", admin, user("x".repeat(33), "long-enough-1", "viewer")),
          s.send(HttpMethod.POST, "/api/users", admin, user("dave", "short", "viewer")),
          s.send(HttpMethod.POST, "/api/users", admin, user("dave", "long-enough-1", "owner")),
          s.send(HttpMethod.POST, "/api/users", admin, user(VIEWER, "long-enough-1", "viewer")),
          s.send(HttpMethod.PUT, "/api/users/nobody", admin, new JsonObject().put("role", "admin")),
          s.send(HttpMethod.PUT, "/api/users/" + VIEWER, admin, new JsonObject()),
          s.send(HttpMethod.DELETE, "/api/users/nobody", admin, null),
          s.send(HttpMethod.POST, "/api/users", admin, new JsonObject().put("name", "dave")));
      return Future.all(calls).map(all -> {
        assertProblem(calls.get(0).result(), 400, "name");
        assertProblem(calls.get(1).result(), 400, "name");
        assertProblem(calls.get(2).result(), 400, "at least 8");
        assertProblem(calls.get(3).result(), 400, "role");
        assertProblem(calls.get(4).result(), 409, "already exists");
        assertProblem(calls.get(5).result(), 404, "nobody");
        assertProblem(calls.get(6).result(), 400, "nothing to change");
        assertProblem(calls.get(7).result(), 404, "nobody");
        assertProblem(calls.get(8).result(), 400, "password");
        return null;
      });
    })).onComplete(tc.succeedingThenComplete());
  }

  @Test
  void userChangesSurviveARestart(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    UiTestServer.start(vertx, dir)
        .compose(s -> s.cookieFor(ADMIN, ADMIN_PASSWORD)
            .compose(admin -> s.send(HttpMethod.POST, "/api/users", admin, user("carol", "carol-password", "admin"))
                .compose(created -> {
                  assertEquals(201, created.statusCode());
                  return s.send(HttpMethod.POST, "/api/users", admin, user("dave", "dave-password", "viewer"));
                })
                .compose(created -> s.send(HttpMethod.PUT, "/api/users/dave", admin,
                    new JsonObject().put("password", "dave-password-2")))
                .compose(changed -> {
                  assertEquals(200, changed.statusCode());
                  return s.send(HttpMethod.DELETE, "/api/users/dave", admin, null);
                }))
            .compose(deleted -> {
              assertEquals(204, deleted.statusCode());
              assertTrue(Files.exists(s.dataDir.resolve("users.json")));
              return s.restart();
            }))
        .compose(restarted -> restarted.login("carol", "carol-password").compose(carol -> {
          assertEquals(200, carol.statusCode());
          assertEquals("admin", carol.bodyAsJsonObject().getString("role"));
          return restarted.login("dave", "dave-password-2");
        }).map(dave -> {
          assertEquals(401, dave.statusCode());
          return null;
        }))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void uiUsersWinForTheirNamesAtEveryStart(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    UiTestServer.start(vertx, dir)
        .compose(s -> s.cookieFor(ADMIN, ADMIN_PASSWORD)
            .compose(admin -> s.send(HttpMethod.PUT, "/api/users/" + VIEWER, admin,
                new JsonObject().put("role", "admin").put("password", "changed-in-ui")))
            .compose(changed -> {
              assertEquals(200, changed.statusCode());
              assertTrue(changed.bodyAsJsonObject().getBoolean("fromEnv"));
              return s.restart();
            }))
        .compose(restarted -> restarted.login(VIEWER, VIEWER_PASSWORD))
        .onComplete(tc.succeeding(bob -> tc.verify(() -> {
          assertEquals(200, bob.statusCode());
          assertEquals("viewer", bob.bodyAsJsonObject().getString("role"));
          tc.completeNow();
        })));
  }

  @Test
  void theLastAdminCannotBeRemovedOrDemoted(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    UiTestServer.start(vertx, dir).compose(s -> s.cookieFor(ADMIN, ADMIN_PASSWORD).compose(admin ->
        s.send(HttpMethod.DELETE, "/api/users/" + ADMIN, admin, null)
            .compose(delete -> {
              assertProblem(delete, 409, "last admin");
              return s.send(HttpMethod.PUT, "/api/users/" + ADMIN, admin, new JsonObject().put("role", "viewer"));
            })
            .compose(demote -> {
              assertProblem(demote, 409, "last admin");
              return s.send(HttpMethod.PUT, "/api/users/" + VIEWER, admin, new JsonObject().put("role", "admin"));
            })
            .compose(promoted -> {
              assertEquals(200, promoted.statusCode());
              // With a second admin, alice may go; her session goes with her.
              return s.send(HttpMethod.DELETE, "/api/users/" + ADMIN, admin, null);
            })
            .compose(deleted -> {
              assertEquals(204, deleted.statusCode());
              return s.get("/api/me", admin);
            })
            .map(me -> {
              assertEquals(401, me.statusCode());
              return null;
            })))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void resettingAPasswordEndsThatUsersSessions(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    UiTestServer.start(vertx, dir).compose(s -> Future.all(s.cookieFor(ADMIN, ADMIN_PASSWORD),
            s.cookieFor(VIEWER, VIEWER_PASSWORD))
        .compose(both -> {
          String admin = both.resultAt(0);
          String bob = both.resultAt(1);
          return s.send(HttpMethod.PUT, "/api/users/" + VIEWER, admin,
                  new JsonObject().put("password", "bob-new-password"))
              .compose(reset -> {
                assertEquals(200, reset.statusCode());
                return s.get("/api/me", bob);
              })
              .compose(old -> {
                assertEquals(401, old.statusCode());
                return s.get("/api/me", admin);
              })
              .compose(adminStill -> {
                assertEquals(200, adminStill.statusCode());
                return s.login(VIEWER, "bob-new-password");
              })
              .map(login -> {
                assertEquals(200, login.statusCode());
                return null;
              });
        }))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void firstStartWithoutUsersCreatesAnAdminWithAGeneratedPassword(Vertx vertx, @TempDir Path dir,
                                                                   VertxTestContext tc) {
    UiConfig config = UiTestServer.defaultConfig(dir).withUsersSpec(null);
    UiTestServer.start(vertx, dir, config).compose(s -> {
      String password = s.verticle.generatedAdminPassword().orElseThrow();
      assertTrue(password.length() >= 16);
      return s.login("admin", password).compose(login -> {
        assertEquals(200, login.statusCode());
        assertEquals("admin", login.bodyAsJsonObject().getString("role"));
        return s.restart();
      }).compose(restarted -> {
        // Shown once: the second start has nothing to tell, and the password still works.
        assertTrue(restarted.verticle.generatedAdminPassword().isEmpty());
        return restarted.login("admin", password);
      });
    }).onComplete(tc.succeeding(login -> tc.verify(() -> {
      assertEquals(200, login.statusCode());
      tc.completeNow();
    })));
  }

  @Test
  void statsShowTheStreamerAndCounts(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    UiTestServer.start(vertx, dir)
        .compose(s -> s.cookieFor(ADMIN, ADMIN_PASSWORD).compose(admin -> s.get("/api/stats", admin)))
        .onComplete(tc.succeeding(resp -> tc.verify(() -> {
          assertEquals(200, resp.statusCode());
          JsonObject stats = resp.bodyAsJsonObject();
          assertEquals(2, stats.getInteger("users"));
          assertEquals(1, stats.getInteger("sessions"));
          assertTrue(stats.getJsonObject("streamer").containsKey("bytesServed"), stats.encode());
          tc.completeNow();
        })));
  }
}
