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
}
