package dev.tgstream.ui;

import dev.tgstream.ui.auth.LoginThrottle;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.tgstream.ui.UiTestServer.ADMIN;
import static dev.tgstream.ui.UiTestServer.ADMIN_PASSWORD;
import static dev.tgstream.ui.UiTestServer.VIEWER;
import static dev.tgstream.ui.UiTestServer.VIEWER_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sign-in, sessions, cookies, throttling and the origin check, over real HTTP. */
@ExtendWith(VertxExtension.class)
class AuthApiTest {

  private UiTestServer server;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    UiTestServer.start(vertx, dir).onComplete(tc.succeeding(s -> {
      server = s;
      tc.completeNow();
    }));
  }

  @Test
  void loginReturnsUserAndCookieThatOpensMe(VertxTestContext tc) {
    server.login(ADMIN, ADMIN_PASSWORD).compose(resp -> {
      assertEquals(200, resp.statusCode());
      assertEquals(new JsonObject().put("name", ADMIN).put("role", "admin"), resp.bodyAsJsonObject());
      String cookie = UiTestServer.sessionCookie(resp);
      assertNotNull(cookie);
      return server.get("/api/me", cookie);
    }).onComplete(tc.succeeding(me -> tc.verify(() -> {
      assertEquals(200, me.statusCode());
      JsonObject body = me.bodyAsJsonObject();
      assertEquals(ADMIN, body.getString("name"));
      assertEquals("admin", body.getString("role"));
      assertTrue(body.getBoolean("authEnabled"));
      assertEquals("library", body.getJsonObject("source").getString("kind"));
      assertEquals(server.config.libraryDir(), body.getJsonObject("source").getString("libraryDir"));
      tc.completeNow();
    })));
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSameAnswer(VertxTestContext tc) {
    server.login(ADMIN, "wrong-password").compose(wrong -> server.login("nobody", ADMIN_PASSWORD)
        .map(unknown -> {
          for (HttpResponse<Buffer> r : java.util.List.of(wrong, unknown)) {
            assertEquals(401, r.statusCode());
            assertEquals("application/problem+json", r.getHeader("Content-Type"));
            assertEquals(r.getHeader("X-Request-Id"), r.bodyAsJsonObject().getString("requestId"));
            assertEquals(null, UiTestServer.sessionCookie(r));
          }
          JsonObject a = wrong.bodyAsJsonObject().copy();
          JsonObject b = unknown.bodyAsJsonObject().copy();
          a.remove("requestId");
          b.remove("requestId");
          assertEquals(a, b);
          assertEquals(401, a.getInteger("status"));
          assertEquals("wrong name or password", a.getString("detail"));
          return null;
        })).onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aGuesserSlowsOnlyItsOwnNameAndAddressPair(VertxTestContext tc) {
    String guesser = "127.0.0.2";
    Future<Void> failures = Future.succeededFuture();
    for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
      failures = failures.compose(v -> server.loginFrom(guesser, ADMIN, "guess").map(resp -> {
        assertEquals(401, resp.statusCode());
        return null;
      }));
    }
    Future<HttpResponse<Buffer>> guesserAgain = failures.compose(v -> server.loginFrom(guesser, ADMIN, ADMIN_PASSWORD));
    Future<HttpResponse<Buffer>> realAdmin = guesserAgain.compose(v -> server.loginFrom("127.0.0.1", ADMIN, ADMIN_PASSWORD));
    Future<HttpResponse<Buffer>> neighbour = realAdmin.compose(v -> server.loginFrom(guesser, VIEWER, VIEWER_PASSWORD));
    neighbour.onComplete(tc.succeeding(last -> tc.verify(() -> {
      // The guessing pair waits, even with the right password ...
      HttpResponse<Buffer> refused = guesserAgain.result();
      assertEquals(429, refused.statusCode());
      int retryAfter = Integer.parseInt(refused.getHeader("Retry-After"));
      assertTrue(retryAfter >= 1 && retryAfter <= LoginThrottle.MAX_DELAY.toSeconds(), "Retry-After " + retryAfter);
      assertEquals(429, refused.bodyAsJsonObject().getInteger("status"));
      assertEquals(null, UiTestServer.sessionCookie(refused));
      // ... while the real admin signs in from another address, and another user from the guesser's.
      assertEquals(200, realAdmin.result().statusCode());
      assertNotNull(UiTestServer.sessionCookie(realAdmin.result()));
      assertEquals(200, last.statusCode());
      tc.completeNow();
    })));
  }

  @Test
  void oneAddressFailingForManyNamesIsCappedThereOnly(VertxTestContext tc) {
    String guesser = "127.0.0.2";
    Future<Void> failures = Future.succeededFuture();
    for (int i = 0; i < LoginThrottle.ADDRESS_MAX_FAILURES; i++) {
      String name = "guess" + i;
      failures = failures.compose(v -> server.loginFrom(guesser, name, "password-" + name).mapEmpty());
    }
    Future<HttpResponse<Buffer>> capped = failures.compose(v -> server.loginFrom(guesser, VIEWER, VIEWER_PASSWORD));
    Future<HttpResponse<Buffer>> elsewhere = capped.compose(v -> server.loginFrom("127.0.0.1", VIEWER, VIEWER_PASSWORD));
    elsewhere.onComplete(tc.succeeding(ok -> tc.verify(() -> {
      assertEquals(429, capped.result().statusCode());
      assertNotNull(capped.result().getHeader("Retry-After"));
      assertEquals(200, ok.statusCode());
      tc.completeNow();
    })));
  }

  @Test
  void sessionCookieIsHttpOnlyLaxAndSecureOnlyBehindHttps(VertxTestContext tc) {
    JsonObject credentials = new JsonObject().put("name", ADMIN).put("password", ADMIN_PASSWORD);
    server.login(ADMIN, ADMIN_PASSWORD).compose(plain -> {
      String header = UiTestServer.setCookieHeader(plain);
      assertNotNull(header);
      assertTrue(header.toLowerCase().contains("; httponly"), header);
      assertTrue(header.toLowerCase().contains("; samesite=lax"), header);
      assertTrue(header.toLowerCase().contains("; path=/"), header);
      assertFalse(header.toLowerCase().contains("; secure"), header);
      return server.request(HttpMethod.POST, "/api/login", null)
          .putHeader("X-Forwarded-Proto", "https")
          .putHeader("Origin", "https://localhost:" + server.port())
          .sendJsonObject(credentials);
    }).onComplete(tc.succeeding(https -> tc.verify(() -> {
      assertEquals(200, https.statusCode());
      String header = UiTestServer.setCookieHeader(https);
      assertTrue(header.toLowerCase().contains("; secure"), header);
      assertTrue(header.toLowerCase().contains("; httponly"), header);
      assertTrue(header.toLowerCase().contains("; samesite=lax"), header);
      tc.completeNow();
    })));
  }

  @Test
  void logoutEndsTheSessionOnTheServer(VertxTestContext tc) {
    server.cookieFor(VIEWER, VIEWER_PASSWORD).compose(cookie -> server.get("/api/me", cookie)
        .compose(me -> {
          assertEquals(200, me.statusCode());
          return server.send(HttpMethod.POST, "/api/logout", cookie, null);
        })
        .compose(logout -> {
          assertEquals(204, logout.statusCode());
          String cleared = UiTestServer.setCookieHeader(logout);
          assertNotNull(cleared);
          assertTrue(cleared.toLowerCase().contains("max-age=0"), cleared);
          // The browser would forget the cookie; someone who kept a copy must get nothing either.
          return server.get("/api/me", cookie);
        }))
        .onComplete(tc.succeeding(after -> tc.verify(() -> {
          assertEquals(401, after.statusCode());
          assertEquals("application/problem+json", after.getHeader("Content-Type"));
          tc.completeNow();
        })));
  }

  @Test
  void everyLoginIssuesANewSessionIdAndRetiresThePresentedOne(VertxTestContext tc) {
    server.cookieFor(ADMIN, ADMIN_PASSWORD).compose(first -> server
        .request(HttpMethod.POST, "/api/login", first)
        .sendJsonObject(new JsonObject().put("name", ADMIN).put("password", ADMIN_PASSWORD))
        .compose(resp -> {
          String second = UiTestServer.sessionCookie(resp);
          assertNotNull(second);
          assertNotEquals(first, second);
          return server.get("/api/me", first).compose(old -> {
            assertEquals(401, old.statusCode());
            return server.get("/api/me", second);
          });
        }))
        .onComplete(tc.succeeding(current -> tc.verify(() -> {
          assertEquals(200, current.statusCode());
          tc.completeNow();
        })));
  }

  @Test
  void crossOriginStateChangesAreRefused(VertxTestContext tc) {
    JsonObject credentials = new JsonObject().put("name", ADMIN).put("password", ADMIN_PASSWORD);
    server.request(HttpMethod.POST, "/api/login", null).putHeader("Origin", "https://evil.example")
        .sendJsonObject(credentials)
        .compose(evil -> {
          assertEquals(403, evil.statusCode());
          assertEquals("application/problem+json", evil.getHeader("Content-Type"));
          assertTrue(evil.bodyAsJsonObject().getString("detail").contains("cross-origin"));
          return server.client.post(server.port(), "localhost", "/api/login").sendJsonObject(credentials);
        })
        .compose(noOrigin -> {
          assertEquals(403, noOrigin.statusCode(), "a POST without Origin or Referer");
          return server.client.post(server.port(), "localhost", "/api/login")
              .putHeader("Referer", server.origin() + "/index.html")
              .sendJsonObject(credentials);
        })
        .compose(referer -> {
          assertEquals(200, referer.statusCode(), "same-origin Referer without Origin");
          // Behind a proxy the browser's origin is the public host, not ours.
          return server.client.post(server.port(), "localhost", "/api/login")
              .putHeader("X-Forwarded-Proto", "https")
              .putHeader("X-Forwarded-Host", "media.example.com")
              .putHeader("Origin", "https://media.example.com")
              .sendJsonObject(credentials);
        })
        .compose(proxied -> {
          assertEquals(200, proxied.statusCode());
          return server.cookieFor(ADMIN, ADMIN_PASSWORD);
        })
        .compose(cookie -> server.client.delete(server.port(), "localhost", "/api/users/" + VIEWER)
            .putHeader("Cookie", cookie)
            .putHeader("Origin", "http://localhost:1")
            .send())
        .onComplete(tc.succeeding(delete -> tc.verify(() -> {
          assertEquals(403, delete.statusCode(), "other port, other origin");
          tc.completeNow();
        })));
  }

  @Test
  void securityHeadersOnPagesAndApi(VertxTestContext tc) {
    boolean spaPresent = getClass().getClassLoader().getResource("webroot/index.html") != null;
    server.get("/", null).compose(page -> {
      assertSecurityHeaders(page);
      assertEquals(spaPresent ? 200 : 404, page.statusCode());
      if (spaPresent) {
        assertTrue(page.getHeader("Content-Type").startsWith("text/html"), page.getHeader("Content-Type"));
      }
      return spaPresent ? server.get("/js/app.js", null).map(script -> {
        assertEquals(200, script.statusCode());
        // ES modules load only with a JavaScript type, and nosniff forbids guessing.
        assertTrue(script.getHeader("Content-Type").contains("javascript"), script.getHeader("Content-Type"));
        assertSecurityHeaders(script);
        return null;
      }) : Future.succeededFuture();
    }).compose(v -> server.get("/api/me", null)).compose(api -> {
      assertSecurityHeaders(api);
      assertEquals("no-store", api.getHeader("Cache-Control"));
      return server.cookieFor(ADMIN, ADMIN_PASSWORD).compose(cookie -> server.get("/api/channels", cookie));
    }).compose(channels -> {
      assertEquals(200, channels.statusCode());
      assertSecurityHeaders(channels);
      assertEquals("no-store", channels.getHeader("Cache-Control"));
      return server.get("/no-such-file.js", null);
    }).onComplete(tc.succeeding(missing -> tc.verify(() -> {
      assertEquals(404, missing.statusCode());
      assertSecurityHeaders(missing);
      tc.completeNow();
    })));
  }

  @Test
  void meWithoutSessionIs401Problem(VertxTestContext tc) {
    server.get("/api/me", "tgstream_session=made-up").onComplete(tc.succeeding(resp -> tc.verify(() -> {
      assertEquals(401, resp.statusCode());
      JsonObject problem = resp.bodyAsJsonObject();
      assertEquals(401, problem.getInteger("status"));
      assertEquals("Unauthorized", problem.getString("title"));
      assertNotNull(problem.getString("detail"));
      assertEquals(resp.getHeader("X-Request-Id"), problem.getString("requestId"));
      tc.completeNow();
    })));
  }

  @Test
  void badBodiesAre4xxProblems(VertxTestContext tc) {
    String huge = "{\"name\":\"" + "x".repeat(100 * 1024) + "\",\"password\":\"p\"}";
    server.request(HttpMethod.POST, "/api/login", null).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(huge))
        .compose(tooBig -> {
          assertEquals(413, tooBig.statusCode());
          assertEquals("application/problem+json", tooBig.getHeader("Content-Type"));
          return server.request(HttpMethod.POST, "/api/login", null).putHeader("Content-Type", "application/json")
              .sendBuffer(Buffer.buffer("{\"name\": "));
        })
        .compose(malformed -> {
          assertEquals(400, malformed.statusCode());
          assertTrue(malformed.bodyAsJsonObject().getString("detail").contains("JSON"));
          return server.request(HttpMethod.POST, "/api/login", null).putHeader("Content-Type", "text/plain")
              .sendBuffer(Buffer.buffer("name=alice"));
        })
        .compose(wrongType -> {
          assertEquals(415, wrongType.statusCode());
          return server.request(HttpMethod.POST, "/api/login", null).putHeader("Content-Type", "application/json")
              .sendBuffer(Buffer.buffer("[1,2]"));
        })
        .compose(array -> {
          assertEquals(400, array.statusCode());
          return server.send(HttpMethod.POST, "/api/login", null, new JsonObject().put("name", ADMIN));
        })
        .onComplete(tc.succeeding(missing -> tc.verify(() -> {
          assertEquals(400, missing.statusCode());
          assertTrue(missing.bodyAsJsonObject().getString("detail").contains("password"));
          tc.completeNow();
        })));
  }

  @Test
  void unknownApiPathIs404Problem(VertxTestContext tc) {
    server.cookieFor(VIEWER, VIEWER_PASSWORD)
        .compose(cookie -> server.get("/api/nothing-here", cookie))
        .onComplete(tc.succeeding(resp -> tc.verify(() -> {
          assertEquals(404, resp.statusCode());
          assertEquals("application/problem+json", resp.getHeader("Content-Type"));
          assertEquals(404, resp.bodyAsJsonObject().getInteger("status"));
          tc.completeNow();
        })));
  }

  @Test
  void extraRoutesAreMountedAndRequestIdsAreEchoed(VertxTestContext tc) {
    server.get("/health/live", null).onComplete(tc.succeeding(resp -> tc.verify(() -> {
      assertEquals(200, resp.statusCode());
      assertNotNull(resp.getHeader("X-Request-Id"));
      tc.completeNow();
    })));
  }

  static void assertSecurityHeaders(HttpResponse<Buffer> resp) {
    String csp = resp.getHeader("Content-Security-Policy");
    assertNotNull(csp, "CSP");
    assertTrue(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'")
        && csp.contains("media-src 'self' http: https: blob:") && csp.contains("object-src 'none'"), csp);
    assertEquals("nosniff", resp.getHeader("X-Content-Type-Options"));
    assertEquals("same-origin", resp.getHeader("Referrer-Policy"));
    assertEquals("DENY", resp.getHeader("X-Frame-Options"));
    assertNotNull(resp.getHeader("X-Request-Id"));
  }
}
