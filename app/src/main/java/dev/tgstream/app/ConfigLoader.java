package dev.tgstream.app;

import dev.tgstream.stream.engine.EngineConfig;
import dev.tgstream.telegram.simulated.SimulationConfig;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads conf/config.json (or CONFIG_FILE) and the environment into one {@link AppConfig}; the only place that looks
 * at environment variables. Keys in the file are the variable names; the environment wins. Any bad value fails with a
 * {@link ConfigException} naming the variable and what is expected.
 */
public final class ConfigLoader {

  static final String DEFAULT_CONFIG_FILE = "conf/config.json";
  static final int DEFAULT_SHUTDOWN_GRACE_MS = 5000;

  private final Map<String, String> env;
  private final JsonObject file;

  ConfigLoader(Map<String, String> env, JsonObject file) {
    this.env = env;
    this.file = file;
  }

  /** Loads from the process environment and the config file it names (or conf/config.json when present). */
  public static AppConfig load() {
    return fromEnvironment(System.getenv());
  }

  static AppConfig fromEnvironment(Map<String, String> env) {
    String explicit = env.get("CONFIG_FILE");
    Path path = Path.of(explicit != null && !explicit.isBlank() ? explicit : DEFAULT_CONFIG_FILE);
    JsonObject file = new JsonObject();
    if (Files.isRegularFile(path)) {
      try {
        file = new JsonObject(Files.readString(path));
      } catch (IOException | DecodeException e) {
        throw new ConfigException("CONFIG_FILE " + path + " is not readable JSON: " + e.getMessage());
      }
    } else if (explicit != null && !explicit.isBlank()) {
      throw new ConfigException("CONFIG_FILE " + path + " does not exist");
    }
    return new ConfigLoader(env, file).read();
  }

  AppConfig read() {
    Role role = Role.parse(string("ROLE").orElse("all"));
    int port = integer("PORT", 8080, 0, 65535);
    Path dataDir = Path.of(string("DATA_DIR").orElse("./data")).toAbsolutePath().normalize();
    Path libraryDir = Path.of(string("LIBRARY_DIR").orElse("./library")).toAbsolutePath().normalize();
    Optional<String> secret = string("STREAM_SECRET");
    if (secret.isPresent() && secret.get().length() < 16) {
      throw new ConfigException("STREAM_SECRET must be at least 16 characters (got " + secret.get().length() + ")");
    }
    Optional<String> publicUrl = string("PUBLIC_URL").map(v -> url("PUBLIC_URL", v))
        .or(() -> string("RENDER_EXTERNAL_URL").map(v -> url("RENDER_EXTERNAL_URL", v)));
    Optional<String> users = string("UI_USERS");
    boolean auth = switch (string("UI_AUTH").orElse("on").toLowerCase()) {
      case "on", "true", "1" -> true;
      case "off", "false", "0" -> false;
      default -> throw new ConfigException("UI_AUTH must be on or off (got '" + string("UI_AUTH").orElse("") + "')");
    };
    int readAhead = integer("STREAM_READAHEAD", EngineConfig.DEFAULT_READAHEAD, 0, 64);
    int cacheMb = integer("STREAM_CACHE_MB", EngineConfig.DEFAULT_CACHE_MB, 4, 65536);
    Optional<SimulationConfig> simulation = string("SIMULATE_TELEGRAM")
        .filter(v -> !v.equalsIgnoreCase("off"))
        .map(v -> parse(v, SimulationConfig::parse));
    Optional<String> streamerUrl = string("STREAMER_URL").map(v -> url("STREAMER_URL", v));
    Optional<AppConfig.TelegramSettings> telegram = telegram();
    // Platforms stop a container some seconds after SIGTERM (podman stop: 10 s, Render: 30 s): the default leaves room.
    Duration shutdownGrace = Duration.ofMillis(integer("SHUTDOWN_GRACE_MS", DEFAULT_SHUTDOWN_GRACE_MS, 0, 300_000));
    if (role == Role.UI) {
      throw new ConfigException("ROLE=ui (the split UI service) is not available in this build yet; use ROLE=all, "
          + "or ROLE=stream for a dedicated streamer");
    }
    if (telegram.isPresent()) {
      throw new ConfigException("TG_API_ID is set, but the TDLib backend is not part of this build yet; unset "
          + "TG_API_ID/TG_API_HASH to serve LIBRARY_DIR (" + libraryDir + ")");
    }
    return new AppConfig(role, port, dataDir, libraryDir, secret, publicUrl, users, auth, readAhead, cacheMb,
        simulation, telegram, streamerUrl, shutdownGrace);
  }

  private Optional<AppConfig.TelegramSettings> telegram() {
    Optional<String> apiId = string("TG_API_ID");
    Optional<String> apiHash = string("TG_API_HASH");
    if (apiId.isEmpty() && apiHash.isEmpty()) {
      return Optional.empty();
    }
    if (apiId.isEmpty() || apiHash.isEmpty()) {
      throw new ConfigException("TG_API_ID and TG_API_HASH must be set together (from my.telegram.org)");
    }
    int id = integer("TG_API_ID", 0, 1, Integer.MAX_VALUE);
    if (!apiHash.get().matches("[0-9a-fA-F]{32}")) {
      throw new ConfigException("TG_API_HASH must be 32 hex characters");
    }
    List<String> bots = list("TG_BOT_TOKEN");
    List<String> channels = list("CHANNEL_IDS");
    if (channels.isEmpty()) {
      channels = list("CHANNEL_ID");
    }
    if (channels.isEmpty()) {
      throw new ConfigException("CHANNEL_IDS must list the channels to expose (-100… ids or @usernames, comma-separated)");
    }
    return Optional.of(new AppConfig.TelegramSettings(id, apiHash.get(), string("TG_SESSION_STRING"), bots, channels));
  }

  Optional<String> string(String key) {
    String v = env.get(key);
    if (v == null && file.containsKey(key) && file.getValue(key) != null) {
      v = String.valueOf(file.getValue(key));
    }
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  private int integer(String key, int defaultValue, int min, int max) {
    Optional<String> v = string(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(v.get());
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be a whole number from " + min + " to " + max + " (got '" + v.get() + "')");
    }
  }

  private List<String> list(String key) {
    return string(key).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }

  private static String url(String key, String value) {
    try {
      URI uri = new URI(value);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new URISyntaxException(value, "not an http(s) URL");
      }
      return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    } catch (URISyntaxException e) {
      throw new ConfigException(key + " must be an absolute http(s) URL such as https://example.onrender.com (got '"
          + value + "')");
    }
  }

  private static <T> T parse(String value, Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }
}
