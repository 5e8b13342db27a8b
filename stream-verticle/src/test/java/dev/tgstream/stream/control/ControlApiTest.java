package dev.tgstream.stream.control;

import dev.tgstream.stream.api.MediaFileJson;
import dev.tgstream.stream.link.Disposition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import static dev.tgstream.stream.control.ControlServerFixture.SECRET;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The control routes over real HTTP, as a UI in another process calls them. */
@ExtendWith(VertxExtension.class)
class ControlApiTest {

  @TempDir
  Path library;

  ControlServerFixture fx;
  WebClient client;
  final ControlSignature signer = new ControlSignature(SECRET, Clock.systemUTC());

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    client = WebClient.create(vertx);
    fx = new ControlServerFixture(library);
    fx.start(vertx).onComplete(ctx.succeedingThenComplete());
  }

  @AfterEach
  void stop() {
    client.close();
  }

  private HttpRequest<Buffer> request(HttpMethod method, String path) {
    return client.request(method, fx.port(), "127.0.0.1", path);
  }

  private Future<HttpResponse<Buffer>> send(HttpMethod method, String path, Buffer body,
      ControlSignature.Headers headers) {
    HttpRequest<Buffer> request = request(method, path);
    if (headers != null) {
      request.putHeader(ControlSignature.TIMESTAMP_HEADER, headers.timestamp())
          .putHeader(ControlSignature.SIGNATURE_HEADER, headers.signature());
    }
    return body == null ? request.send() : request.putHeader("Content-Type", "application/json").sendBuffer(body);
  }

  private Future<HttpResponse<Buffer>> signed(HttpMethod method, String path, Buffer body) {
    return send(method, path, body, signer.sign(method.name(), path, body == null ? null : body.getBytes()));
  }

  private Future<HttpResponse<Buffer>> post(String path, JsonObject body) {
    return signed(HttpMethod.POST, path, body.toBuffer());
  }

  private static JsonObject problem(HttpResponse<Buffer> response, int status) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertEquals("application/problem+json", response.getHeader("Content-Type"));
    JsonObject problem = response.bodyAsJsonObject();
    assertEquals(status, problem.getInteger("status"));
    assertTrue(problem.getString("title") != null && problem.getString("detail") != null, problem.encode());
    return problem;
  }

  @Test
  void describeAnswersTheFile(VertxTestContext ctx) {
    post(ControlApi.DESCRIBE, new JsonObject().put("fileId", fx.file.id()))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(200, r.statusCode(), r.bodyAsString());
          assertEquals("application/json", r.getHeader("Content-Type"));
          assertEquals(fx.file, MediaFileJson.fromJson(r.bodyAsJsonObject()));
          ctx.completeNow();
        })));
  }

  @Test
  void warmAnswersNoContent(VertxTestContext ctx) {
    post(ControlApi.WARM, new JsonObject().put("fileId", fx.file.id()))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(204, r.statusCode(), r.bodyAsString());
          ctx.completeNow();
        })));
  }

  @Test
  void linkAnswersAPathOnThisStreamerThatServesTheBytes(VertxTestContext ctx) {
    post(ControlApi.LINK, new JsonObject().put("fileId", fx.file.id()).put("disposition", "ATTACHMENT")
        .put("ttl", 600))
        .compose(r -> {
          ctx.verify(() -> assertEquals(200, r.statusCode(), r.bodyAsString()));
          String path = r.bodyAsJsonObject().getString("path");
          ctx.verify(() -> assertTrue(path.startsWith("/stream/") && path.endsWith("/clip%20one.mp4"), path));
          return request(HttpMethod.GET, path).putHeader("Range", "bytes=1000-1999").send();
        })
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(206, r.statusCode());
          assertTrue(r.getHeader("Content-Disposition").startsWith("attachment"), r.getHeader("Content-Disposition"));
          assertArrayEquals(Arrays.copyOfRange(fx.bytes, 1000, 2000), r.body().getBytes());
          ctx.completeNow();
        })));
  }

  @Test
  void statsAnswersTheEngineCounters(VertxTestContext ctx) {
    signed(HttpMethod.GET, ControlApi.STATS, null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(200, r.statusCode(), r.bodyAsString());
      assertTrue(r.bodyAsJsonObject().containsKey("fetches"), r.bodyAsString());
      ctx.completeNow();
    })));
  }

  @Test
  void anUnknownFileIs404(VertxTestContext ctx) {
    post(ControlApi.DESCRIBE, new JsonObject().put("fileId", "bm9wZQ"))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          JsonObject problem = problem(r, 404);
          assertEquals("no such file", problem.getString("detail"));
          assertEquals(null, problem.getString("reason"), "a missing file is not a missing call");
          ctx.completeNow();
        })));
  }

  @Test
  void aTtlOutOfRangeIs400(VertxTestContext ctx) {
    post(ControlApi.LINK, new JsonObject().put("fileId", fx.file.id()).put("ttl", 0))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertTrue(problem(r, 400).getString("detail").startsWith("ttl must be"), r.bodyAsString());
          ctx.completeNow();
        })));
  }

  @Test
  void aSourceFailureIs502(VertxTestContext ctx) {
    post(ControlApi.WARM, new JsonObject().put("fileId", ControlServerFixture.SOURCE_DOWN))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertTrue(problem(r, 502).getString("detail").contains("connection reset"), r.bodyAsString());
          ctx.completeNow();
        })));
  }

  @Test
  void anUnavailableStreamerIs503(VertxTestContext ctx) {
    post(ControlApi.LINK, new JsonObject().put("fileId", ControlServerFixture.BUSY))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals("the streamer is overloaded", problem(r, 503).getString("detail"));
          ctx.completeNow();
        })));
  }

  @Test
  void badBodiesAre400(Vertx vertx, VertxTestContext ctx) {
    List<String> bodies = List.of("", "{", "[]", "42", "null", "\"x\"", "{}", "{\"fileId\":\"\"}",
        "{\"fileId\":7}", "{\"fileId\":\"a\",\"disposition\":\"sideways\"}",
        "{\"fileId\":\"a\",\"disposition\":1}", "{\"fileId\":\"a\",\"ttl\":\"600\"}",
        "{\"fileId\":\"a\",\"ttl\":1.5}");
    Future<Void> all = Future.succeededFuture();
    for (String body : bodies) {
      all = all.compose(v -> signed(HttpMethod.POST, ControlApi.LINK, Buffer.buffer(body)).map(r -> {
        ctx.verify(() -> assertTrue(problem(r, 400).getString("detail").startsWith("bad control request"),
            body + " -> " + r.bodyAsString()));
        return null;
      }));
    }
    all.onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void anUnknownControlCallIs404(VertxTestContext ctx) {
    post("/control/delete", new JsonObject().put("fileId", fx.file.id()))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(ControlApi.NO_SUCH_CALL, problem(r, 404).getString("reason"));
          ctx.completeNow();
        })));
  }

  @Test
  void aTooLargeBodyIs413(VertxTestContext ctx) {
    String big = "{\"fileId\":\"" + "a".repeat(ControlApi.MAX_BODY_BYTES) + "\"}";
    post(ControlApi.DESCRIBE, new JsonObject(big)).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      problem(r, 413);
      ctx.completeNow();
    })));
  }

  @Test
  void anUnsignedCallIs401(VertxTestContext ctx) {
    send(HttpMethod.POST, ControlApi.DESCRIBE, new JsonObject().put("fileId", fx.file.id()).toBuffer(), null)
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          JsonObject problem = problem(r, 401);
          assertTrue(problem.getString("detail").startsWith("missing"), r.bodyAsString());
          assertEquals("MISSING", problem.getString("reason"));
          ctx.completeNow();
        })));
  }

  @Test
  void aCallSignedWithAnotherSecretIs401(VertxTestContext ctx) {
    ControlSignature other = new ControlSignature("not-the-stream-secret-32-bytes!!".getBytes(StandardCharsets.UTF_8),
        Clock.systemUTC());
    Buffer body = new JsonObject().put("fileId", fx.file.id()).toBuffer();
    send(HttpMethod.POST, ControlApi.DESCRIBE, body, other.sign("POST", ControlApi.DESCRIBE, body.getBytes()))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          JsonObject problem = problem(r, 401);
          assertEquals("signature does not match", problem.getString("detail"));
          assertEquals("FORGED", problem.getString("reason"));
          ctx.completeNow();
        })));
  }

  @Test
  void aStaleCallIs401(VertxTestContext ctx) {
    ControlSignature late = new ControlSignature(SECRET,
        Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-90)));
    send(HttpMethod.GET, ControlApi.STATS, null, late.sign("GET", ControlApi.STATS, null))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          JsonObject problem = problem(r, 401);
          assertTrue(problem.getString("detail").contains("behind"), r.bodyAsString());
          assertEquals("STALE", problem.getString("reason"));
          ctx.completeNow();
        })));
  }

  @Test
  void aCallFromTheFutureIs401(VertxTestContext ctx) {
    ControlSignature early = new ControlSignature(SECRET,
        Clock.fixed(Clock.systemUTC().instant().plusSeconds(90), ZoneOffset.UTC));
    send(HttpMethod.GET, ControlApi.STATS, null, early.sign("GET", ControlApi.STATS, null))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          JsonObject problem = problem(r, 401);
          assertTrue(problem.getString("detail").contains("ahead"), r.bodyAsString());
          assertEquals("STALE", problem.getString("reason"));
          ctx.completeNow();
        })));
  }

  @Test
  void malformedSignatureHeadersAre401(VertxTestContext ctx) {
    send(HttpMethod.GET, ControlApi.STATS, null, new ControlSignature.Headers("yesterday", "not-a-signature"))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals("MALFORMED", problem(r, 401).getString("reason"));
          ctx.completeNow();
        })));
  }

  @Test
  void aTamperedBodyIs401(VertxTestContext ctx) {
    Buffer signedBody = new JsonObject().put("fileId", fx.file.id()).toBuffer();
    Buffer sentBody = new JsonObject().put("fileId", fx.file.id()).put("ttl", 604800).toBuffer();
    send(HttpMethod.POST, ControlApi.LINK, sentBody, signer.sign("POST", ControlApi.LINK, signedBody.getBytes()))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals("FORGED", problem(r, 401).getString("reason"));
          ctx.completeNow();
        })));
  }

  @Test
  void aSignatureForAnotherCallIs401(VertxTestContext ctx) {
    Buffer body = new JsonObject().put("fileId", fx.file.id()).toBuffer();
    send(HttpMethod.POST, ControlApi.LINK, body, signer.sign("POST", ControlApi.DESCRIBE, body.getBytes()))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals("FORGED", problem(r, 401).getString("reason"));
          ctx.completeNow();
        })));
  }

  @Test
  void aRefusedCallIsLoggedOnceWithoutTheSecretOrTheSignature(VertxTestContext ctx) {
    ControlSignature other = new ControlSignature("not-the-stream-secret-32-bytes!!".getBytes(StandardCharsets.UTF_8),
        Clock.systemUTC());
    Buffer body = new JsonObject().put("fileId", fx.file.id()).toBuffer();
    ControlSignature.Headers forged = other.sign("POST", ControlApi.DESCRIBE, body.getBytes());
    ControlSignature.Headers genuine = signer.sign("POST", ControlApi.DESCRIBE, body.getBytes());
    // slf4j-simple writes to whatever System.err is at the time of the call.
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    // Refused twice: a client must not be able to fill the log, so the second one is no warning.
    send(HttpMethod.POST, ControlApi.DESCRIBE, body, forged)
        .compose(first -> send(HttpMethod.POST, ControlApi.DESCRIBE, body, forged))
        .onComplete(ar -> System.setErr(original))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          problem(r, 401);
          String log = captured.toString(StandardCharsets.UTF_8);
          List<String> lines = log.lines().filter(l -> l.contains("control")).toList();
          assertEquals(1, lines.size(), log);
          String line = lines.get(0);
          assertTrue(line.contains("control call refused: POST /control/describe"), line);
          assertTrue(line.contains("STREAM_SECRET"), line);
          assertFalse(line.contains(new String(SECRET, StandardCharsets.US_ASCII)), line);
          assertFalse(line.contains("not-the-stream-secret"), line);
          assertFalse(line.contains(forged.signature()), line);
          assertFalse(line.contains(genuine.signature()), line);
          assertFalse(line.contains(fx.file.id()), line);
          ctx.completeNow();
        })));
  }

  @Test
  void theLinkTtlDefaultsAndDispositionIsCaseInsensitive(VertxTestContext ctx) {
    post(ControlApi.LINK, new JsonObject().put("fileId", fx.file.id()).put("disposition", "inline"))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(200, r.statusCode(), r.bodyAsString());
          assertTrue(r.bodyAsJsonObject().getString("path").startsWith("/stream/"));
          ctx.completeNow();
        })));
  }

  @Test
  void theRequestWireFormIsRoundTripped() {
    ControlRequest request = new ControlRequest("abc", Disposition.ATTACHMENT, 99);
    assertEquals(request, ControlRequest.parse(request.toJson().toBuffer()));
    assertEquals(ControlRequest.of("abc"), ControlRequest.parse(Buffer.buffer("{\"fileId\":\"abc\"}")));
  }
}
