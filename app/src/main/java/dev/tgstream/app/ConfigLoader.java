package dev.tgstream.app;

import dev.tgstream.stream.engine.EngineConfig;
import dev.tgstream.telegram.simulated.SimulationConfig;
import dev.tgstream.ui.streamer.BreakerConfig;
import dev.tgstream.ui.streamer.RemoteStreamerConfig;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads conf/config.json (or CONFIG_FILE) and the environment into one {@link AppConfig}; the only place that looks
 * at environment variables. Keys in the file are the variable names; the environment wins. Any bad value fails with a
 * {@link ConfigException} naming the variable and what is expected.
 */
public final class ConfigLoader {

  static final String DEFAULT_CONFIG_FILE = "conf/config.json";
  static final int DEFAULT_SHUTDOWN_GRACE_MS = 5000;
  /** A bot token as @BotFather gives it: the bot's numeric id, a colon, and a 35-character secret. */
  private static final Pattern BOT_TOKEN = Pattern.compile("[0-9]{1,20}:[A-Za-z0-9_-]{30,64}");
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{3,31}");
  /** A channel's chat id (-100…) or an @username. */
  private static final Pattern CHANNEL = Pattern.compile("-100[0-9]{1,13}|@[A-Za-z][A-Za-z0-9_]{3,31}");

  private static final String API_PAIR = "TG_API_ID and TG_API_HASH must be set together (both from "
      + "https://my.telegram.org → API development tools)";

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
    return loader(env).read();
  }

  private static ConfigLoader loader(Map<String, String> env) {
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
    return new ConfigLoader(env, file);
  }

  AppConfig read() {
    Role role = Role.parse(string("ROLE").orElse("all"));
    int port = integer("PORT", 8080, 0, 65535);
    Path dataDir = Path.of(string("DATA_DIR").orElse("./data")).toAbsolutePath().normalize();
    Path libraryDir = Path.of(string("LIBRARY_DIR").orElse("./library")).toAbsolutePath().normalize();
    Optional<String> secret = string("STREAM_SECRET");
    requireSplitSecret(role, secret);
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
    AppConfig.SplitSettings split = split(role, streamerUrl, publicUrl);
    Optional<AppConfig.TelegramSettings> telegram = telegram();
    // Platforms stop a container some seconds after SIGTERM (podman stop: 10 s, Render: 30 s): the default leaves room.
    Duration shutdownGrace = Duration.ofMillis(integer("SHUTDOWN_GRACE_MS", DEFAULT_SHUTDOWN_GRACE_MS, 0, 300_000));
    return new AppConfig(role, port, dataDir, libraryDir, secret, publicUrl, users, auth, readAhead, cacheMb,
        simulation, telegram, streamerUrl, split, shutdownGrace);
  }

  /** Split, both sides sign and verify with one shared key: a generated one would differ between the two services. */
  private static void requireSplitSecret(Role role, Optional<String> secret) {
    if (role == Role.ALL) {
      return;
    }
    String split = "when split (ROLE=" + role.name().toLowerCase(java.util.Locale.ROOT) + ")";
    if (secret.isEmpty()) {
      throw new ConfigException("STREAM_SECRET must be set " + split + ": the same value of at least 32 bytes on the "
          + "UI and the streamer, e.g. from `openssl rand -base64 32`");
    }
    int bytes = secret.get().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (bytes < 32) {
      throw new ConfigException("STREAM_SECRET must be at least 32 bytes " + split + " (got " + bytes + ")");
    }
  }

  /** STREAMER_URL for role ui, and the breaker around it (checked in every role: a bad value is a mistake anyway). */
  private AppConfig.SplitSettings split(Role role, Optional<String> streamerUrl, Optional<String> publicUrl) {
    if (role == Role.UI && streamerUrl.isEmpty()) {
      throw new ConfigException("STREAMER_URL must be set for ROLE=ui: the public base URL of the streamer service "
          + "(ROLE=stream), e.g. https://tgstream-streamer.onrender.com");
    }
    streamerUrl.ifPresent(url -> {
      URI uri = URI.create(url);
      // The streamer serves at its root: a path would be dropped from control calls but kept in links.
      boolean hasPath = uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/");
      if (hasPath || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
        throw new ConfigException("STREAMER_URL must be the streamer's origin without path, user, query or fragment, "
            + "such as https://tgstream-streamer.onrender.com (got '" + url + "')");
      }
      if (role == Role.UI && publicUrl.filter(url::equalsIgnoreCase).isPresent()) {
        throw new ConfigException("STREAMER_URL must be the streamer service's URL, not this UI's own PUBLIC_URL ("
            + url + ")");
      }
    });
    int maxFailures = integer("STREAMER_BREAKER_MAX_FAILURES", BreakerConfig.DEFAULT_MAX_FAILURES, 1,
        BreakerConfig.MAX_FAILURES_LIMIT);
    int timeoutMs = integer("STREAMER_BREAKER_TIMEOUT_MS", (int) BreakerConfig.DEFAULT_TIMEOUT_MS,
        (int) BreakerConfig.MIN_MS, (int) BreakerConfig.MAX_TIMEOUT_MS);
    int resetMs = integer("STREAMER_BREAKER_RESET_MS", (int) BreakerConfig.DEFAULT_RESET_MS, (int) BreakerConfig.MIN_MS,
        (int) BreakerConfig.MAX_RESET_MS);
    int resetMaxMs = integer("STREAMER_BREAKER_RESET_MAX_MS", (int) Math.max(resetMs, BreakerConfig.DEFAULT_RESET_MAX_MS),
        resetMs, (int) BreakerConfig.MAX_RESET_MS);
    double jitter = decimal("STREAMER_BREAKER_JITTER", BreakerConfig.DEFAULT_JITTER, 0, 1);
    int requestTimeoutMs = integer("STREAMER_TIMEOUT_MS", (int) RemoteStreamerConfig.DEFAULT_REQUEST_TIMEOUT_MS,
        (int) BreakerConfig.MIN_MS, (int) BreakerConfig.MAX_TIMEOUT_MS);
    BreakerConfig breaker = new BreakerConfig(maxFailures, Duration.ofMillis(timeoutMs), Duration.ofMillis(resetMs),
        Duration.ofMillis(resetMaxMs), jitter);
    return new AppConfig.SplitSettings(breaker, requestTimeoutMs);
  }

  private double decimal(String key, double defaultValue, double min, double max) {
    Optional<String> v = string(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      double d = Double.parseDouble(v.get());
      if (!(d >= min && d <= max)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be a number from " + min + " to " + max + " (got '" + v.get() + "')");
    }
  }

  /** The TDLib backend's settings, or empty when TG_API_ID and TG_API_HASH are unset (LIBRARY_DIR is served). */
  private Optional<AppConfig.TelegramSettings> telegram() {
    if (string("TG_API_ID").isEmpty() && string("TG_API_HASH").isEmpty()) {
      return Optional.empty();
    }
    if (string("TG_API_ID").isEmpty() || string("TG_API_HASH").isEmpty()) {
      // Half a pair is most likely a slip, not a Telegram set-up: say only that.
      throw new ConfigException(API_PAIR);
    }
    List<String> problems = new ArrayList<>();
    AppConfig.TelegramApi api = telegramApi(problems);
    Optional<String> session = string("TG_SESSION_STRING");
    List<String> bots = botTokens(problems);
    String channelKey = string("CHANNEL_IDS").isPresent() ? "CHANNEL_IDS" : "CHANNEL_ID";
    List<String> channels = list(channelKey);
    if (channels.isEmpty()) {
      problems.add("CHANNEL_IDS must list the channels to expose (-100… ids or @usernames, comma-separated)");
    }
    for (String channel : channels) {
      if (!CHANNEL.matcher(channel).matches()) {
        String hint = USERNAME.matcher(channel).matches() ? " (did you mean @" + channel + "?)" : "";
        problems.add(channelKey + " entry '" + channel + "' is neither a channel id (-100…) nor an @username" + hint);
      }
    }
    if (channels.size() != channels.stream().distinct().count()) {
      problems.add(channelKey + " lists a channel twice");
    }
    if (session.isEmpty() && string("TG_BOT_TOKEN").isEmpty()) {
      problems.add("TG_API_ID is set but neither TG_SESSION_STRING (made by `java -jar app/target/tgstream.jar "
          + "login`) nor TG_BOT_TOKEN (from @BotFather) is: set one of them, or unset TG_API_ID/TG_API_HASH to serve "
          + "LIBRARY_DIR");
    }
    int cacheMb = integer("TDLIB_CACHE_MB", AppConfig.TelegramSettings.DEFAULT_TDLIB_CACHE_MB, 64, 1 << 20, problems);
    if (!problems.isEmpty()) {
      // One line per bad value, so a first deploy shows everything to fix at once.
      throw new ConfigException(String.join("\n", problems));
    }
    return Optional.of(new AppConfig.TelegramSettings(api.apiId(), api.apiHash(), session, bots, channels,
        api.tdlibPath(), cacheMb));
  }

  /** What {@code login} needs: TG_API_ID, TG_API_HASH and TDLIB_PATH; nothing about channels or bots. */
  AppConfig.TelegramApi telegramApi() {
    List<String> problems = new ArrayList<>();
    AppConfig.TelegramApi api = telegramApi(problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(String.join("\n", problems));
    }
    return api;
  }

  /** Loads the {@link #telegramApi()} part of the process's settings. */
  public static AppConfig.TelegramApi loadTelegramApi() {
    return loader(System.getenv()).telegramApi();
  }

  private AppConfig.TelegramApi telegramApi(List<String> problems) {
    Optional<String> apiId = string("TG_API_ID");
    Optional<String> apiHash = string("TG_API_HASH");
    int id = 0;
    if (apiId.isEmpty() || apiHash.isEmpty()) {
      problems.add(API_PAIR);
    } else {
      id = integer("TG_API_ID", 0, 1, Integer.MAX_VALUE, problems);
      if (!apiHash.get().matches("[0-9a-fA-F]{32}")) {
        problems.add("TG_API_HASH must be the 32 hex characters my.telegram.org shows (got " + apiHash.get().length()
            + " characters)");
      }
    }
    Optional<Path> tdlibPath = string("TDLIB_PATH").map(v -> Path.of(v).toAbsolutePath().normalize());
    if (tdlibPath.isPresent() && !Files.isRegularFile(tdlibPath.get())) {
      problems.add("TDLIB_PATH " + tdlibPath.get() + " is not a file (give the path of libtdjson.so, or unset it to "
          + "use the copy the build fetches into .tdlib/)");
    }
    return new AppConfig.TelegramApi(id, apiHash.orElse(""), tdlibPath);
  }

  /** TG_BOT_TOKEN's entries, checked for shape only (Telegram says whether they are valid); never echoed. */
  private List<String> botTokens(List<String> problems) {
    List<String> tokens = list("TG_BOT_TOKEN");
    for (int i = 0; i < tokens.size(); i++) {
      if (!BOT_TOKEN.matcher(tokens.get(i)).matches()) {
        problems.add("TG_BOT_TOKEN entry " + (i + 1) + " of " + tokens.size() + " is not a bot token (expected "
            + "<digits>:<35 characters> as @BotFather gives it)");
      }
    }
    List<String> distinct = tokens.stream().distinct().toList();
    if (distinct.size() != tokens.size()) {
      problems.add("TG_BOT_TOKEN lists the same token more than once (each token is one client of the pool)");
    }
    return distinct;
  }

  private int integer(String key, int defaultValue, int min, int max, List<String> problems) {
    try {
      return integer(key, defaultValue, min, max);
    } catch (ConfigException e) {
      problems.add(e.getMessage());
      return defaultValue;
    }
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
