package dev.tgstream.app;

import dev.tgstream.stream.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ROLE=ui and ROLE=stream wired by {@link Application} as the jar runs them, in one JVM on loopback: the UI streams
 * from the streamer over the signed control API, falls back to its local engine when the streamer stops, and goes
 * back when it returns, with the state visible in /health/ready. (The two-process fault test with kill -9 and
 * SIGSTOP lives with the integration tests.)
 */
@ExtendWith(VertxExtension.class)
class SplitRolesTest {

  private static final String SECRET = "split-roles-test-secret-0123456789abcdef";

  @TempDir
  Path root;

  private Application streamer;
  private Application ui;
  private byte[] track;
  private Vertx testVertx;
  /** The streamer's own Vert.x: closing it is a streamer that stops, its port refusing connections. */
  private Vertx streamerVertx;

  /** Every Vert.x a test started, one per Application: closed last, after the applications stopped. */
  private final java.util.List<Vertx> owned = new java.util.ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Application app : new Application[] {ui, streamer}) {
      if (app != null) {
        try {
          app.stop().toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          // The test closed this one's Vert.x itself (a streamer that stops): nothing is left running.
        }
      }
    }
    for (Vertx v : owned) {
      v.close().toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  private Map<String, String> env(String role, int port, String data) {
    Map<String, String> env = new HashMap<>();
    env.put("ROLE", role);
    env.put("PORT", String.valueOf(port));
    env.put("DATA_DIR", root.resolve(data).toString());
    env.put("LIBRARY_DIR", root.resolve("library").toString());
    env.put("STREAM_SECRET", SECRET);
    env.put("UI_AUTH", "off");
    return env;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private Future<Application> start(Map<String, String> env) {
    Vertx own;
    if ("stream".equals(env.get("ROLE"))) {
      own = Vertx.vertx();
      streamerVertx = own;
    } else {
      // As Main makes it: metrics on, the process's registry, where the breaker registers its meters.
      own = Metrics.vertx(new VertxOptions(), Metrics.REGISTRY_NAME);
    }
    owned.add(own);
    return onTestContext(Application.start(own, new ConfigLoader(env, new JsonObject()).read()));
  }

  /**
   * The same outcome, delivered on the test's Vert.x: each Application runs its own, and the continuation of a
   * future completed by one that closes must not run on its stopped event loop.
   */
  private <T> Future<T> onTestContext(Future<T> future) {
    Promise<T> promise = Promise.promise();
    future.onComplete(ar -> testVertx.runOnContext(v -> promise.handle(ar)));
    return promise.future();
  }

  @Test
  void theUiStreamsFromTheStreamerFallsBackWhenItStopsAndReturnsWhenItIsBack(Vertx vertx, VertxTestContext tc)
      throws IOException {
    testVertx = vertx;
    Files.createDirectories(root.resolve("library/Music"));
    track = new byte[200_000];
    new Random(7).nextBytes(track);
    Files.write(root.resolve("library/Music/track.mp3"), track);
    int streamPort = freePort();
    String streamerUrl = "http://127.0.0.1:" + streamPort;
    Map<String, String> uiEnv = env("ui", 0, "ui-data");
    uiEnv.put("STREAMER_URL", streamerUrl);
    // Quick half-open trials, so the return is seen soon.
    uiEnv.put("STREAMER_BREAKER_RESET_MS", "50");
    uiEnv.put("STREAMER_BREAKER_RESET_MAX_MS", "200");
    WebClient client = WebClient.create(vertx);
    String[] fileId = new String[1];

    start(env("stream", streamPort, "stream-data"))
        .compose(s -> {
          streamer = s;
          return start(uiEnv);
        })
        .compose(u -> {
          ui = u;
          return get(client, "/api/channels");
        })
        .compose(channels -> get(client, "/api/channels/"
            + channels.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id") + "/files"))
        .compose(files -> {
          fileId[0] = files.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id");
          return details(client, fileId[0]);
        })
        .compose(remote -> {
          assertEquals("remote", remote.getString("servedBy"), remote.encode());
          assertTrue(remote.getString("streamUrl").startsWith(streamerUrl + "/stream/"), remote.encode());
          return bytes(client, remote.getString("streamUrl"));
        })
        // The streamer goes away.
        .compose(v -> streamerVertx.close())
        .compose(v -> details(client, fileId[0]))
        .compose(local -> {
          assertEquals("local", local.getString("servedBy"), local.encode());
          assertTrue(local.getString("streamUrl").startsWith("http://localhost:" + ui.port() + "/raw-stream/"),
              local.encode());
          return bytes(client, local.getString("streamUrl"));
        })
        .compose(v -> get(client, "/metrics"))
        .compose(metrics -> {
          String text = metrics.bodyAsString();
          assertEquals(200, metrics.statusCode(), text);
          assertTrue(text.contains("# HELP tgstream_streamer_breaker_state "), text);
          assertTrue(text.contains("tgstream_streamer_breaker_transitions_total{from=\"closed\",to=\"open\"} 1.0"),
              text);
          assertTrue(text.contains("tgstream_streamer_breaker_calls_total{outcome=\"failure\"} 3.0"), text);
          return get(client, "/health/ready");
        })
        .compose(health -> {
          assertEquals(200, health.statusCode(), health.bodyAsString());
          assertNotEquals("CLOSED", remoteState(health.bodyAsJsonObject()));
          // The streamer comes back on its port.
          return start(env("stream", streamPort, "stream-data"));
        })
        .compose(s -> {
          streamer = s;
          return untilRemoteClosed(vertx, client);
        })
        .compose(v -> details(client, fileId[0]))
        .onComplete(tc.succeeding(back -> tc.verify(() -> {
          assertEquals("remote", back.getString("servedBy"), back.encode());
          assertTrue(back.getString("streamUrl").startsWith(streamerUrl + "/stream/"), back.encode());
          tc.completeNow();
        })));
  }

  private Future<HttpResponse<Buffer>> get(WebClient client, String path) {
    return client.get(ui.port(), "localhost", path).send();
  }

  private Future<JsonObject> details(WebClient client, String id) {
    return get(client, "/api/files/" + id).map(resp -> {
      assertEquals(200, resp.statusCode(), resp.bodyAsString());
      return resp.bodyAsJsonObject();
    });
  }

  private Future<Void> bytes(WebClient client, String url) {
    return client.getAbs(url).send().map(resp -> {
      assertEquals(200, resp.statusCode());
      assertArrayEquals(track, resp.bodyAsBuffer().getBytes());
      return null;
    });
  }

  private static String remoteState(JsonObject health) {
    JsonArray checks = health.getJsonArray("checks");
    for (int i = 0; i < checks.size(); i++) {
      if ("remote-streamer".equals(checks.getJsonObject(i).getString("id"))) {
        return checks.getJsonObject(i).getJsonObject("data").getString("state");
      }
    }
    throw new AssertionError("no remote-streamer check in " + health.encode());
  }

  /** Asks /health/ready again after each answer until the breaker reports CLOSED (the test's timeout bounds it). */
  private Future<Void> untilRemoteClosed(Vertx vertx, WebClient client) {
    Promise<Void> done = Promise.promise();
    poll(vertx, client, done);
    return done.future();
  }

  private void poll(Vertx vertx, WebClient client, Promise<Void> done) {
    get(client, "/health/ready").onComplete(ar -> {
      if (ar.succeeded() && "CLOSED".equals(remoteState(ar.result().bodyAsJsonObject()))) {
        done.complete();
      } else {
        vertx.setTimer(20, id -> poll(vertx, client, done));
      }
    });
  }
}
