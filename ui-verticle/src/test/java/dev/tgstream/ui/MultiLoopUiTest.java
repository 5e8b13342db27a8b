package dev.tgstream.ui;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.tgstream.ui.UiTestServer.ADMIN;
import static dev.tgstream.ui.UiTestServer.ADMIN_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The UI on several event loops sharing one port: new connections go to different loops, and a session cookie made
 * through one is good on every other (one session store), until it signs out through any of them.
 */
@ExtendWith(VertxExtension.class)
class MultiLoopUiTest {

  private static final int INSTANCES = 3;
  /** Vert.x hands connections to the servers in turn: a few rounds meet every loop. */
  private static final int CONNECTIONS = 4 * INSTANCES;

  /** One TCP connection, and the thread that serves it. */
  private record Served(HttpClientConnection connection, String thread) {
  }

  private static Future<HttpResponseText> send(HttpClientConnection c, HttpMethod method, String path, String cookie,
                                               String origin) {
    RequestOptions options = new RequestOptions().setMethod(method).setURI(path);
    if (cookie != null) {
      options.putHeader("Cookie", cookie);
    }
    if (origin != null) {
      options.putHeader("Origin", origin);
    }
    return c.request(options).compose(req -> req.send())
        .compose(resp -> resp.body().map(body -> new HttpResponseText(resp.statusCode(), body)));
  }

  private record HttpResponseText(int status, Buffer body) {
  }

  private static Future<List<Served>> connect(HttpClientAgent client, int port, List<Served> so) {
    if (so.size() == CONNECTIONS) {
      return Future.succeededFuture(so);
    }
    return client.connect(new HttpConnectOptions().setHost("localhost").setPort(port))
        .compose(c -> send(c, HttpMethod.GET, UiTestServer.SERVED_BY, null, null).compose(r -> {
          so.add(new Served(c, r.body().toString()));
          return connect(client, port, so);
        }));
  }

  /** Every connection in turn: /api/me with the cookie, answered 200 for alice on that connection's loop. */
  private static Future<Void> meOnEach(List<Served> served, int i, String cookie) {
    if (i == served.size()) {
      return Future.succeededFuture();
    }
    Served s = served.get(i);
    return send(s.connection(), HttpMethod.GET, "/api/me", cookie, null).compose(me -> {
      assertEquals(200, me.status(), "loop " + s.thread() + ": " + me.body());
      assertEquals(ADMIN, new JsonObject(me.body()).getString("name"));
      return send(s.connection(), HttpMethod.GET, UiTestServer.SERVED_BY, null, null);
    }).compose(again -> {
      assertEquals(s.thread(), again.body().toString(), "one connection, one loop");
      return meOnEach(served, i + 1, cookie);
    });
  }

  @Test
  void aSessionMadeThroughOneLoopIsAcceptedOnTheOthersAndEndsOnAll(Vertx vertx, @TempDir Path dir,
                                                                   VertxTestContext tc) {
    HttpClientAgent client = vertx.createHttpClient();
    UiTestServer.start(vertx, dir, UiTestServer.defaultConfig(dir), v -> v.withInstances(INSTANCES))
        .compose(s -> connect(client, s.port(), new ArrayList<>()).compose(served -> {
          Map<String, Served> byThread = new LinkedHashMap<>();
          served.forEach(c -> byThread.putIfAbsent(c.thread(), c));
          assertTrue(byThread.size() >= 2, "connections served by several loops: " + byThread.keySet());
          byThread.keySet().forEach(t -> assertTrue(t.startsWith("vert.x-eventloop-thread-"), t));
          List<Served> loops = new ArrayList<>(byThread.values());
          Served first = loops.get(0);
          Served other = loops.get(1);
          String origin = s.origin();
          JsonObject credentials = new JsonObject().put("name", ADMIN).put("password", ADMIN_PASSWORD);
          // Sign in through the first loop's connection.
          return first.connection().request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/login")
                  .putHeader("Origin", origin).putHeader("Content-Type", "application/json"))
              .compose(req -> req.send(credentials.toBuffer()))
              .compose(login -> {
                assertEquals(200, login.statusCode());
                String cookie = login.cookies().stream().filter(h -> h.startsWith("tgstream_session="))
                    .findFirst().orElseThrow().split(";", 2)[0];
                return meOnEach(served, 0, cookie)
                    // Signed out through another loop: refused on the first one too.
                    .compose(v -> send(other.connection(), HttpMethod.POST, "/api/logout", cookie, origin))
                    .compose(logout -> {
                      assertEquals(204, logout.status());
                      assertNotEquals(first.thread(), other.thread());
                      return send(first.connection(), HttpMethod.GET, "/api/me", cookie, null);
                    });
              });
        }))
        .onComplete(tc.succeeding(me -> tc.verify(() -> {
          assertEquals(401, me.status());
          tc.completeNow();
        })));
  }
}
