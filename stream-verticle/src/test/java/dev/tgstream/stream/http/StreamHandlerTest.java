package dev.tgstream.stream.http;

import dev.tgstream.stream.engine.EngineConfig;
import dev.tgstream.stream.link.Disposition;
import dev.tgstream.stream.link.LinkSigner;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.TelegramGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /stream over loopback against a real library folder: every status and header of SPEC "Streaming semantics". Single
 * ranges go by sendfile from the library file here; {@link StreamHandlerEnginePathTest} runs the same through part
 * reads.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamHandlerTest {

  static final int BIG = 64 * 1024 * 1024;
  static final int SHRINKING = 40 * 1024 * 1024;

  @TempDir
  static Path library;

  Vertx vertx;
  StreamServerFixture fixture;
  WebClient client;
  byte[] big;
  MediaFile bigFile;

  @BeforeAll
  void startServer() throws Exception {
    vertx = Vertx.vertx();
    big = StreamServerFixture.writeRandomFile(library, "movies", "big movie ü.mp4", BIG, 42);
    StreamServerFixture.writeRandomFile(library, "movies", "empty.webm", 0, 1);
    StreamServerFixture.writeRandomFile(library, "movies", "shrinks.mkv", SHRINKING, 3);
    Path docs = java.nio.file.Files.createDirectories(library.resolve("docs"));
    java.nio.file.Files.writeString(docs.resolve("page.html"), "<script>parent.stolen = document.cookie</script>");
    java.nio.file.Files.writeString(docs.resolve("drawing.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>");
    fixture = new StreamServerFixture(library);
    fixture.start(vertx, wrap(), EngineConfig.defaults()).toCompletionStage().toCompletableFuture().get();
    bigFile = fixture.file("big movie ü.mp4").toCompletionStage().toCompletableFuture().get();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(fixture.port())
        .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(8));
  }

  /** What stands between the library and the handler: nothing here, so single ranges go by sendfile. */
  UnaryOperator<TelegramGateway> wrap() {
    return UnaryOperator.identity();
  }

  /** The counter of the sendfile path, not a mock: single ranges of the library's files went that way. */
  @AfterAll
  void responsesWentTheExpectedWay() {
    assertTrue(fixture.engine.stats().localFileSends() > 0, "no response went by sendfile");
  }

  @AfterAll
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  private String bigPath() {
    return fixture.path(bigFile, Disposition.INLINE);
  }

  private Future<HttpResponse<Buffer>> get(String path, String... headers) {
    return send(HttpMethod.GET, path, headers);
  }

  private Future<HttpResponse<Buffer>> send(HttpMethod method, String path, String... headers) {
    var req = client.request(method, path);
    for (int i = 0; i < headers.length; i += 2) {
      req.putHeader(headers[i], headers[i + 1]);
    }
    return req.send();
  }

  static String sha256(byte[] b, int from, int to) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(b, from, to - from);
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(Buffer b) {
    byte[] bytes = b == null ? new byte[0] : b.getBytes();
    return sha256(bytes, 0, bytes.length);
  }

  @Test
  void threeHundredRandomRangesMatchTheFileByteForByte(VertxTestContext ctx) {
    Random random = new Random(7);
    List<long[][]> requests = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      int count = i % 5 == 4 ? 2 + random.nextInt(3) : 1;
      long[][] ranges = new long[count][];
      long cursor = random.nextInt(BIG / 2);
      for (int r = 0; r < count; r++) {
        long first = count == 1 ? random.nextInt(BIG) : cursor;
        long len = 1 + random.nextInt(i % 3 == 0 ? 3 * 1024 * 1024 : 64 * 1024);
        long last = Math.min(BIG - 1, first + len - 1);
        ranges[r] = new long[]{first, last};
        cursor = last + 1 + random.nextInt(4096);
        if (cursor >= BIG - 2) {
          ranges = Arrays.copyOf(ranges, r + 1);
          break;
        }
      }
      requests.add(ranges);
    }
    String path = bigPath();
    Future<Void> all = Future.succeededFuture();
    // Eight requests in flight at a time, like a download manager.
    List<Future<Void>> lanes = new ArrayList<>();
    for (int lane = 0; lane < 8; lane++) {
      Future<Void> chain = Future.succeededFuture();
      for (int i = lane; i < requests.size(); i += 8) {
        long[][] ranges = requests.get(i);
        chain = chain.compose(v -> checkRanges(path, ranges));
      }
      lanes.add(chain);
    }
    all = Future.all(lanes).mapEmpty();
    all.onComplete(ctx.succeedingThenComplete());
  }

  private Future<Void> checkRanges(String path, long[][] ranges) {
    StringBuilder header = new StringBuilder("bytes=");
    for (int i = 0; i < ranges.length; i++) {
      header.append(i == 0 ? "" : ",").append(ranges[i][0]).append('-').append(ranges[i][1]);
    }
    return get(path, "Range", header.toString()).map(res -> {
      assertEquals(206, res.statusCode(), header::toString);
      if (ranges.length == 1) {
        long first = ranges[0][0];
        long last = ranges[0][1];
        assertEquals("bytes " + first + "-" + last + "/" + BIG, res.getHeader("Content-Range"));
        assertEquals(sha256(big, (int) first, (int) last + 1), sha256(res.body()), header::toString);
      } else {
        String type = res.getHeader("Content-Type");
        assertTrue(type.startsWith("multipart/byteranges; boundary="), type);
        String boundary = type.substring(type.indexOf('=') + 1);
        List<byte[]> parts = MultipartParser.parts(res.body().getBytes(), boundary);
        assertEquals(ranges.length, parts.size());
        for (int i = 0; i < ranges.length; i++) {
          assertArrayEquals(Arrays.copyOfRange(big, (int) ranges[i][0], (int) ranges[i][1] + 1), parts.get(i), header::toString);
        }
        assertEquals(Long.parseLong(res.getHeader("Content-Length")), res.body().length());
      }
      return null;
    });
  }

  @Test
  void fullGetHasEveryHeaderAndTheWholeFile(VertxTestContext ctx) {
    get(bigPath()).onComplete(ctx.succeeding(res -> ctx.verify(() -> {
      assertEquals(200, res.statusCode());
      assertEquals("bytes", res.getHeader("Accept-Ranges"));
      assertEquals(Integer.toString(BIG), res.getHeader("Content-Length"));
      assertEquals("video/mp4", res.getHeader("Content-Type"));
      assertEquals(bigFile.etag(), res.getHeader("ETag"));
      assertTrue(res.getHeader("ETag").matches("\"[^\"]+\""), "strong etag");
      assertNotNull(res.getHeader("Last-Modified"));
      assertEquals("inline; filename=\"big movie _.mp4\"; filename*=UTF-8''big%20movie%20%C3%BC.mp4",
          res.getHeader("Content-Disposition"));
      assertEquals("*", res.getHeader("Access-Control-Allow-Origin"));
      assertTrue(res.getHeader("Access-Control-Expose-Headers").contains("Content-Range"));
      assertEquals(sha256(big, 0, BIG), sha256(res.body()));
      ctx.completeNow();
    })));
  }

  @Test
  void headMirrorsGetWithoutBody(VertxTestContext ctx) {
    Future<HttpResponse<Buffer>> head = send(HttpMethod.HEAD, bigPath(), "Range", "bytes=100-199");
    Future<HttpResponse<Buffer>> whole = send(HttpMethod.HEAD, bigPath());
    Future.all(head, whole).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertEquals(206, head.result().statusCode());
      assertEquals("100", head.result().getHeader("Content-Length"));
      assertEquals("bytes 100-199/" + BIG, head.result().getHeader("Content-Range"));
      assertNull(head.result().body());
      assertEquals(200, whole.result().statusCode());
      assertEquals(Integer.toString(BIG), whole.result().getHeader("Content-Length"));
      assertEquals("bytes", whole.result().getHeader("Accept-Ranges"));
      assertNull(whole.result().body());
      ctx.completeNow();
    })));
  }

  @Test
  void safariProbeGetsExactlyTwoBytes(VertxTestContext ctx) {
    get(bigPath(), "Range", "bytes=0-1").onComplete(ctx.succeeding(res -> ctx.verify(() -> {
      assertEquals(206, res.statusCode());
      assertEquals(2, res.body().length());
      assertEquals("bytes 0-1/" + BIG, res.getHeader("Content-Range"));
      assertArrayEquals(Arrays.copyOf(big, 2), res.body().getBytes());
      ctx.completeNow();
    })));
  }

  @Test
  void suffixAndOpenRanges(VertxTestContext ctx) {
    Future<HttpResponse<Buffer>> suffix = get(bigPath(), "Range", "bytes=-500");
    Future<HttpResponse<Buffer>> open = get(bigPath(), "Range", "bytes=" + (BIG - 1000) + "-");
    Future<HttpResponse<Buffer>> clamped = get(bigPath(), "Range", "bytes=" + (BIG - 10) + "-" + (BIG + 5000));
    Future.all(suffix, open, clamped).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertEquals(sha256(big, BIG - 500, BIG), sha256(suffix.result().body()));
      assertEquals("bytes " + (BIG - 500) + "-" + (BIG - 1) + "/" + BIG, suffix.result().getHeader("Content-Range"));
      assertEquals(sha256(big, BIG - 1000, BIG), sha256(open.result().body()));
      assertEquals("bytes " + (BIG - 10) + "-" + (BIG - 1) + "/" + BIG, clamped.result().getHeader("Content-Range"));
      assertEquals(10, clamped.result().body().length());
      ctx.completeNow();
    })));
  }

  @Test
  void unsatisfiableMalformedAndForeignUnits(VertxTestContext ctx) {
    Future<HttpResponse<Buffer>> past = get(bigPath(), "Range", "bytes=" + BIG + "-");
    Future<HttpResponse<Buffer>> malformed = get(bigPath(), "Range", "bytes=abc");
    Future<HttpResponse<Buffer>> foreign = send(HttpMethod.HEAD, bigPath(), "Range", "items=0-5");
    Future<HttpResponse<Buffer>> emptyFile = fixture.file("empty.webm")
        .compose(f -> get(fixture.path(f, Disposition.INLINE), "Range", "bytes=0-"));
    Future<HttpResponse<Buffer>> emptyFull = fixture.file("empty.webm").compose(f -> get(fixture.path(f, Disposition.INLINE)));
    Future.all(List.of(past, malformed, foreign, emptyFile, emptyFull)).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertEquals(416, past.result().statusCode());
      assertEquals("bytes */" + BIG, past.result().getHeader("Content-Range"));
      assertEquals(416, malformed.result().statusCode());
      assertEquals("bytes */" + BIG, malformed.result().getHeader("Content-Range"));
      assertEquals(200, foreign.result().statusCode());
      assertEquals(416, emptyFile.result().statusCode());
      assertEquals("bytes */0", emptyFile.result().getHeader("Content-Range"));
      assertEquals(200, emptyFull.result().statusCode());
      assertEquals("0", emptyFull.result().getHeader("Content-Length"));
      assertEquals("video/webm", emptyFull.result().getHeader("Content-Type"));
      ctx.completeNow();
    })));
  }

  @Test
  void tooManyOrOverlappingRangesGetTheWholeFile(VertxTestContext ctx) {
    StringBuilder many = new StringBuilder("bytes=");
    for (int i = 0; i < 17; i++) {
      many.append(i == 0 ? "" : ",").append(i * 100).append('-').append(i * 100 + 9);
    }
    Future<HttpResponse<Buffer>> tooMany = send(HttpMethod.HEAD, bigPath(), "Range", many.toString());
    Future<HttpResponse<Buffer>> overlap = send(HttpMethod.HEAD, bigPath(), "Range", "bytes=0-100,50-150");
    Future.all(tooMany, overlap).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertEquals(200, tooMany.result().statusCode());
      assertEquals(200, overlap.result().statusCode());
      assertEquals(Integer.toString(BIG), overlap.result().getHeader("Content-Length"));
      ctx.completeNow();
    })));
  }

  @Test
  void preconditionsInRfcOrder(VertxTestContext ctx) {
    String etag = bigFile.etag();
    String lastModified = HttpDates.format(bigFile.date());
    String later = HttpDates.format(Instant.now().plusSeconds(3600));
    Future<HttpResponse<Buffer>> ifMatchBad = get(bigPath(), "If-Match", "\"other\"", "Range", "bytes=0-9");
    Future<HttpResponse<Buffer>> ifMatchOk = get(bigPath(), "If-Match", etag, "Range", "bytes=0-9");
    Future<HttpResponse<Buffer>> ifNoneMatch = get(bigPath(), "If-None-Match", etag);
    Future<HttpResponse<Buffer>> ifModifiedSince = get(bigPath(), "If-Modified-Since", later);
    Future<HttpResponse<Buffer>> ifRangeOk = get(bigPath(), "If-Range", etag, "Range", "bytes=5-9");
    Future<HttpResponse<Buffer>> ifRangeStale = send(HttpMethod.HEAD, bigPath(), "If-Range", "\"stale\"", "Range", "bytes=5-9");
    Future<HttpResponse<Buffer>> ifRangeDate = get(bigPath(), "If-Range", lastModified, "Range", "bytes=5-9");
    Future.all(List.of(ifMatchBad, ifMatchOk, ifNoneMatch, ifModifiedSince, ifRangeOk, ifRangeStale, ifRangeDate))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertEquals(412, ifMatchBad.result().statusCode());
          assertEquals(206, ifMatchOk.result().statusCode());
          assertEquals(304, ifNoneMatch.result().statusCode());
          assertEquals(etag, ifNoneMatch.result().getHeader("ETag"));
          assertNull(ifNoneMatch.result().body());
          assertEquals(304, ifModifiedSince.result().statusCode());
          assertEquals(206, ifRangeOk.result().statusCode());
          assertEquals(200, ifRangeStale.result().statusCode());
          assertEquals(206, ifRangeDate.result().statusCode());
          assertEquals(sha256(big, 5, 10), sha256(ifRangeDate.result().body()));
          ctx.completeNow();
        })));
  }

  @Test
  void attachmentDispositionAndPreflight(VertxTestContext ctx) {
    Future<HttpResponse<Buffer>> attachment = send(HttpMethod.HEAD, fixture.path(bigFile, Disposition.ATTACHMENT));
    Future<HttpResponse<Buffer>> preflight = send(HttpMethod.OPTIONS, bigPath(), "Origin", "https://elsewhere.example",
        "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "range");
    Future.all(attachment, preflight).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertTrue(attachment.result().getHeader("Content-Disposition").startsWith("attachment; "));
      assertEquals(204, preflight.result().statusCode());
      assertEquals("*", preflight.result().getHeader("Access-Control-Allow-Origin"));
      assertTrue(preflight.result().getHeader("Access-Control-Allow-Headers").contains("Range"));
      assertTrue(preflight.result().getHeader("Access-Control-Allow-Methods").contains("GET"));
      ctx.completeNow();
    })));
  }

  @Test
  void documentsThatCouldRunScriptAreAttachmentsInASandbox(VertxTestContext ctx) {
    Future<MediaFile> html = fixture.file("page.html");
    Future<MediaFile> svg = fixture.file("drawing.svg");
    Future.all(html, svg).compose(v -> Future.all(
            get(fixture.path(html.result(), Disposition.INLINE)),
            get(fixture.path(svg.result(), Disposition.INLINE)),
            get(bigPath(), "Range", "bytes=0-9"),
            get("/stream/not-a-token/x.html")))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          HttpResponse<Buffer> page = all.resultAt(0);
          HttpResponse<Buffer> drawing = all.resultAt(1);
          HttpResponse<Buffer> video = all.resultAt(2);
          HttpResponse<Buffer> forbidden = all.resultAt(3);
          assertEquals(200, page.statusCode());
          assertEquals("text/html", page.getHeader("Content-Type"));
          assertTrue(page.getHeader("Content-Disposition").startsWith("attachment; "), "html is a download");
          assertTrue(drawing.getHeader("Content-Disposition").startsWith("attachment; "), "svg is a download");
          assertTrue(video.getHeader("Content-Disposition").startsWith("inline; "), "video plays in place");
          for (HttpResponse<Buffer> res : List.of(page, drawing, video, forbidden)) {
            assertEquals("nosniff", res.getHeader("X-Content-Type-Options"));
            assertEquals("sandbox", res.getHeader("Content-Security-Policy"));
          }
          assertEquals(403, forbidden.statusCode());
          ctx.completeNow();
        })));
  }

  @Test
  void badTokensGet403JsonAndUnknownPaths404(VertxTestContext ctx) {
    String token = fixture.signer.sign(bigFile.id(), 3600, Disposition.INLINE);
    String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
    String otherFile = fixture.signer.sign("b3RoZXI", 3600, Disposition.INLINE).split("\\.")[3];
    String swapped = bigFile.id() + "." + token.split("\\.")[1] + ".i." + otherFile;
    LinkSigner past = new LinkSigner(StreamServerFixture.SECRET, Clock.offset(Clock.systemUTC(), java.time.Duration.ofHours(-2)));
    String expired = past.sign(bigFile.id(), 60, Disposition.INLINE);
    LinkSigner foreignKey = new LinkSigner("another-secret-of-32-characters!".getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
    String foreign = foreignKey.sign(bigFile.id(), 3600, Disposition.INLINE);
    String traversal = fixture.signer.sign(java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("../../etc/passwd".getBytes(StandardCharsets.UTF_8)), 3600, Disposition.INLINE);
    List<Future<HttpResponse<Buffer>>> forbidden = List.of(
        get("/stream/" + tampered + "/x.mp4"), get("/stream/" + swapped + "/x.mp4"), get("/stream/" + expired + "/x.mp4"),
        get("/stream/" + foreign + "/x.mp4"), get("/stream/not-a-token/x.mp4"), get("/stream/a.b.c.d.e/x"),
        get("/stream/" + "A".repeat(2000) + "/x"));
    Future<HttpResponse<Buffer>> traversed = get("/stream/" + traversal + "/passwd");
    Future<HttpResponse<Buffer>> dotdot = get("/stream/../../etc/passwd");
    Future<HttpResponse<Buffer>> unknown = get("/nothing-here");
    List<Future<?>> all = new ArrayList<>(forbidden);
    all.addAll(List.of(traversed, dotdot, unknown));
    Future.all(all).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      for (Future<HttpResponse<Buffer>> f : forbidden) {
        assertEquals(403, f.result().statusCode());
        assertTrue(f.result().getHeader("Content-Type").startsWith("application/json"));
        JsonObject body = f.result().bodyAsJsonObject();
        assertEquals(403, body.getInteger("status"));
        assertNotNull(body.getString("error"));
      }
      assertEquals(404, traversed.result().statusCode());
      assertEquals(404, dotdot.result().statusCode());
      assertEquals(404, unknown.result().statusCode());
      ctx.completeNow();
    })));
  }

  @Test
  void etagIsStableAcrossRestarts(VertxTestContext ctx) {
    StreamServerFixture second = new StreamServerFixture(library);
    second.start(vertx, UnaryOperator.identity(), EngineConfig.defaults())
        .compose(s -> s.file(bigFile.name()))
        .onComplete(ctx.succeeding(again -> ctx.verify(() -> {
          assertEquals(bigFile.etag(), again.etag());
          assertEquals(bigFile.id(), again.id());
          second.server.close();
          ctx.completeNow();
        })));
  }

  @Test
  void clientThatDisconnectsStopsItsReads(VertxTestContext ctx) {
    HttpClient raw = vertx.createHttpClient(new HttpClientOptions().setDefaultPort(fixture.port()).setDefaultHost("127.0.0.1"));
    raw.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(bigPath()))
        .compose(req -> req.send())
        .onComplete(ctx.succeeding(res -> {
          res.handler(chunk -> {
            // First bytes arrived: walk away mid-stream.
            res.handler(null);
            res.request().connection().close();
            waitForIdleEngine(ctx, System.nanoTime());
          });
        }));
  }

  @Test
  void readFailureMidStreamClosesTheConnectionInsteadOfEndingShort(VertxTestContext ctx) {
    HttpClient raw = vertx.createHttpClient(new HttpClientOptions().setDefaultPort(fixture.port()).setDefaultHost("127.0.0.1"));
    fixture.file("shrinks.mkv")
        .compose(file -> raw.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(fixture.path(file, Disposition.INLINE))))
        .compose(req -> req.send())
        .onComplete(ctx.succeeding(res -> {
          ctx.verify(() -> assertEquals(Integer.toString(SHRINKING), res.getHeader("Content-Length")));
          long[] received = {0};
          res.handler(chunk -> {
            if (received[0] == 0) {
              try (var channel = java.nio.channels.FileChannel.open(library.resolve("movies/shrinks.mkv"),
                  java.nio.file.StandardOpenOption.WRITE)) {
                channel.truncate(1024 * 1024);
              } catch (java.io.IOException e) {
                ctx.failNow(e);
              }
            }
            received[0] += chunk.length();
          });
          res.end().onComplete(ar -> ctx.verify(() -> {
            assertTrue(ar.failed(), "the response must not end normally after a failed read");
            assertTrue(received[0] < SHRINKING, "received " + received[0]);
            ctx.completeNow();
          }));
        }));
  }

  private void waitForIdleEngine(VertxTestContext ctx, long since) {
    vertx.setPeriodic(20, id -> {
      var stats = fixture.engine.stats();
      if (stats.partsInFlight() == 0 && stats.activeTransfers() == 0) {
        vertx.cancelTimer(id);
        ctx.verify(() -> assertTrue(System.nanoTime() - since < 3_000_000_000L, "engine idle within 3 s"));
        ctx.completeNow();
      }
    });
  }
}
