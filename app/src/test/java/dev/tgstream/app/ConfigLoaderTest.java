package dev.tgstream.app;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tgstream.ui.streamer.BreakerConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

  /** 32 bytes: long enough for a split deployment. */
  private static final String SECRET = "0123456789abcdef0123456789abcdef";
  private static final Map<String, String> SPLIT_UI = Map.of("ROLE", "ui", "STREAMER_URL",
      "https://streamer.example.com/", "STREAM_SECRET", SECRET);

  private static AppConfig read(Map<String, String> env, JsonObject file) {
    return new ConfigLoader(env, file).read();
  }

  @Test
  void defaultsNeedNoSettings() {
    AppConfig c = read(Map.of(), new JsonObject());
    assertEquals(Role.ALL, c.role());
    assertEquals(8080, c.port());
    assertEquals(Path.of("./library").toAbsolutePath().normalize(), c.libraryDir());
    assertTrue(c.uiAuth());
    assertTrue(c.simulation().isEmpty());
    assertEquals("http://localhost:8080", c.linkBase());
  }

  @Test
  void environmentWinsOverTheFile() {
    AppConfig c = read(Map.of("PORT", "9000", "ROLE", "stream", "STREAM_SECRET", SECRET),
        new JsonObject().put("PORT", 7000).put("UI_AUTH", "off"));
    assertEquals(9000, c.port());
    assertEquals(Role.STREAM, c.role());
    assertFalse(c.uiAuth());
  }

  @Test
  void publicUrlFallsBackToRendersAndLosesTrailingSlash() {
    assertEquals("https://x.onrender.com", read(Map.of("RENDER_EXTERNAL_URL", "https://x.onrender.com/"), new JsonObject())
        .linkBase());
    assertEquals("https://me.example", read(Map.of("PUBLIC_URL", "https://me.example",
        "RENDER_EXTERNAL_URL", "https://x.onrender.com"), new JsonObject()).linkBase());
  }

  @Test
  void shutdownGraceDefaultsToFiveSecondsAndIsRead() {
    assertEquals(Duration.ofSeconds(5), read(Map.of(), new JsonObject()).shutdownGrace());
    assertEquals(Duration.ofMillis(1500), read(Map.of("SHUTDOWN_GRACE_MS", "1500"), new JsonObject()).shutdownGrace());
    assertEquals(Duration.ZERO, read(Map.of(), new JsonObject().put("SHUTDOWN_GRACE_MS", 0)).shutdownGrace());
  }

  @Test
  void simulatorSettingsAreParsed() {
    AppConfig c = read(Map.of("SIMULATE_TELEGRAM", "latency_ms=150,conn_kibps=2048,max_parallel=8"), new JsonObject());
    assertTrue(c.simulation().isPresent());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "PORT|http|PORT",
      "PORT|70000|PORT",
      "ROLE|everything|ROLE",
      "UI_AUTH|maybe|UI_AUTH",
      "STREAM_READAHEAD|-1|STREAM_READAHEAD",
      "STREAM_CACHE_MB|lots|STREAM_CACHE_MB",
      "SHUTDOWN_GRACE_MS|-1|SHUTDOWN_GRACE_MS",
      "SHUTDOWN_GRACE_MS|5s|SHUTDOWN_GRACE_MS",
      "STREAM_SECRET|short|STREAM_SECRET",
      "PUBLIC_URL|ftp://x|PUBLIC_URL",
      "PUBLIC_URL|not a url|PUBLIC_URL",
      "SIMULATE_TELEGRAM|latency_ms=fast|SIMULATE_TELEGRAM",
      "SIMULATE_TELEGRAM|warp=9|SIMULATE_TELEGRAM",
      "TG_API_ID|123|TG_API_ID"})
  void badValuesFailWithOneLineNamingTheVariable(String key, String value, String named) {
    ConfigException e = assertThrows(ConfigException.class, () -> read(Map.of(key, value), new JsonObject()));
    assertTrue(e.getMessage().contains(named), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
  }

  @Test
  void splitUiNeedsTheStreamerUrlAndASharedSecretAndGetsDefaultBreakerSettings() {
    AppConfig c = read(SPLIT_UI, new JsonObject());
    assertEquals(Role.UI, c.role());
    assertEquals("https://streamer.example.com", c.streamerUrl().orElseThrow());
    BreakerConfig b = c.split().breaker();
    assertEquals(BreakerConfig.defaults(), b);
    // The promise: open within 3 failed calls or 5 s, try again within 10 s.
    assertTrue(b.maxFailures() <= 3);
    assertTrue(b.timeout().toMillis() <= 5_000);
    assertTrue(b.maxResetTimeout().toMillis() <= 10_000);
    assertEquals(2_000, c.split().streamerTimeoutMs());
  }

  @Test
  void breakerSettingsComeFromTheFileAndTheEnvironment() {
    Map<String, String> env = new HashMap<>(SPLIT_UI);
    env.put("STREAMER_BREAKER_MAX_FAILURES", "5");
    env.put("STREAMER_BREAKER_RESET_MS", "2000");
    AppConfig c = read(env, new JsonObject().put("STREAMER_BREAKER_MAX_FAILURES", 9)
        .put("STREAMER_BREAKER_TIMEOUT_MS", 750).put("STREAMER_BREAKER_RESET_MAX_MS", 30000)
        .put("STREAMER_BREAKER_JITTER", 0.5).put("STREAMER_TIMEOUT_MS", 1500));
    BreakerConfig b = c.split().breaker();
    assertEquals(5, b.maxFailures());
    assertEquals(Duration.ofMillis(750), b.timeout());
    assertEquals(Duration.ofMillis(2000), b.resetTimeout());
    assertEquals(Duration.ofMillis(30000), b.maxResetTimeout());
    assertEquals(0.5, b.jitter());
    assertEquals(1500, c.split().streamerTimeoutMs());
  }

  @Test
  void colocatedNeedsNoSecret() {
    assertTrue(read(Map.of("ROLE", "all"), new JsonObject()).streamSecret().isEmpty());
  }

  // ---- Telegram (TDLib backend) ----

  static final String HASH = "0123456789abcdef0123456789abcdef";
  static final String BOT = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0";
  static final String BOT2 = "987654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1";

  private static Map<String, String> telegram(String... more) {
    Map<String, String> env = new java.util.HashMap<>(Map.of("TG_API_ID", "12345", "TG_API_HASH", HASH));
    for (int i = 0; i < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return env;
  }

  private static ConfigException fails(Map<String, String> env) {
    return assertThrows(ConfigException.class, () -> read(env, new JsonObject()));
  }

  @Test
  void noTelegramSettingsServeTheLibrary() {
    assertTrue(read(Map.of(), new JsonObject()).telegram().isEmpty());
  }

  @Test
  void aUserSessionWithChannels() {
    AppConfig.TelegramSettings t = read(telegram("TG_SESSION_STRING", " tgs1.abc ",
        "CHANNEL_IDS", "-1001234567890, @my_channel"), new JsonObject()).telegram().orElseThrow();
    assertEquals(12345, t.apiId());
    assertEquals(HASH, t.apiHash());
    assertEquals(java.util.Optional.of("tgs1.abc"), t.sessionString());
    assertEquals(java.util.List.of("-1001234567890", "@my_channel"), t.channelIds());
    assertEquals(java.util.List.of(), t.botTokens());
    assertEquals(1024, t.tdlibCacheMb());
    assertTrue(t.tdlibPath().isEmpty());
    assertFalse(t.botsOnly());
  }

  @Test
  void aBotPoolWithTheSingularChannelKey() {
    AppConfig.TelegramSettings t = read(telegram("TG_BOT_TOKEN", BOT + " , " + BOT2, "CHANNEL_ID", "@films"),
        new JsonObject()).telegram().orElseThrow();
    assertEquals(java.util.List.of(BOT, BOT2), t.botTokens());
    assertEquals(java.util.List.of("@films"), t.channelIds());
    assertTrue(t.botsOnly());
  }

  @Test
  void telegramSettingsComeFromTheFileToo() {
    AppConfig.TelegramSettings t = read(Map.of("TG_BOT_TOKEN", BOT), new JsonObject().put("TG_API_ID", 777)
        .put("TG_API_HASH", HASH).put("CHANNEL_IDS", "@films").put("TDLIB_CACHE_MB", 256)).telegram().orElseThrow();
    assertEquals(777, t.apiId());
    assertEquals(256, t.tdlibCacheMb());
  }

  @Test
  void anExistingTdlibPathIsKept(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
    Path lib = java.nio.file.Files.createFile(dir.resolve("libtdjson.so"));
    AppConfig.TelegramSettings t = read(telegram("TG_BOT_TOKEN", BOT, "CHANNEL_IDS", "@films",
        "TDLIB_PATH", lib.toString()), new JsonObject()).telegram().orElseThrow();
    assertEquals(java.util.Optional.of(lib.toAbsolutePath().normalize()), t.tdlibPath());
    ConfigException e = fails(telegram("TG_BOT_TOKEN", BOT, "CHANNEL_IDS", "@films", "TDLIB_PATH", dir.toString()));
    assertTrue(e.getMessage().contains("is not a file"), e.getMessage());
  }

  @Test
  void neitherSessionNorBotTokenIsRefusedWithWhatToDo() {
    ConfigException e = fails(telegram("CHANNEL_IDS", "@films"));
    assertTrue(e.getMessage().contains("neither TG_SESSION_STRING"), e.getMessage());
    assertTrue(e.getMessage().contains("login"), e.getMessage());
    assertTrue(e.getMessage().contains("TG_BOT_TOKEN"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // ROLE=ui without STREAMER_URL
      "ROLE=ui,STREAM_SECRET=" + SECRET + "|STREAMER_URL",
      // an invalid STREAMER_URL
      "ROLE=ui,STREAM_SECRET=" + SECRET + ",STREAMER_URL=streamer.example.com|STREAMER_URL",
      "ROLE=ui,STREAM_SECRET=" + SECRET + ",STREAMER_URL=ftp://streamer.example.com|STREAMER_URL",
      "ROLE=ui,STREAM_SECRET=" + SECRET + ",STREAMER_URL=https://streamer.example.com/?x=1|STREAMER_URL",
      "ROLE=ui,STREAM_SECRET=" + SECRET + ",STREAMER_URL=https://example.com/streamer|STREAMER_URL",
      "ROLE=ui,STREAM_SECRET=" + SECRET + ",STREAMER_URL=https://me.example,PUBLIC_URL=https://me.example|STREAMER_URL",
      // STREAM_SECRET missing or short when split, on either side
      "ROLE=ui,STREAMER_URL=https://s.example|STREAM_SECRET",
      "ROLE=ui,STREAMER_URL=https://s.example,STREAM_SECRET=0123456789abcdef0123456789abcde|STREAM_SECRET",
      "ROLE=stream|STREAM_SECRET",
      "ROLE=stream,STREAM_SECRET=0123456789abcdef|STREAM_SECRET",
      // breaker options out of range
      "STREAMER_BREAKER_MAX_FAILURES=0|STREAMER_BREAKER_MAX_FAILURES",
      "STREAMER_BREAKER_MAX_FAILURES=many|STREAMER_BREAKER_MAX_FAILURES",
      "STREAMER_BREAKER_TIMEOUT_MS=0|STREAMER_BREAKER_TIMEOUT_MS",
      "STREAMER_BREAKER_TIMEOUT_MS=600000|STREAMER_BREAKER_TIMEOUT_MS",
      "STREAMER_BREAKER_RESET_MS=-5|STREAMER_BREAKER_RESET_MS",
      "STREAMER_BREAKER_RESET_MS=5000,STREAMER_BREAKER_RESET_MAX_MS=1000|STREAMER_BREAKER_RESET_MAX_MS",
      "STREAMER_BREAKER_JITTER=2|STREAMER_BREAKER_JITTER",
      "STREAMER_BREAKER_JITTER=NaN|STREAMER_BREAKER_JITTER",
      "STREAMER_TIMEOUT_MS=1|STREAMER_TIMEOUT_MS"})
  void splitMisconfigurationFailsWithOneLineNamingTheVariable(String settings, String named) {
    Map<String, String> env = new HashMap<>();
    for (String kv : settings.split(",")) {
      String[] parts = kv.split("=", 2);
      env.put(parts[0], parts[1]);
    }
    ConfigException e = assertThrows(ConfigException.class, () -> read(env, new JsonObject()));
    assertTrue(e.getMessage().contains(named), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "TG_API_ID|abc|TG_API_ID",
      "TG_API_ID|0|TG_API_ID",
      "TG_API_HASH|nothex|TG_API_HASH",
      "TG_BOT_TOKEN|12345|TG_BOT_TOKEN entry 1 of 1",
      "CHANNEL_IDS|films|did you mean @films",
      "CHANNEL_IDS|12345|CHANNEL_IDS entry '12345'",
      "CHANNEL_IDS|@films,@films|twice",
      "TDLIB_CACHE_MB|big|TDLIB_CACHE_MB",
      "TDLIB_CACHE_MB|10|TDLIB_CACHE_MB",
      "TDLIB_PATH|/nonexistent/libtdjson.so|TDLIB_PATH"})
  void badTelegramValuesFailWithOneLineNamingTheVariable(String key, String value, String named) {
    Map<String, String> env = telegram("TG_BOT_TOKEN", BOT, "CHANNEL_IDS", "@films");
    env.put(key, value);
    ConfigException e = fails(env);
    assertTrue(e.getMessage().contains(named), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  @Test
  void aBadBotTokenIsNeverEchoed() {
    String secretish = "123:not-a-real-token";
    ConfigException e = fails(telegram("TG_BOT_TOKEN", BOT + "," + secretish, "CHANNEL_IDS", "@films"));
    assertTrue(e.getMessage().contains("entry 2 of 2"), e.getMessage());
    assertFalse(e.getMessage().contains(secretish));
  }

  @Test
  void aRepeatedBotTokenIsRefused() {
    assertTrue(fails(telegram("TG_BOT_TOKEN", BOT + "," + BOT, "CHANNEL_IDS", "@films")).getMessage()
        .contains("same token"));
  }

  @Test
  void aCorruptSessionStringIsNotAStartFailure() {
    // Checked when the backend starts: the service then stays up and reports "not ready" instead of crash-looping.
    assertTrue(read(telegram("TG_SESSION_STRING", "garbage", "CHANNEL_IDS", "@films"), new JsonObject())
        .telegram().isPresent());
  }

  @Test
  void severalBadValuesGiveOneLineEach() {
    ConfigException e = fails(Map.of("TG_API_ID", "x", "TG_API_HASH", "y", "TG_BOT_TOKEN", "z"));
    String[] lines = e.getMessage().split("\n");
    assertEquals(4, lines.length, e.getMessage());
    assertTrue(lines[0].startsWith("TG_API_ID"), lines[0]);
    assertTrue(lines[1].startsWith("TG_API_HASH"), lines[1]);
    assertTrue(lines[2].startsWith("TG_BOT_TOKEN"), lines[2]);
    assertTrue(lines[3].startsWith("CHANNEL_IDS"), lines[3]);
  }

  @Test
  void settingsNeverPrintSecrets() {
    AppConfig.TelegramSettings t = read(telegram("TG_SESSION_STRING", "tgs1.secret", "TG_BOT_TOKEN", BOT,
        "CHANNEL_IDS", "@films"), new JsonObject()).telegram().orElseThrow();
    assertFalse(t.toString().contains(HASH));
    assertFalse(t.toString().contains("tgs1.secret"));
    assertFalse(t.toString().contains(BOT));
  }

  @Test
  void loginNeedsOnlyTheApiCredentials() {
    AppConfig.TelegramApi api = new ConfigLoader(telegram(), new JsonObject()).telegramApi();
    assertEquals(12345, api.apiId());
    ConfigException e = assertThrows(ConfigException.class,
        () -> new ConfigLoader(Map.of(), new JsonObject()).telegramApi());
    assertTrue(e.getMessage().contains("my.telegram.org"), e.getMessage());
  }
}
