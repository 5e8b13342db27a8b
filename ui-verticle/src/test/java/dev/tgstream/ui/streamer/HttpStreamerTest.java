package dev.tgstream.ui.streamer;

import dev.tgstream.stream.api.StreamerException;
import dev.tgstream.stream.api.StreamerService;
import dev.tgstream.stream.link.Disposition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP transport against the real control routes of a streamer on a loopback port: answers, every failure code
 * both ways, signatures the streamer refuses, and a streamer that is down, slow or not a streamer at all.
 */
@ExtendWith(VertxExtension.class)
class HttpStreamerTest {

  static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir
  Path library;

  final ControlStreamerServer remote = new ControlStreamerServer();

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    remote.start(vertx, library).onComplete(ctx.succeedingThenComplete());
  }

  private HttpStreamer streamer(Vertx vertx) {
    return new HttpStreamer(vertx, remote.baseUrl(), ControlStreamerServer.SECRET, TIMEOUT);
  }

  /** Completes the test when {@code call} fails with {@code code} and a message {@code check} accepts. */
  private static <T> void expectFailure(VertxTestContext ctx, Future<T> call, int code, Function<String, Boolean> check) {
    call.onComplete(ctx.failing(err -> ctx.verify(() -> {
      StreamerException e = assertInstanceOf(StreamerException.class, err);
      assertEquals(code, e.code(), e.getMessage());
      assertTrue(check.apply(e.getMessage()), e.getMessage());
      ctx.completeNow();
    })));
  }

  @Test
  void describeLinkWarmAndStatsTravelHttp(Vertx vertx, VertxTestContext ctx) {
    HttpStreamer streamer = streamer(vertx);
    WebClient browser = WebClient.create(vertx);
    streamer.describe(remote.file.id())
        .compose(described -> {
          ctx.verify(() -> assertEquals(remote.file, described));
          return streamer.link(remote.file.id(), Disposition.INLINE, 600);
        })
        .compose(url -> {
          ctx.verify(() -> assertTrue(url.startsWith(remote.baseUrl() + "/stream/") && url.endsWith("/clip.mp4"), url));
          // The link is absolute and the remote serves it, as a browser would fetch it.
          return browser.getAbs(url).putHeader("Range", "bytes=100-199").send();
        })
        .compose(response -> {
          ctx.verify(() -> {
            assertEquals(206, response.statusCode());
            assertArrayEquals(Arrays.copyOfRange(remote.bytes, 100, 200), response.body().getBytes());
          });
          return streamer.warm(remote.file.id());
        })
        .compose(v -> streamer.stats())
        .onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
          assertTrue(stats.containsKey("fetches"), stats.encode());
          ctx.completeNow();
        })));
  }

  @Test
  void anUnknownFileKeeps404(Vertx vertx, VertxTestContext ctx) {
    expectFailure(ctx, streamer(vertx).describe("bm9wZQ"), StreamerService.NOT_FOUND, "no such file"::equals);
  }

  @Test
  void aBadTtlKeeps400(Vertx vertx, VertxTestContext ctx) {
    expectFailure(ctx, streamer(vertx).link(remote.file.id(), Disposition.ATTACHMENT, 0),
        StreamerService.BAD_REQUEST, m -> m.startsWith("ttl must be"));
  }

  @Test
  void aSourceFailureKeeps502(Vertx vertx, VertxTestContext ctx) {
    expectFailure(ctx, streamer(vertx).warm(ControlStreamerServer.SOURCE_DOWN), StreamerService.SOURCE_FAILED,
        m -> m.contains("connection reset"));
  }

  @Test
  void anUnavailableStreamerKeeps503(Vertx vertx, VertxTestContext ctx) {
    expectFailure(ctx, streamer(vertx).link(ControlStreamerServer.BUSY, Disposition.INLINE, 60),
        StreamerService.UNAVAILABLE, "the streamer is overloaded"::equals);
  }

  @Test
  void aStreamerThatNeverAnswersIs503WithinTheTimeout(Vertx vertx, VertxTestContext ctx) {
    HttpStreamer impatient = new HttpStreamer(vertx, remote.baseUrl(), ControlStreamerServer.SECRET,
        Duration.ofMillis(300));
    expectFailure(ctx, impatient.describe(ControlStreamerServer.HANG), StreamerService.UNAVAILABLE,
        m -> m.contains("did not answer within 300 ms"));
  }

  @Test
  void aWrongSecretIs503NamingStreamSecret(Vertx vertx, VertxTestContext ctx) {
    HttpStreamer misconfigured = new HttpStreamer(vertx, remote.baseUrl(),
        "not-the-secret-the-streamer-has!".getBytes(StandardCharsets.US_ASCII), TIMEOUT);
    expectFailure(ctx, misconfigured.describe(remote.file.id()), StreamerService.UNAVAILABLE,
        m -> m.contains("STREAM_SECRET differs between the UI and the streamer"));
  }

  @Test
  void aSkewedClockIs503NamingTheClocks(Vertx vertx, VertxTestContext ctx) {
    HttpStreamer skewed = new HttpStreamer(vertx, remote.baseUrl(), ControlStreamerServer.SECRET, TIMEOUT,
        Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-5)));
    expectFailure(ctx, skewed.stats(), StreamerService.UNAVAILABLE,
        m -> m.contains("clocks of the UI and the streamer differ by more than 30 s"));
  }

  @Test
  void aRefusedSignatureIsLoggedOncePerEpisodeWithoutTheSecret(Vertx vertx, VertxTestContext ctx) {
    String wrong = "not-the-secret-the-streamer-has!";
    HttpStreamer misconfigured = new HttpStreamer(vertx, remote.baseUrl(),
        wrong.getBytes(StandardCharsets.US_ASCII), TIMEOUT);
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    misconfigured.describe(remote.file.id()).recover(err -> misconfigured.warm(remote.file.id()).mapEmpty())
        .onComplete(ar -> System.setErr(original))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          List<String> lines = captured.toString(StandardCharsets.UTF_8).lines()
              .filter(l -> l.contains("HttpStreamer")).toList();
          assertEquals(1, lines.size(), captured.toString(StandardCharsets.UTF_8));
          assertTrue(lines.get(0).contains("ERROR") && lines.get(0).contains("STREAM_SECRET"), lines.get(0));
          assertFalse(lines.get(0).contains(wrong), lines.get(0));
          assertFalse(lines.get(0).contains(new String(ControlStreamerServer.SECRET, StandardCharsets.US_ASCII)));
          ctx.completeNow();
        })));
  }

  @Test
  void aStreamerThatIsDownIs503(Vertx vertx, VertxTestContext ctx) {
    vertx.createHttpServer().requestHandler(r -> r.response().end()).listen(0, "127.0.0.1")
        .compose(s -> s.close().map(v -> s.actualPort()))
        .compose(port -> new HttpStreamer(vertx, "http://127.0.0.1:" + port, ControlStreamerServer.SECRET, TIMEOUT)
            .describe(remote.file.id()))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          StreamerException e = assertInstanceOf(StreamerException.class, err);
          assertEquals(StreamerService.UNAVAILABLE, e.code());
          assertTrue(e.getMessage().contains("is unreachable"), e.getMessage());
          ctx.completeNow();
        })));
  }

  /** A server that is not a streamer: {@code status}, {@code type} and {@code body} for every request. */
  private static Future<HttpServer> impostor(Vertx vertx, int status, String type, String body) {
    return vertx.createHttpServer()
        .requestHandler(r -> r.response().setStatusCode(status).putHeader("Content-Type", type).end(body))
        .listen(0, "127.0.0.1");
  }

  private static <T> void expectUnavailable(Vertx vertx, VertxTestContext ctx, int status, String type, String body,
      Function<HttpStreamer, Future<T>> call, String messagePart) {
    impostor(vertx, status, type, body)
        .compose(s -> call.apply(new HttpStreamer(vertx, "http://127.0.0.1:" + s.actualPort() + "/",
            ControlStreamerServer.SECRET, TIMEOUT)))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          StreamerException e = assertInstanceOf(StreamerException.class, err);
          assertEquals(StreamerService.UNAVAILABLE, e.code(), e.getMessage());
          assertTrue(e.getMessage().contains(messagePart), e.getMessage());
          ctx.completeNow();
        })));
  }

  @Test
  void aProxys404PageIsNotAMissingFile(Vertx vertx, VertxTestContext ctx) {
    expectUnavailable(vertx, ctx, 404, "text/html", "<h1>Not Found</h1>", s -> s.describe("abc"),
        "answered HTTP 404 without a control API problem body");
  }

  @Test
  void aControlCallTheStreamerLacksIsNotAMissingFile(Vertx vertx, VertxTestContext ctx) {
    // What a streamer of another version answers for a call it does not have (ControlProblems' own body).
    expectUnavailable(vertx, ctx, 404, "application/problem+json",
        "{\"status\":404,\"title\":\"Not Found\",\"detail\":\"no such control call\",\"reason\":\"NO_SUCH_CALL\"}",
        s -> s.describe("abc"), "has no such control call");
  }

  @Test
  void aProxys502PageIsNotASourceFailure(Vertx vertx, VertxTestContext ctx) {
    expectUnavailable(vertx, ctx, 502, "text/html", "Bad Gateway", s -> s.warm("abc"), "answered HTTP 502");
  }

  @Test
  void aProblemWhoseStatusDisagreesIsNotTrusted(Vertx vertx, VertxTestContext ctx) {
    expectUnavailable(vertx, ctx, 404, "application/problem+json", "{\"status\":503,\"detail\":\"x\"}",
        s -> s.describe("abc"), "without a control API problem body");
  }

  @Test
  void anyOtherStatusIs503(Vertx vertx, VertxTestContext ctx) {
    expectUnavailable(vertx, ctx, 500, "application/problem+json",
        "{\"status\":500,\"detail\":\"the streamer failed unexpectedly; see its log\"}", s -> s.stats(),
        "failed with HTTP 500: the streamer failed unexpectedly");
  }

  @Test
  void aMalformedFileIs503(Vertx vertx, VertxTestContext ctx) {
    expectUnavailable(vertx, ctx, 200, "application/json", "{\"id\":\"x\"}", s -> s.describe("x"),
        "sent a malformed answer");
  }

  @Test
  void aBodyThatIsNotJsonIs503(Vertx vertx, VertxTestContext ctx) {
    expectUnavailable(vertx, ctx, 200, "text/html", "<html>hello</html>", s -> s.stats(), "sent a malformed answer");
  }

  @Test
  void aLinkThatIsNotAStreamPathIs503(Vertx vertx, VertxTestContext ctx) {
    expectUnavailable(vertx, ctx, 200, "application/json", "{\"path\":\"https://evil.example/x\"}",
        s -> s.link("x", Disposition.INLINE, 60), "not a stream path");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "streamer:8080", "ftp://streamer", "http://", "https://streamer/prefix",
      "https://user:pw@streamer", "https://streamer/?x=1", "https://streamer/#top", "http://bad host"})
  void aBaseUrlThatIsNotAnOriginIsRefused(String url) {
    Vertx vertx = Vertx.vertx();
    try {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new HttpStreamer(vertx, url, ControlStreamerServer.SECRET, TIMEOUT));
      assertTrue(e.getMessage().startsWith("STREAMER_URL must be an http(s) origin"), e.getMessage());
    } finally {
      vertx.close();
    }
  }

  @Test
  void theBaseUrlLosesItsTrailingSlash(Vertx vertx) {
    assertEquals("https://streamer.example.com:8443",
        new HttpStreamer(vertx, "HTTPS://streamer.example.com:8443/", ControlStreamerServer.SECRET, TIMEOUT)
            .baseUrl());
  }
}
