package dev.tgstream.app;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

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
    AppConfig c = read(Map.of("PORT", "9000", "ROLE", "stream"), new JsonObject().put("PORT", 7000).put("UI_AUTH", "off"));
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
      "STREAM_SECRET|short|STREAM_SECRET",
      "PUBLIC_URL|ftp://x|PUBLIC_URL",
      "PUBLIC_URL|not a url|PUBLIC_URL",
      "SIMULATE_TELEGRAM|latency_ms=fast|SIMULATE_TELEGRAM",
      "SIMULATE_TELEGRAM|warp=9|SIMULATE_TELEGRAM",
      "ROLE|ui|ROLE=ui",
      "TG_API_ID|123|TG_API_ID"})
  void badValuesFailWithOneLineNamingTheVariable(String key, String value, String named) {
    ConfigException e = assertThrows(ConfigException.class, () -> read(Map.of(key, value), new JsonObject()));
    assertTrue(e.getMessage().contains(named), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
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
