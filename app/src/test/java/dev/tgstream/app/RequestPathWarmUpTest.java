package dev.tgstream.app;

import dev.tgstream.stream.engine.EngineConfig;
import dev.tgstream.stream.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.Future;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start-up warm-up: its synthetic requests really go through the stream path (every byte of their ranges comes
 * back), and a service that ran it shows nothing of it to anyone — not in the channel listing, not in /metrics.
 */
class RequestPathWarmUpTest {

  @TempDir
  Path root;

  private Vertx vertx;
  private Application app;

  @AfterEach
  void stop() throws Exception {
    if (app != null) {
      app.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void theSyntheticRequestsGetEveryByteOfTheirRanges() throws Exception {
    long bytes = RequestPathWarmUp.attempt(EngineConfig.defaults())
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    long expected = RequestPathWarmUp.RANGE_STARTS.stream().mapToLong(s -> RequestPathWarmUp.FILE_SIZE - s).sum();
    assertEquals(expected, bytes);
  }

  @Test
  void underACpuQuotaBelowOneCpuItDoesNotRunAndAboveItDoes() throws Exception {
    // Skipped: done at once, before any synthetic request could have been made.
    assertTrue(RequestPathWarmUp.run(EngineConfig.defaults(), OptionalDouble.of(0.1)).isComplete());
    Future<Void> warmed = RequestPathWarmUp.run(EngineConfig.defaults(), OptionalDouble.of(2.0));
    assertFalse(warmed.isComplete(), "two CPUs: the synthetic requests run");
    warmed.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    Future<Void> unlimited = RequestPathWarmUp.run(EngineConfig.defaults(), OptionalDouble.empty());
    assertFalse(unlimited.isComplete(), "no quota: an unlimited host warms up");
    unlimited.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aStartedServiceShowsNoTraceOfTheWarmUp() throws Exception {
    Files.createDirectories(root.resolve("library/films"));
    Files.write(root.resolve("library/films/one.bin"), new byte[10_000]);
    Map<String, String> env = Map.of(
        "PORT", "0",
        "DATA_DIR", root.resolve("data").toString(),
        "LIBRARY_DIR", root.resolve("library").toString(),
        "STREAM_SECRET", "warm-up-test-secret-0123456789abcdef",
        "UI_AUTH", "off");
    // As Main makes it: metrics on, in the process's registry, which /metrics serves.
    vertx = Metrics.vertx(new VertxOptions(), Metrics.REGISTRY_NAME);
    app = Application.start(vertx, new ConfigLoader(env, new JsonObject()).read())
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    WebClient client = WebClient.create(vertx);
    try {
      JsonArray channels = get(client, "/api/channels").bodyAsJsonObject().getJsonArray("items");
      List<String> names = channels.stream().map(c -> ((JsonObject) c).getString("title"))
          .collect(Collectors.toList());
      assertEquals(List.of("films"), names, channels.encode());

      String metrics = get(client, "/metrics").bodyAsString();
      assertFalse(metrics.contains("warm-up"), "the warm-up's route in /metrics");
      assertTrue(metrics.contains("\ntgstream_engine_bytes_served_total"), "the engine's meters are in /metrics");
      for (String line : metrics.lines().filter(l -> l.startsWith("tgstream_engine_bytes_served_total")
          || l.startsWith("tgstream_engine_fetches_total")).toList()) {
        assertTrue(line.endsWith(" 0.0"), () -> "the engine served no one yet: " + line);
      }
      assertFalse(metrics.lines().anyMatch(l -> l.startsWith("vertx_http_server_requests_total")
          && l.contains("/stream")), "no stream request was counted");
    } finally {
      client.close();
    }
  }

  private HttpResponse<Buffer> get(WebClient client, String path) throws Exception {
    HttpResponse<Buffer> r = client.get(app.port(), "127.0.0.1", path).send()
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(200, r.statusCode(), () -> path + ": " + r.bodyAsString());
    return r;
  }
}
