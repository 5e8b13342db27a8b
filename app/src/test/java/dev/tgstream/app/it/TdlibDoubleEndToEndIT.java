package dev.tgstream.app.it;

import dev.tgstream.telegram.tdlib.TdJsonDoubleProvider;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * END TO END ON THE TDLIB TEST DOUBLE (not Telegram, not TDLib): the whole jar in role all (UI + streamer) with the
 * TDLib backend switched on (TG_API_ID, TG_API_HASH, TG_SESSION_STRING, CHANNEL_IDS) and its JSON interface answered
 * by {@code TdJsonDouble} from the telegram module's test-jar ({@code -Dtgstream.tdjson.provider}, see
 * {@link TdJsonDoubleProvider}). The double serves a folder as the channel, downloads by TDLib's rules (one window per
 * file, a sparse file growing at the configured bandwidth after the configured latency, the path moving on completion)
 * with Telegram-like costs: 150 ms a request and a new window, 2 MiB/s per client.
 *
 * <p>Checked: the API browses the channel (channels, files, details with a streamUrl); headless Chromium plays a video
 * and seeks to 80 %; two readers on one file at different offsets both get their exact bytes, and neither waits for
 * the other to finish; aria2c -x8 downloads a file with its sha256.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TdlibDoubleEndToEndIT {

  static final long CHAT_ID = -1001234567890L;
  /** The channel id the API gives a TDLib chat (see TdlibIds). */
  static final String CHANNEL = "c" + (-CHAT_ID);
  static final String TITLE = "Double Movies";
  static final String PHONE = "+15550001111";
  static final String VIDEO = "orbit-seek-sample.mp4";
  static final String PAIR = "two-players.bin";
  static final String ARIA = "aria2c-segments.bin";
  static final long LATENCY_MS = 150;
  static final long KIBPS = 2048;

  private final TestUser user = new TestUser("double-viewer", "D0uble-e2e-pass", "viewer");
  private final Path out = Fixtures.dir().resolveSibling("e2e-tdlib-double");
  private WebVideos.Video video;
  private Fixtures.Fixture pair;
  private Fixtures.Fixture aria;
  private ServerProcess server;
  private ApiSession api;

  @BeforeAll
  void start() throws IOException {
    Tools.require("aria2c");
    // 30 s at a constant 4 Mbit/s (as BrowserEndToEndIT: shared fixture), far more than Chromium buffers after play.
    video = WebVideos.video("web-seek-30s-4mbps.mp4", 30, 4000);
    pair = Fixtures.random("tdlib-double-pair-32m.bin", 32L * Fixtures.MIB, 3232);
    aria = Fixtures.random("tdlib-double-aria-8m.bin", 8L * Fixtures.MIB, 808);
    Path folder = Files.createDirectories(out.resolve("channel"));
    link(folder, VIDEO, video.file().path());
    link(folder, PAIR, pair.path());
    link(folder, ARIA, aria.path());

    TdJsonDoubleProvider.Config config = new TdJsonDoubleProvider.Config()
        .channel(CHAT_ID, "double_movies", TITLE, folder)
        .user(PHONE, "24680", null)
        .latencyMs(LATENCY_MS)
        .bandwidthKibps(KIBPS);
    ServerProcess.Builder b = ServerProcess.builder("tdlib-double")
        .classpath(testJar())
        .env("UI_USERS", user.uiUsers())
        .env("TG_API_ID", Integer.toString(TdJsonDoubleProvider.API_ID))
        .env("TG_API_HASH", TdJsonDoubleProvider.API_HASH)
        .env("TG_SESSION_STRING", TdJsonDoubleProvider.userSession(PHONE))
        .env("CHANNEL_IDS", Long.toString(CHAT_ID));
    config.jvmArgs().forEach(b::jvmArg);
    server = b.start();
    assertTrue(server.awaitLine(l -> l.contains("NOT by libtdjson"), Duration.ofSeconds(10)),
        () -> "the server should say that the TDLib test double answers, not libtdjson\n" + server.tail(40));
    api = ApiSession.login(server, user);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Where TdJsonDoubleProvider was loaded from: the telegram test-jar (or its test-classes folder). */
  static Path testJar() {
    try {
      return Path.of(TdJsonDoubleProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code folder/name} as a hard link to {@code source} (a copy where links are not possible). */
  static void link(Path folder, String name, Path source) throws IOException {
    Path target = folder.resolve(name);
    Files.deleteIfExists(target);
    try {
      Files.createLink(target, source);
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(source, target);
    }
  }

  // ---- the seam stays shut in what ships

  @Test
  void theShippedJarHasNoDoubleAndThePropertyAloneCannotSwitchItOn() throws IOException {
    try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(ServerProcess.jar().toFile())) {
      List<String> test = jar.stream().map(java.util.zip.ZipEntry::getName)
          .filter(n -> n.startsWith("dev/tgstream/telegram/tdlib/TdJsonDouble") || n.contains("DoubleChannel"))
          .toList();
      assertEquals(List.of(), test, "test classes in the shipped jar");
    }
    // java -jar tgstream.jar with the property but without the test-jar: start fails, naming the property.
    Path data = Files.createDirectories(out.resolve("seam-data"));
    java.util.Map<String, String> env = new java.util.HashMap<>();
    env.put("TG_API_ID", Integer.toString(TdJsonDoubleProvider.API_ID));
    env.put("TG_API_HASH", TdJsonDoubleProvider.API_HASH);
    env.put("TG_SESSION_STRING", TdJsonDoubleProvider.userSession(PHONE));
    env.put("CHANNEL_IDS", Long.toString(CHAT_ID));
    env.put("DATA_DIR", data.toString());
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      env.put("PORT", Integer.toString(free.getLocalPort()));
    }
    env.put("JAVA_TOOL_OPTIONS", null);
    env.put("JDK_JAVA_OPTIONS", null);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Tools.Result r = Tools.run(Duration.ofMinutes(1), List.of(java,
        "-D" + dev.tgstream.telegram.tdlib.TdJsonProvider.PROPERTY + "=" + TdJsonDoubleProvider.class.getName(),
        "-jar", ServerProcess.jar().toString()), env, out);
    assertTrue(r.exit() != 0, () -> "start should fail\n" + r.describe());
    assertTrue((r.out() + r.stderr()).contains("tgstream.tdjson.provider") && (r.out() + r.stderr()).contains(
        "not on the class path"), () -> "the failure should name the property\n" + r.describe());
  }

  // ---- browsing

  @Test
  void browsesTheChannelServedByTheDouble() {
    JsonArray channels = new JsonObject(api.getOk("/api/channels")).getJsonArray("items");
    JsonObject channel = find(channels, "id", CHANNEL);
    assertEquals(TITLE, channel.getString("title"), channels::encodePrettily);
    assertEquals(3, channel.getInteger("count"), channels::encodePrettily);

    JsonArray files = new JsonObject(api.getOk("/api/channels/" + CHANNEL + "/files?sort=name")).getJsonArray("items");
    assertEquals(List.of(ARIA, VIDEO, PAIR), files.stream().map(o -> ((JsonObject) o).getString("name")).toList(),
        files::encodePrettily);
    JsonObject videoItem = find(files, "name", VIDEO);
    assertEquals("video", videoItem.getString("type"));
    assertEquals(video.file().size(), videoItem.getLong("size"));
    assertEquals("video/mp4", videoItem.getString("mime"));

    JsonArray videos = new JsonObject(api.getOk("/api/channels/" + CHANNEL + "/files?type=video")).getJsonArray("items");
    assertEquals(List.of(VIDEO), videos.stream().map(o -> ((JsonObject) o).getString("name")).toList());

    JsonObject details = details(VIDEO);
    assertEquals(VIDEO, details.getString("name"));
    assertEquals(video.file().size(), details.getLong("size"));
    String streamUrl = details.getString("streamUrl");
    assertNotNull(streamUrl, details::encodePrettily);
    // The stream URL serves the file's bytes: its first MiB, exactly.
    Ranged r = get(loopback(streamUrl), 0, Fixtures.MIB - 1);
    assertEquals(206, r.status);
    assertEquals(Tools.sha256(video.file().slice(0, Fixtures.MIB - 1)), r.sha256, "sha256 of bytes 0-1MiB");
  }

  // ---- two players on one file

  @Test
  void twoReadersOnOneFileBothGetTheirBytes() throws Exception {
    String url = loopback(details(PAIR).getString("streamUrl"));
    long size = pair.size();
    // A playhead at the start and another in the middle (far from it: a seek, not a continuation), 12 MiB each,
    // started together: more than one turn of the window (TdlibSettings' 8 MiB cap), so a reader served after the
    // other finished would show.
    long span = 12L * Fixtures.MIB;
    long aFirst = 0;
    long aLast = span - 1;
    long bFirst = size / 2 + 12345;
    long bLast = bFirst + span - 1;
    Progress a = new Progress();
    Progress b = new Progress();
    // A thread each (the common pool may have a single thread on a 2-core machine: the readers would take turns).
    ExecutorService threads = Executors.newFixedThreadPool(2);
    Ranged first;
    Ranged second;
    try {
      CompletableFuture<Ranged> ra = CompletableFuture.supplyAsync(() -> get(url, aFirst, aLast, a, b), threads);
      CompletableFuture<Ranged> rb = CompletableFuture.supplyAsync(() -> get(url, bFirst, bLast, b, a), threads);
      first = await(ra, "reader A");
      second = await(rb, "reader B");
    } finally {
      threads.shutdownNow();
    }
    assertEquals(206, first.status);
    assertEquals(206, second.status);
    assertEquals(Tools.sha256(pair.slice(aFirst, aLast)), first.sha256, "reader A's bytes " + aFirst + "-" + aLast);
    assertEquals(Tools.sha256(pair.slice(bFirst, bLast)), second.sha256, "reader B's bytes " + bFirst + "-" + bLast);
    // Neither starved: when one reader had all its bytes, the other had more than its first piece — at least a part
    // (1 MiB, the engine's part size) of its own. TDLib has one window per file; the gateway shares it between the two
    // playheads by turns (DownloadWindow), it does not serve one reader after the other.
    System.out.printf(Locale.ROOT, "two readers: when A finished B had %d bytes; when B finished A had %d bytes%n",
        a.otherAtEnd.get(), b.otherAtEnd.get());
    long atFirstEnd = Math.min(a.otherAtEnd.get() < 0 ? Long.MAX_VALUE : a.otherAtEnd.get(),
        b.otherAtEnd.get() < 0 ? Long.MAX_VALUE : b.otherAtEnd.get());
    assertTrue(atFirstEnd >= Fixtures.MIB, () -> "the other reader had only " + atFirstEnd + " of its "
        + span + " bytes when the first finished (A's other: " + a.otherAtEnd + ", B's other: "
        + b.otherAtEnd + ")");
  }

  // ---- aria2c

  @Test
  void aria2cWithEightConnectionsDownloadsTheFilesSha256() {
    String url = loopback(details(ARIA).getString("streamUrl"));
    String aria2c = Tools.require("aria2c");
    Path dir = server.scratch("aria2c");
    int mark = server.mark();
    Tools.Result r = Tools.run(Duration.ofMinutes(3), List.of(aria2c, "-x8", "-s8", "-k1M",
        "--file-allocation=none", "--allow-overwrite=true", "--auto-file-renaming=false", "--summary-interval=0",
        "--console-log-level=warn", "--connect-timeout=10", "--timeout=60", "-d", dir.toString(), "-o", "out.bin", url));
    assertEquals(0, r.exit(), () -> "aria2c failed\n" + r.describe() + "\n" + server.tail(40));
    assertEquals(aria.sha256(), Tools.sha256(dir.resolve("out.bin")), "sha256 of aria2c's download");
    // Segmented: on an 8 MiB file aria2c's first connection (no Range) reads on into the next segment, so fewer
    // requests than Aria2cIT's 64 MiB file shows; still several distinct Range requests, none failing.
    String path = URI.create(url).getRawPath();
    List<ServerProcess.AccessLine> seen = server.awaitAccess(mark, lines -> lines.stream().filter(l ->
            l.path().equals(path) && l.method().equals("GET") && l.hasRange()).map(ServerProcess.AccessLine::range)
            .distinct().count() >= 4, Duration.ofSeconds(20), "4 GET requests with distinct Range headers for " + path);
    assertTrue(seen.stream().noneMatch(l -> l.status() >= 400), () -> "failed requests: " + seen);
    System.out.println("aria2c on the double: " + seen.stream().filter(l -> l.path().equals(path))
        .map(ServerProcess.AccessLine::range).toList());
  }

  // ---- Chromium

  @Test
  void chromiumPlaysAVideoAndSeeksTo80Percent() {
    Browser.requireInstalled();
    Browser browser = Browser.start(out);
    try {
      play(browser);
    } catch (AssertionError | RuntimeException e) {
      try {
        browser.screenshot(out.resolve("failure.png"));
      } catch (RuntimeException ignored) {
        // the page may be gone
      }
      throw new AssertionError(e.getMessage() + "\n(screenshot: " + out.resolve("failure.png") + ")\n"
          + browser.describe() + server.tail(40), e);
    } finally {
      browser.consoleLines().forEach(l -> System.out.println("console: " + l));
      browser.close();
    }
  }

  private void play(Browser browser) {
    browser.open(server.baseUrl() + "/");
    browser.awaitView("login");
    browser.awaitElement("#login-form");
    browser.driver().findElement(By.id("login-name")).sendKeys(user.name());
    browser.driver().findElement(By.id("login-password")).sendKeys(user.password());
    browser.driver().findElement(By.id("login-submit")).click();
    browser.awaitView("home");

    WebElement channel = browser.await("the channel link '" + TITLE + "'", d -> d.findElements(
            By.cssSelector("a.channel-link[data-channel-id]")).stream()
        .filter(a -> a.getText().contains(TITLE)).findFirst().orElse(null));
    channel.click();
    browser.awaitView("grid");
    WebElement card = browser.await("the card of " + VIDEO, d -> d.findElements(
            By.cssSelector("#grid a.card[data-file-id]")).stream()
        .filter(c -> c.getText().contains(VIDEO)).findFirst().orElse(null));
    card.click();
    browser.awaitView("details");
    browser.awaitElement("video#player");
    double duration = browser.await("the player's metadata (readyState >= 1, a finite duration)",
        Duration.ofSeconds(60), d -> {
          Object v = browser.js("const p = document.getElementById('player');"
              + " return p && p.readyState >= 1 && isFinite(p.duration) && p.duration > 0 ? p.duration : null;");
          return v instanceof Number n ? n.doubleValue() : null;
        });
    assertEquals(video.durationSeconds(), duration, 0.5, "the player's duration (from the MP4 the double serves)");
    String src = (String) browser.js("return document.getElementById('player').currentSrc;");
    String streamPath = URI.create(src).getRawPath();

    Object played = browser.js("return document.getElementById('player').play().then(() => 'ok', e => String(e));");
    assertEquals("ok", played, "player.play()");
    browser.await("playback to start (currentTime > 0)", Duration.ofSeconds(60),
        d -> browser.jsNumber("return document.getElementById('player').currentTime;") > 0);

    double target = 0.8 * duration;
    int mark = server.mark();
    browser.js("const p = document.getElementById('player'); p.currentTime = 0.8 * p.duration;");
    double reached = browser.await("the seek to " + target + " s to complete (not seeking, readyState >= 2)",
        Duration.ofSeconds(60), d -> {
          Object v = browser.js("const p = document.getElementById('player');"
              + " return !p.seeking && p.readyState >= 2 && p.currentTime >= arguments[0] - 0.5 ? p.currentTime : null;",
              target);
          return v instanceof Number n ? n.doubleValue() : null;
        });
    assertTrue(reached >= target - 0.5 && reached < duration, () -> "currentTime after the seek: " + reached);
    // and it plays on from there
    browser.await("playback to go on after the seek (currentTime > " + reached + ")", Duration.ofSeconds(60),
        d -> browser.jsNumber("return document.getElementById('player').currentTime;") > reached);
    browser.screenshot(out.resolve("player.png"));
    browser.js("document.getElementById('player').pause();");

    // The seek was a Range request into the media data near 80 % (see BrowserEndToEndIT for the bounds).
    long size = video.file().size();
    long low = size / 2;
    long high = (long) (size * 0.95);
    browser.open("about:blank"); // ends the player's download, so its access line is printed
    List<ServerProcess.AccessLine> seen = server.awaitAccess(mark, lines -> lines.stream().anyMatch(l ->
            l.path().equals(streamPath) && l.method().equals("GET") && l.status() == 206
                && l.rangeStart() >= low && l.rangeStart() <= high), Duration.ofSeconds(30),
        "the browser's GET with a Range starting in [" + low + ", " + high + "] for " + streamPath);
    assertTrue(seen.stream().filter(l -> l.path().equals(streamPath)).allMatch(l -> l.status() == 200
        || l.status() == 206), () -> "a stream request failed: " + seen);
  }

  // ---- helpers

  private JsonObject details(String name) {
    JsonArray files = new JsonObject(api.getOk("/api/channels/" + CHANNEL + "/files")).getJsonArray("items");
    String id = find(files, "name", name).getString("id");
    return new JsonObject(api.getOk("/api/files/" + URLEncoder.encode(id, StandardCharsets.UTF_8)));
  }

  private static JsonObject find(JsonArray items, String key, String value) {
    return items.stream().map(o -> (JsonObject) o).filter(o -> value.equals(o.getString(key))).findFirst()
        .orElseGet(() -> fail("no item with " + key + "=" + value + " in " + items.encodePrettily()));
  }

  /** The stream URL on the loopback address the test connects to (same path and token). */
  private String loopback(String url) {
    URI u = URI.create(url);
    return server.baseUrl() + u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
  }

  private <T> T await(CompletableFuture<T> f, String what) throws Exception {
    try {
      return f.get(2, TimeUnit.MINUTES);
    } catch (TimeoutException e) {
      return fail(what + " did not finish within 2 minutes\n" + server.tail(40));
    } catch (ExecutionException e) {
      throw new AssertionError(what + " failed: " + e.getCause() + "\n" + server.tail(40), e.getCause());
    }
  }

  /** Bytes a reader has received; what the OTHER reader had when this one finished (-1 until then). */
  static final class Progress {
    final AtomicLong received = new AtomicLong();
    final AtomicLong otherAtEnd = new AtomicLong(-1);
  }

  record Ranged(int status, String sha256, long bytes) {
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static Ranged get(String url, long first, long last) {
    return get(url, first, last, new Progress(), new Progress());
  }

  /** GET with {@code Range: bytes=first-last}, digesting the body as it arrives and counting it in {@code mine}. */
  private static Ranged get(String url, long first, long last, Progress mine, Progress other) {
    try {
      HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
          .header("Range", "bytes=" + first + "-" + last).timeout(Duration.ofMinutes(2)).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      long total = 0;
      try (InputStream in = r.body()) {
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
          sha.update(buf, 0, n);
          total += n;
          mine.received.addAndGet(n);
        }
      }
      mine.otherAtEnd.compareAndSet(-1, other.received.get());
      return new Ranged(r.statusCode(), HexFormat.of().formatHex(sha.digest()), total);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
