package dev.tgstream.stream.http;

import dev.tgstream.stream.engine.EngineConfig;
import dev.tgstream.stream.engine.EngineStats;
import dev.tgstream.stream.link.Disposition;
import dev.tgstream.telegram.LocalCopies;
import dev.tgstream.telegram.LocalRegion;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.TelegramGateway;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Single ranges of library files go by sendfile, and what a client receives is byte for byte and header for header
 * what the engine's part reads answer for the same request: two streamers over one library folder, one with its
 * local regions hidden ({@link PartReadsOnly}), asked the same things. The path taken is read from the engine's
 * counters. Also: a file deleted or replaced between its describe and its send.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalFileSendTest {

  private static final int SIZE = 3 * 1024 * 1024 + 99;

  @TempDir
  static Path library;

  private Vertx vertx;
  private StreamServerFixture local;
  private StreamServerFixture engine;
  private StreamServerFixture changing;
  /** What {@link #changing}'s gateway does to the disk right after it described a file, once. */
  private volatile Consumer<MediaFile> afterDescribe = f -> { };
  private byte[] movie;
  private MediaFile movieFile;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    movie = StreamServerFixture.writeRandomFile(library, "movies", "movie.mp4", SIZE, 11);
    StreamServerFixture.writeRandomFile(library, "movies", "empty.webm", 0, 1);
    local = await(new StreamServerFixture(library).start(vertx, g -> g, EngineConfig.defaults()));
    engine = await(new StreamServerFixture(library).start(vertx, PartReadsOnly::new, EngineConfig.defaults()));
    changing = await(new StreamServerFixture(library).start(vertx, ChangesAfterDescribe::new, EngineConfig.defaults()));
    movieFile = await(local.file("movie.mp4"));
  }

  @AfterAll
  void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void sendfileAnswersExactlyWhatPartReadsAnswer() throws Exception {
    assertEquals(LocalCopies.ALL, local.gateway.localCopies());
    String etag = movieFile.etag();
    String lastModified = HttpDates.format(movieFile.date());
    long before = local.engine.stats().localFileSends();
    long fetchesBefore = local.engine.stats().fetches();
    List<Request> requests = List.of(
        new Request(HttpMethod.GET, Disposition.INLINE, "movie.mp4"),
        new Request(HttpMethod.GET, Disposition.ATTACHMENT, "movie.mp4"),
        new Request(HttpMethod.GET, Disposition.INLINE, "movie.mp4", "Range", "bytes=100-199"),
        new Request(HttpMethod.GET, Disposition.INLINE, "movie.mp4", "Range", "bytes=0-0"),
        new Request(HttpMethod.GET, Disposition.INLINE, "movie.mp4", "Range", "bytes=1048570-2097160"),
        new Request(HttpMethod.GET, Disposition.INLINE, "movie.mp4", "Range", "bytes=-500"),
        new Request(HttpMethod.GET, Disposition.INLINE, "movie.mp4", "Range", "bytes=" + (SIZE - 70_000) + "-"),
        new Request(HttpMethod.GET, Disposition.INLINE, "movie.mp4", "Range", "bytes=0-"),
        new Request(HttpMethod.GET, Disposition.INLINE, "movie.mp4", "Range", "bytes=5-9", "If-Range", etag),
        new Request(HttpMethod.GET, Disposition.INLINE, "movie.mp4", "Range", "bytes=5-9", "If-Range", lastModified),
        new Request(HttpMethod.GET, Disposition.INLINE, "movie.mp4", "Range", "bytes=5-9", "If-Range", "\"stale\""),
        new Request(HttpMethod.GET, Disposition.INLINE, "movie.mp4", "Range", "bytes=10-19", "If-Match", etag),
        new Request(HttpMethod.HEAD, Disposition.INLINE, "movie.mp4"),
        new Request(HttpMethod.HEAD, Disposition.INLINE, "movie.mp4", "Range", "bytes=100-199"),
        new Request(HttpMethod.GET, Disposition.INLINE, "movie.mp4", "Range", "bytes=" + SIZE + "-"),
        new Request(HttpMethod.GET, Disposition.INLINE, "movie.mp4", "If-None-Match", etag),
        new Request(HttpMethod.GET, Disposition.INLINE, "movie.mp4", "If-Match", "\"other\""),
        new Request(HttpMethod.GET, Disposition.INLINE, "movie.mp4", "If-Unmodified-Since",
            HttpDates.format(Instant.EPOCH)),
        new Request(HttpMethod.GET, Disposition.INLINE, "empty.webm"));
    int sendfiles = 0;
    for (Request r : requests) {
      HttpResponse<Buffer> viaSendfile = await(r.send(local, client(local)));
      HttpResponse<Buffer> viaParts = await(r.send(engine, client(engine)));
      assertEquals(viaParts.statusCode(), viaSendfile.statusCode(), r.toString());
      assertEquals(headers(viaParts.headers()), headers(viaSendfile.headers()), r.toString());
      assertArrayEquals(bytes(viaParts), bytes(viaSendfile), r.toString());
      int status = viaSendfile.statusCode();
      if (r.method == HttpMethod.GET && (status == 200 || status == 206) && bytes(viaSendfile).length > 0) {
        sendfiles++;
      }
    }
    // The expected bodies themselves, for a few: both paths could not agree on wrong bytes unnoticed.
    assertArrayEquals(movie, bytes(await(requests.get(0).send(local, client(local)))));
    assertArrayEquals(java.util.Arrays.copyOfRange(movie, SIZE - 500, SIZE),
        bytes(await(requests.get(5).send(local, client(local)))));
    sendfiles += 2;

    EngineStats sent = local.engine.stats();
    assertEquals(sendfiles, sent.localFileSends() - before, "every non-empty 200/206 GET went by sendfile");
    assertEquals(fetchesBefore, sent.fetches(), "no part read at all for the sendfile streamer");
    assertEquals(0, engine.engine.stats().localFileSends(), "the other streamer read parts");
    assertTrue(engine.engine.stats().fetches() > 0);
  }

  @Test
  void overHttp2TheBytesComeThroughTheEngineExactly() throws Exception {
    // Java's HttpClient upgrades plain http to h2c; Vert.x's file send does not serve HTTP/2 streams.
    WebClient h2 = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(local.port()).setProtocolVersion(io.vertx.core.http.HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false));
    long sendsBefore = local.engine.stats().localFileSends();
    for (String range : List.of("bytes=0-99999", "bytes=" + (SIZE - 1234) + "-")) {
      HttpResponse<Buffer> r = await(new Request(HttpMethod.GET, Disposition.INLINE, "movie.mp4", "Range", range)
          .send(local, h2));
      assertEquals(io.vertx.core.http.HttpVersion.HTTP_2, r.version(), range);
      assertEquals(206, r.statusCode(), range);
      long first = Long.parseLong(range.substring(6, range.indexOf('-')));
      long last = range.endsWith("-") ? SIZE - 1 : Long.parseLong(range.substring(range.indexOf('-') + 1));
      assertArrayEquals(java.util.Arrays.copyOfRange(movie, (int) first, (int) last + 1), bytes(r), range);
    }
    HttpResponse<Buffer> whole = await(new Request(HttpMethod.GET, Disposition.INLINE, "movie.mp4").send(local, h2));
    assertEquals(200, whole.statusCode());
    assertArrayEquals(movie, bytes(whole));
    assertEquals(sendsBefore, local.engine.stats().localFileSends(), "no sendfile on HTTP/2");
    h2.close();
  }

  @Test
  void aClientThatLeavesMidSendLeavesNoOpenFileBehind() throws Exception {
    StreamServerFixture.writeRandomFile(library, "movies", "long.mp4", 48 * 1024 * 1024, 9);
    MediaFile file = await(local.file("long.mp4"));
    Path onDisk = library.resolve("movies/long.mp4").toRealPath();
    io.vertx.core.http.HttpClient raw = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(local.port()));
    io.vertx.core.Promise<Void> left = io.vertx.core.Promise.promise();
    raw.request(HttpMethod.GET, local.path(file, Disposition.INLINE)).compose(req -> req.send()).onSuccess(res -> {
      assertEquals(200, res.statusCode());
      res.handler(chunk -> {
        // The first bytes arrived while the kernel still has most of the file to send: walk away.
        res.handler(null);
        res.request().connection().close().onComplete(left);
      });
    }).onFailure(left::tryFail);
    await(left.future());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (openDescriptorsOf(onDisk) > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(0, openDescriptorsOf(onDisk), "the region of a send the client broke off stays open");
    // And the streamer goes on serving.
    HttpResponse<Buffer> after = await(new Request(HttpMethod.GET, Disposition.INLINE, "long.mp4", "Range",
        "bytes=0-99").send(local, client(local)));
    assertEquals(206, after.statusCode());
    assertEquals(100, after.body().length());
  }

  /** This JVM's open descriptors of {@code file} (Linux: the links in /proc/self/fd). */
  private static long openDescriptorsOf(Path file) throws IOException {
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).equals(file);
        } catch (IOException e) {
          return false; // closed while listing
        }
      }).count();
    }
  }

  @Test
  void servedBytesCountSendfileResponses() throws Exception {
    EngineStats before = local.engine.stats();
    HttpResponse<Buffer> res = await(new Request(HttpMethod.GET, Disposition.INLINE, "movie.mp4", "Range",
        "bytes=1000-2999").send(local, client(local)));
    assertEquals(206, res.statusCode());
    EngineStats after = local.engine.stats();
    assertEquals(2000, after.bytesServed() - before.bytesServed());
    assertEquals(2000, after.localFileBytes() - before.localFileBytes());
    assertEquals(1, after.localFileSends() - before.localFileSends());
  }

  @Test
  void multipleRangesStayOnTheEngine() throws Exception {
    long before = local.engine.stats().localFileSends();
    HttpResponse<Buffer> res = await(new Request(HttpMethod.GET, Disposition.INLINE, "movie.mp4", "Range",
        "bytes=0-9,2000000-2000009").send(local, client(local)));
    assertEquals(206, res.statusCode());
    assertTrue(res.getHeader("Content-Type").startsWith("multipart/byteranges; boundary="));
    String type = res.getHeader("Content-Type");
    List<byte[]> parts = MultipartParser.parts(bytes(res), type.substring(type.indexOf('=') + 1));
    assertArrayEquals(java.util.Arrays.copyOfRange(movie, 2_000_000, 2_000_010), parts.get(1));
    assertEquals(before, local.engine.stats().localFileSends());
  }

  @Test
  void aFileDeletedBetweenDescribeAndSendAnswers404() throws Exception {
    StreamServerFixture.writeRandomFile(library, "movies", "gone.mp4", 200_000, 5);
    MediaFile gone = await(changing.file("gone.mp4"));
    afterDescribe = f -> {
      if (f.id().equals(gone.id())) {
        StreamServerFixture.delete(library.resolve("movies/gone.mp4"));
      }
    };
    HttpResponse<Buffer> res = await(client(changing).get(changing.path(gone, Disposition.INLINE)).send());
    assertEquals(404, res.statusCode(), res.bodyAsString());
    assertEquals("application/json", res.getHeader("Content-Type"));
    assertNull(res.getHeader("ETag"), "no validator of the file that was");
    assertNull(res.getHeader("Content-Disposition"));
    assertNull(res.getHeader("Accept-Ranges"));
    assertNull(res.getHeader("Cache-Control"));
    assertEquals("nosniff", res.getHeader("X-Content-Type-Options"));
    assertEquals("*", res.getHeader("Access-Control-Allow-Origin"));
  }

  @Test
  void aFileReplacedBetweenDescribeAndSendIsNotSentUnderTheOldDescription() throws Exception {
    StreamServerFixture.writeRandomFile(library, "movies", "swapped.mp4", 300_000, 6);
    MediaFile swapped = await(changing.file("swapped.mp4"));
    byte[] fresh = new byte[300_000];
    new Random(7).nextBytes(fresh);
    afterDescribe = f -> {
      if (f.id().equals(swapped.id())) {
        StreamServerFixture.replace(library.resolve("movies/swapped.mp4"), fresh);
      }
    };
    long before = changing.engine.stats().localFileSends();
    HttpResponse<Buffer> res = await(client(changing).get(changing.path(swapped, Disposition.INLINE)).send());
    // The region is refused (another file is there now): part reads answer, as they always did.
    assertEquals(before, changing.engine.stats().localFileSends(), "sent the new file under the old description");
    assertEquals(200, res.statusCode());
    assertArrayEquals(fresh, bytes(res));
  }

  @Test
  void theRegionOfAStaleDescriptionIsRefusedAndOfADeletedFileNotFound() throws Exception {
    StreamServerFixture.writeRandomFile(library, "movies", "stale.mp4", 10_000, 8);
    MediaFile stale = await(local.file("stale.mp4"));
    Optional<LocalRegion> region = await(local.gateway.localRegion(stale));
    assertTrue(region.isPresent());
    region.get().close();
    // The file just sent stays open for the next range (the library's open-file cache) until the watcher announces a
    // change of it: from then on the stale description gets nothing, whatever is kept.
    Future<Void> replaced = changeOf(local.gateway, stale.id());
    StreamServerFixture.replace(library.resolve("movies/stale.mp4"), new byte[10_000]);
    await(replaced);
    assertTrue(await(local.gateway.localRegion(stale)).isEmpty(), "a region for another file than described");
    Future<Void> gone = changeOf(local.gateway, stale.id());
    StreamServerFixture.delete(library.resolve("movies/stale.mp4"));
    await(gone);
    Future<Optional<LocalRegion>> deleted = local.gateway.localRegion(stale);
    deleted.toCompletionStage().toCompletableFuture().handle((r, e) -> null).get(10, TimeUnit.SECONDS);
    assertEquals(dev.tgstream.telegram.GatewayException.Kind.NOT_FOUND,
        dev.tgstream.telegram.GatewayException.kindOf(deleted.cause()));
  }

  /** Completes when {@code gateway} next announces a change that concerns {@code fileId}. */
  private static Future<Void> changeOf(TelegramGateway gateway, String fileId) {
    io.vertx.core.Promise<Void> seen = io.vertx.core.Promise.promise();
    gateway.onChange(change -> {
      if (change.affects(fileId)) {
        seen.tryComplete();
      }
    });
    return seen.future();
  }

  private record Request(HttpMethod method, Disposition disposition, String name, String... headers) {
    Future<HttpResponse<Buffer>> send(StreamServerFixture server, WebClient client) {
      return server.file(name).compose(file -> {
        var req = client.request(method, server.path(file, disposition));
        for (int i = 0; i < headers.length; i += 2) {
          req.putHeader(headers[i], headers[i + 1]);
        }
        return req.send();
      });
    }

    @Override
    public String toString() {
      return method + " " + name + " " + disposition + " " + String.join(" ", headers);
    }
  }

  private final java.util.Map<StreamServerFixture, WebClient> clients = new java.util.concurrent.ConcurrentHashMap<>();

  private WebClient client(StreamServerFixture server) {
    return clients.computeIfAbsent(server, s -> WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(s.port()).setKeepAlive(true)));
  }

  /** Every header, names lower-cased, in a stable order. */
  private static TreeMap<String, List<String>> headers(MultiMap headers) {
    TreeMap<String, List<String>> all = new TreeMap<>();
    headers.forEach(e -> all.computeIfAbsent(e.getKey().toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>())
        .add(e.getValue()));
    return all;
  }

  private static byte[] bytes(HttpResponse<Buffer> res) {
    return res.body() == null ? new byte[0] : res.body().getBytes();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }


  /** The library gateway with its regions, which changes the disk right after a describe, as a race would. */
  private final class ChangesAfterDescribe extends PartReadsOnly {
    private final TelegramGateway delegate;

    ChangesAfterDescribe(TelegramGateway delegate) {
      super(delegate);
      this.delegate = delegate;
    }

    @Override
    public Future<MediaFile> file(String fileId) {
      return delegate.file(fileId).map(f -> {
        Consumer<MediaFile> change = afterDescribe;
        afterDescribe = x -> { };
        change.accept(f);
        return f;
      });
    }

    @Override
    public LocalCopies localCopies() {
      return delegate.localCopies();
    }

    @Override
    public Future<Optional<LocalRegion>> localRegion(MediaFile file) {
      return delegate.localRegion(file);
    }
  }
}
