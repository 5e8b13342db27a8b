package dev.tgstream.ui;

import dev.tgstream.stream.api.LocalStreamerService;
import dev.tgstream.stream.api.StreamerServiceConsumer;
import dev.tgstream.stream.engine.EngineConfig;
import dev.tgstream.stream.engine.StreamEngine;
import dev.tgstream.stream.http.HealthRoutes;
import dev.tgstream.stream.http.StreamHandler;
import dev.tgstream.stream.link.LinkSigner;
import dev.tgstream.telegram.library.LibraryGateway;
import dev.tgstream.ui.streamer.BreakerConfig;
import dev.tgstream.ui.streamer.FailoverStreamer;
import dev.tgstream.ui.streamer.ReadinessProbe;
import dev.tgstream.ui.streamer.RemoteStreamerConfig;
import dev.tgstream.ui.streamer.StreamerTestSupport;
import dev.tgstream.ui.streamer.Streamers;
import dev.tgstream.ui.streamer.SwitchableStreamer;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A split UI end to end in one process: the real UiVerticle with the FailoverStreamer the factory builds, the local
 * engine on the event bus, and a real HTTP server standing in for the remote streamer (its /stream served by the same
 * StreamHandler, its /health/ready switchable), which the tests stop and start again as a killed and restarted
 * streamer. Bytes are compared by digest with the files on disk.
 */
@ExtendWith(VertxExtension.class)
class RawStreamFailoverTest {

  private static final byte[] SECRET = "raw-stream-failover-secret-0123456789".getBytes(StandardCharsets.US_ASCII);
  // Three failed calls open it; trials every 50 to 200 ms, so recovery is quick.
  private static final BreakerConfig BREAKER = new BreakerConfig(3, Duration.ofMillis(500), Duration.ofMillis(50),
      Duration.ofMillis(200), 0.2);

  @TempDir
  Path root;

  private Vertx vertx;
  private Path library;
  private WebClient client;
  private Router remoteRouter;
  private HttpServer remoteServer;
  private int remotePort;
  private SwitchableStreamer remote;
  private FailoverStreamer failover;
  private MessageConsumer<?> localEngine;
  private UiVerticle ui;
  private String cookie;
  private String fileId;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext tc) {
    this.vertx = vertx;
    this.library = root.resolve("library");
    this.client = WebClient.create(vertx);
    vertx.executeBlocking(() -> {
          UiTestServer.writeLibrary(library);
          return null;
        })
        .compose(v -> LibraryGateway.open(vertx, library))
        .compose(gateway -> {
          StreamEngine engine = new StreamEngine(vertx, gateway, EngineConfig.defaults());
          LinkSigner signer = new LinkSigner(SECRET, Clock.systemUTC());
          LocalStreamerService local = new LocalStreamerService(gateway, engine, signer);
          // The "remote": its own signer with the same STREAM_SECRET, serving /stream and /health/ready.
          LinkSigner remoteSigner = new LinkSigner(SECRET, Clock.systemUTC());
          remoteRouter = Router.router(vertx);
          StreamHandler.mount(remoteRouter, "/stream", new StreamHandler(remoteSigner, gateway, engine));
          remoteRouter.get("/health/ready").handler(ctx -> ctx.json(new JsonObject().put("outcome", "UP")));
          return vertx.createHttpServer().requestHandler(remoteRouter).listen(0, "127.0.0.1").compose(server -> {
            remoteServer = server;
            remotePort = server.actualPort();
            String base = "http://127.0.0.1:" + remotePort;
            remote = new SwitchableStreamer(new LocalStreamerService(gateway, engine, remoteSigner), base);
            RemoteStreamerConfig config = new RemoteStreamerConfig(base, SECRET, Duration.ofSeconds(1), BREAKER);
            Streamers streamers = StreamerTestSupport.split(vertx, config, remote,
                new ReadinessProbe(WebClient.create(vertx), base, 1000));
            failover = (FailoverStreamer) streamers.service();
            ui = new UiVerticle(UiTestServer.defaultConfig(root), gateway, streamers.service(),
                new StreamHandler(signer, gateway, engine), 0,
                router -> HealthRoutes.mount(router, vertx, gateway, streamers.readyChecks()), streamers.path());
            return new StreamerServiceConsumer(local).register(vertx.eventBus());
          });
        })
        .compose(consumer -> {
          localEngine = consumer;
          return vertx.deployVerticle(ui);
        })
        .compose(id -> ui("/api/login", HttpMethod.POST, new JsonObject().put("name", UiTestServer.VIEWER)
            .put("password", UiTestServer.VIEWER_PASSWORD)))
        .compose(login -> {
          cookie = UiTestServer.sessionCookie(login);
          return get("/api/channels");
        })
        .compose(channels -> {
          JsonArray items = channels.bodyAsJsonObject().getJsonArray("items");
          String music = null;
          for (int i = 0; i < items.size(); i++) {
            if ("Music".equals(items.getJsonObject(i).getString("title"))) {
              music = items.getJsonObject(i).getString("id");
            }
          }
          return get("/api/channels/" + music + "/files");
        })
        .onComplete(tc.succeeding(files -> {
          fileId = files.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id");
          tc.completeNow();
        }));
  }

  private String origin() {
    return "http://localhost:" + ui.actualPort();
  }

  private Future<HttpResponse<Buffer>> ui(String path, HttpMethod method, JsonObject body) {
    return client.request(method, ui.actualPort(), "localhost", path).putHeader("Origin", origin())
        .sendJsonObject(body);
  }

  private Future<HttpResponse<Buffer>> get(String path) {
    return client.get(ui.actualPort(), "localhost", path).putHeader("Cookie", cookie).send();
  }

  private Future<HttpResponse<Buffer>> getAbs(String url, boolean followRedirects) {
    return client.getAbs(url).followRedirects(followRedirects).send();
  }

  private Future<JsonObject> details() {
    return get("/api/files/" + fileId).map(resp -> {
      assertEquals(200, resp.statusCode(), resp.bodyAsString());
      return resp.bodyAsJsonObject();
    });
  }

  /** The UI's own /raw-stream URL for the same token and name as {@code streamUrl}. */
  private String rawStreamOf(String streamUrl) {
    return origin() + "/raw-stream/" + streamUrl.substring(streamUrl.lastIndexOf("/stream/") + "/stream/".length());
  }

  private void assertSameBytes(HttpResponse<Buffer> resp) throws Exception {
    assertEquals(200, resp.statusCode(), resp.bodyAsString());
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    String expected = HexFormat.of().formatHex(sha.digest(Files.readAllBytes(library.resolve("Music/track.mp3"))));
    assertEquals(expected, HexFormat.of().formatHex(sha.digest(resp.bodyAsBuffer().getBytes())));
  }

  private Future<Void> transitionTo(CircuitBreakerState to) {
    Promise<Void> promise = Promise.promise();
    AtomicBoolean seen = new AtomicBoolean();
    failover.onTransition(t -> {
      if (t.to() == to && seen.compareAndSet(false, true)) {
        vertx.runOnContext(v -> promise.complete());
      }
    });
    return promise.future();
  }

  /** A killed streamer: its port refuses connections and its control calls fail. */
  private Future<Void> killRemote() {
    remote.mode(SwitchableStreamer.Mode.REFUSE);
    return remoteServer.close();
  }

  private Future<Void> restartRemote() {
    return vertx.createHttpServer().requestHandler(remoteRouter).listen(remotePort, "127.0.0.1").map(server -> {
      remoteServer = server;
      remote.mode(SwitchableStreamer.Mode.UP);
      return null;
    });
  }

  @Test
  void closedDetailsLinkToTheRemoteAndRawStreamRedirectsThere(VertxTestContext tc) {
    String remoteBase = "http://127.0.0.1:" + remotePort;
    details().compose(f -> {
      String stream = f.getString("streamUrl");
      assertTrue(stream.startsWith(remoteBase + "/stream/") && stream.endsWith("/track.mp3"), stream);
      assertTrue(f.getString("downloadUrl").startsWith(remoteBase + "/stream/"));
      assertEquals("remote", f.getString("servedBy"));
      // External players get the UI's /raw-stream: it outlives the streamer.
      String raw = rawStreamOf(stream);
      assertEquals(raw, f.getJsonObject("playerLinks").getString("url"));
      return getAbs(raw, false).compose(redirect -> {
        assertEquals(307, redirect.statusCode());
        assertEquals(stream, redirect.getHeader("Location"));
        assertEquals("no-store", redirect.getHeader("Cache-Control"));
        return getAbs(raw, true);
      });
    }).compose(followed -> {
      tc.verify(() -> assertSameBytes(followed));
      return get("/api/files/" + fileId + "/playlist.m3u");
    }).onComplete(tc.succeeding(playlist -> tc.verify(() -> {
      String entry = playlist.bodyAsString().split("\n")[2];
      assertTrue(entry.startsWith(origin() + "/raw-stream/"), entry);
      tc.completeNow();
    })));
  }

  @Test
  void openTheUiServesRawStreamLocallyAndDetailsPointThere(VertxTestContext tc) {
    Future<Void> opened = transitionTo(CircuitBreakerState.OPEN);
    // A link handed out while the streamer was up, kept by a player.
    details().compose(before -> killRemote().map(v -> rawStreamOf(before.getString("streamUrl"))))
        // The details page right after the kill: its three calls fail, are served locally, and open the breaker.
        .compose(kept -> details().compose(f -> {
          assertEquals("local", f.getString("servedBy"), f.encode());
          String stream = f.getString("streamUrl");
          assertTrue(stream.startsWith(origin() + "/raw-stream/") && stream.endsWith("/track.mp3"), stream);
          assertTrue(f.getString("downloadUrl").startsWith(origin() + "/raw-stream/"));
          assertNotEquals(stream, f.getString("downloadUrl"));
          assertEquals(stream, f.getJsonObject("playerLinks").getString("url"));
          return opened.compose(v -> getAbs(stream, false));
        }).compose(fresh -> {
          tc.verify(() -> assertSameBytes(fresh));
          return getAbs(kept, false);
        }))
        .onComplete(tc.succeeding(old -> tc.verify(() -> {
          // The old link, no redirect: its bytes come from the local engine now.
          assertSameBytes(old);
          assertEquals("bytes", old.getHeader("Accept-Ranges"));
          tc.completeNow();
        })));
  }

  @Test
  void healthStaysReadyWithTheRemoteDownAndSaysSoButNotWithoutTheLocalEngine(VertxTestContext tc) {
    Future<Void> opened = transitionTo(CircuitBreakerState.OPEN);
    get("/health/ready").compose(up -> {
          assertEquals(200, up.statusCode(), up.bodyAsString());
          assertEquals("CLOSED", check(up.bodyAsJsonObject(), "remote-streamer").getJsonObject("data")
              .getString("state"));
          return killRemote();
        })
        .compose(v -> details())
        .compose(f -> opened)
        .compose(v -> get("/health/ready"))
        .compose(degraded -> {
          assertEquals(200, degraded.statusCode(), "a working fallback keeps the UI ready: " + degraded.bodyAsString());
          JsonObject data = check(degraded.bodyAsJsonObject(), "remote-streamer").getJsonObject("data");
          assertNotEquals("CLOSED", data.getString("state"), data.encode());
          assertEquals("local", data.getString("servedBy"));
          assertEquals("connection refused", data.getString("lastError"));
          assertTrue(data.getLong("transitions") >= 1);
          assertEquals("UP", check(degraded.bodyAsJsonObject(), "local-engine").getString("status"));
          return loginAdmin().compose(admin -> client.get(ui.actualPort(), "localhost", "/api/stats")
              .putHeader("Cookie", admin).send());
        })
        .compose(stats -> {
          assertEquals(200, stats.statusCode(), stats.bodyAsString());
          JsonObject breaker = stats.bodyAsJsonObject().getJsonObject("remoteStreamer");
          assertNotEquals("CLOSED", breaker.getString("state"), breaker.encode());
          assertTrue(breaker.getJsonObject("calls").getLong("failure") >= 3, breaker.encode());
          // The fallback goes too: the UI is not ready any more, and says why.
          return localEngine.unregister();
        })
        .compose(v -> get("/health/ready"))
        .onComplete(tc.succeeding(down -> tc.verify(() -> {
          assertEquals(503, down.statusCode(), down.bodyAsString());
          JsonObject local = check(down.bodyAsJsonObject(), "local-engine");
          assertEquals("DOWN", local.getString("status"));
          assertTrue(local.getJsonObject("data").getString("reason").contains("local engine"), local.encode());
          tc.completeNow();
        })));
  }

  @Test
  void theProbeBringsTheRemoteBackWithoutAClick(VertxTestContext tc) {
    Future<Void> opened = transitionTo(CircuitBreakerState.OPEN);
    Future<Void> closed = transitionTo(CircuitBreakerState.CLOSED);
    String remoteBase = "http://127.0.0.1:" + remotePort;
    killRemote()
        .compose(v -> details())
        .compose(f -> opened)
        // Nobody clicks meanwhile: the probe of /health/ready alone must close the breaker.
        .compose(v -> restartRemote())
        .compose(v -> closed)
        .compose(v -> details())
        .compose(f -> {
          assertEquals("remote", f.getString("servedBy"));
          assertTrue(f.getString("streamUrl").startsWith(remoteBase + "/stream/"), f.encode());
          return getAbs(rawStreamOf(f.getString("streamUrl")), false);
        })
        .onComplete(tc.succeeding(redirect -> tc.verify(() -> {
          assertEquals(307, redirect.statusCode());
          assertTrue(redirect.getHeader("Location").startsWith(remoteBase + "/stream/"));
          tc.completeNow();
        })));
  }

  private Future<String> loginAdmin() {
    return ui("/api/login", HttpMethod.POST, new JsonObject().put("name", UiTestServer.ADMIN)
        .put("password", UiTestServer.ADMIN_PASSWORD)).map(UiTestServer::sessionCookie);
  }

  private static JsonObject check(JsonObject health, String id) {
    JsonArray checks = health.getJsonArray("checks");
    for (int i = 0; i < checks.size(); i++) {
      if (id.equals(checks.getJsonObject(i).getString("id"))) {
        return checks.getJsonObject(i);
      }
    }
    throw new AssertionError("no check " + id + " in " + health.encode());
  }
}
