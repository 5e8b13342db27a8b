package dev.tgstream.app.it;

import dev.tgstream.telegram.tdlib.TdJsonDoubleProvider;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * END TO END ON THE TDLIB TEST DOUBLE (not Telegram, not TDLib), BOTS ONLY: the whole jar in role all with two bot
 * tokens (TG_BOT_TOKEN) and no user session. Bots cannot list a channel's history (the double refuses
 * searchChatMessages to bots, as Telegram does), so what a user sees comes from the channel post index:
 * <ol>
 *   <li>at first the channel is listed with no files (the bots saw no post);</li>
 *   <li>a {@code https://t.me/<channel>/<id>} link pasted into the app opens the post ({@code GET /api/links});</li>
 *   <li>the posts before it are then fetched by id and listed (the backfill);</li>
 *   <li>the file streams through the bot pool: aria2c with 8 connections gets the exact bytes;</li>
 *   <li>after a restart on the same DATA_DIR the listing is there at once (the index is persisted).</li>
 * </ol>
 * The tests run in that order on one server (then a second one on its DATA_DIR).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TdlibDoubleBotsOnlyEndToEndIT {

  static final long CHAT_ID = -1009876543210L;
  static final String USERNAME = "double_bots_channel";
  static final String CHANNEL = "c" + (-CHAT_ID);
  static final String TITLE = "Double Bots Channel";
  static final List<String> TOKENS = List.of(
      "1111111111:AAdoubleBotTokenOne_abcdefghijklmno", "2222222222:AAdoubleBotTokenTwo_abcdefghijklmno");
  /** Named so that the double numbers them 1, 2, 3 (it serves a folder's files in name order). */
  static final String FIRST = "01-first.bin";
  static final String SECOND = "02-second.bin";
  static final String THIRD = "03-third.bin";

  private final TestUser user = new TestUser("bots-viewer", "B0ts-only-e2e-pass", "viewer");
  private final Path out = Fixtures.dir().resolveSibling("e2e-tdlib-double-bots");
  private Fixtures.Fixture first;
  private Fixtures.Fixture second;
  private Fixtures.Fixture third;
  private Path dataDir;
  private TdJsonDoubleProvider.Config config;
  private ServerProcess server;
  private ApiSession api;

  @BeforeAll
  void start() throws IOException {
    Tools.require("aria2c");
    first = Fixtures.random("tdlib-bots-first-1m.bin", Fixtures.MIB + 4321, 101);
    second = Fixtures.random("tdlib-bots-second-2m.bin", 2 * Fixtures.MIB + 17, 202);
    third = Fixtures.random("tdlib-bots-third-8m.bin", 8 * Fixtures.MIB + 999, 303);
    Path folder = Files.createDirectories(out.resolve("channel"));
    TdlibDoubleEndToEndIT.link(folder, FIRST, first.path());
    TdlibDoubleEndToEndIT.link(folder, SECOND, second.path());
    TdlibDoubleEndToEndIT.link(folder, THIRD, third.path());
    dataDir = out.resolve("data");
    deleteTree(dataDir);
    Files.createDirectories(dataDir);
    config = new TdJsonDoubleProvider.Config()
        .channel(CHAT_ID, USERNAME, TITLE, folder)
        .latencyMs(150)
        .bandwidthKibps(2048);
    TOKENS.forEach(config::bot);
    server = startServer("tdlib-double-bots");
    api = ApiSession.login(server, user);
  }

  private ServerProcess startServer(String name) {
    ServerProcess.Builder b = ServerProcess.builder(name)
        .classpath(TdlibDoubleEndToEndIT.testJar())
        .env("DATA_DIR", dataDir.toString())
        .env("UI_USERS", user.uiUsers())
        .env("TG_API_ID", Integer.toString(TdJsonDoubleProvider.API_ID))
        .env("TG_API_HASH", TdJsonDoubleProvider.API_HASH)
        .env("TG_BOT_TOKEN", String.join(",", TOKENS))
        .env("CHANNEL_IDS", "@" + USERNAME);
    config.jvmArgs().forEach(b::jvmArg);
    ServerProcess s = b.start();
    assertTrue(s.awaitLine(l -> l.contains("NOT by libtdjson"), Duration.ofSeconds(10)),
        () -> "the server should say that the TDLib test double answers, not libtdjson\n" + s.tail(40));
    return s;
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  void theChannelIsListedWithNoFilesBeforeAnyPostIsKnown() {
    JsonObject channel = channel();
    assertEquals(TITLE, channel.getString("title"));
    assertEquals(0, channel.getInteger("count"), channel::encodePrettily);
    assertTrue(server.lines().stream().anyMatch(l -> l.contains("2 bot(s)") && l.contains("channel post index")),
        () -> "the start-up line should say: two bots, files listed from the channel post index\n" + server.tail(40));
  }

  @Test
  @Order(2)
  void aPastedPostLinkOpensTheFileAndThePostsBeforeItAreListed() {
    JsonObject opened = openLink("https://t.me/" + USERNAME + "/3");
    assertEquals(THIRD, opened.getString("name"), opened::encodePrettily);
    assertEquals(CHANNEL, opened.getString("channelId"), opened::encodePrettily);
    assertEquals(CHANNEL + "m3", opened.getString("fileId"), opened::encodePrettily);

    // The private-link form of the same channel opens an earlier post.
    JsonObject privateForm = openLink("https://t.me/c/" + (-CHAT_ID - 1_000_000_000_000L) + "/2");
    assertEquals(SECOND, privateForm.getString("name"), privateForm::encodePrettily);

    // A post that does not exist: a clear 404, nothing listed for it.
    HttpResponse<String> missing = api.get("/api/links?url=" + enc("https://t.me/" + USERNAME + "/99"));
    assertEquals(404, missing.statusCode(), missing::body);
    assertTrue(missing.body().contains("detail"), missing::body);

    // Post 3 made 1..2 known: the backfill fetches them by id. Waits on the listing (bounded), not on a timer.
    List<String> names = awaitNames(3, Duration.ofSeconds(60));
    assertEquals(List.of(FIRST, SECOND, THIRD), names.stream().sorted().toList());
    assertEquals(3, channel().getInteger("count"));
  }

  @Test
  @Order(3)
  void aria2cWithEightConnectionsGetsTheExactBytesThroughTheBotPool() {
    JsonObject details = new JsonObject(api.getOk("/api/files/" + enc(CHANNEL + "m3")));
    assertEquals(third.size(), details.getLong("size"), details::encodePrettily);
    URI u = URI.create(details.getString("streamUrl"));
    String url = server.baseUrl() + u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    Path dir = server.scratch("aria2c");
    Tools.Result r = Tools.run(Duration.ofMinutes(3), List.of(Tools.require("aria2c"), "-x8", "-s8", "-k1M",
        "--file-allocation=none", "--allow-overwrite=true", "--auto-file-renaming=false", "--summary-interval=0",
        "--console-log-level=warn", "--connect-timeout=10", "--timeout=60", "-d", dir.toString(), "-o", "out.bin", url));
    assertEquals(0, r.exit(), () -> "aria2c failed\n" + r.describe() + "\n" + server.tail(40));
    assertEquals(third.sha256(), Tools.sha256(dir.resolve("out.bin")), "sha256 of aria2c's download");
    // and a bounded range of the first post, exactly
    URI firstUrl = URI.create(new JsonObject(api.getOk("/api/files/" + enc(CHANNEL + "m1"))).getString("streamUrl"));
    long from = 4096 + 7;
    long to = first.size() - 3;
    Tools.Result c = Tools.run(Duration.ofMinutes(1), List.of("curl", "-sS", "--fail", "-r", from + "-" + to, "-o",
        dir.resolve("first.part").toString(), server.baseUrl() + firstUrl.getRawPath()), java.util.Map.of(), dir);
    assertEquals(0, c.exit(), () -> "curl failed\n" + c.describe());
    assertEquals(Tools.sha256(first.slice(from, to)), Tools.sha256(dir.resolve("first.part")),
        "sha256 of bytes " + from + "-" + to + " of the first post");
  }

  @Test
  @Order(4)
  void afterARestartOnTheSameDataDirTheListingIsThereAtOnce() {
    server.close();
    server = startServer("tdlib-double-bots-restart");
    api = ApiSession.login(server, user);
    // Read once, right after readiness: no new post, no link opened, no wait.
    JsonArray files = new JsonObject(api.getOk("/api/channels/" + CHANNEL + "/files?sort=name")).getJsonArray("items");
    assertEquals(List.of(FIRST, SECOND, THIRD), files.stream().map(o -> ((JsonObject) o).getString("name")).toList(),
        files::encodePrettily);
  }

  // ---- helpers

  private JsonObject channel() {
    JsonArray channels = new JsonObject(api.getOk("/api/channels")).getJsonArray("items");
    return channels.stream().map(o -> (JsonObject) o).filter(c -> CHANNEL.equals(c.getString("id"))).findFirst()
        .orElseGet(() -> fail("no channel " + CHANNEL + " in " + channels.encodePrettily() + "\n" + server.tail(40)));
  }

  private JsonObject openLink(String url) {
    return new JsonObject(api.getOk("/api/links?url=" + enc(url)));
  }

  private List<String> awaitNames(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> names = List.of();
    while (System.nanoTime() < deadline) {
      JsonArray files = new JsonObject(api.getOk("/api/channels/" + CHANNEL + "/files")).getJsonArray("items");
      names = files.stream().map(o -> ((JsonObject) o).getString("name")).toList();
      if (names.size() >= count) {
        return names;
      }
      // Polls the condition itself (the listing), bounded by the deadline: the backfill logs nothing when it
      // succeeds, so there is no line to wait for.
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return fail("interrupted");
      }
    }
    return fail("the listing had " + names + " after " + timeout + ", expected " + count + " files\n" + server.tail(40));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
