package dev.tgstream.app;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
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
      "ROLE|ui|ROLE=ui",
      "TG_API_ID|123|TG_API_ID"})
  void badValuesFailWithOneLineNamingTheVariable(String key, String value, String named) {
    ConfigException e = assertThrows(ConfigException.class, () -> read(Map.of(key, value), new JsonObject()));
    assertTrue(e.getMessage().contains(named), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
  }
}
