package dev.tgstream.app;

import dev.tgstream.telegram.simulated.SimulationConfig;
import dev.tgstream.ui.streamer.BreakerConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the process, read once at start-up from conf/config.json and the environment (env wins).
 *
 * @param role         what to deploy
 * @param port         HTTP port, bound on 0.0.0.0
 * @param dataDir      state that survives restarts: users, secrets, progress
 * @param libraryDir   folder served by the embedded backend
 * @param streamSecret HMAC key for signed links, or empty to use the one generated into dataDir
 * @param publicUrl    external base URL for absolute links (no trailing slash), or empty to derive from requests
 * @param uiUsers      UI_USERS, or empty
 * @param uiAuth       false when UI_AUTH=off
 * @param readAhead    parts in flight ahead of a reader
 * @param cacheMb      the shared part cache
 * @param simulation   Telegram-like latency and limits around the backend, or empty
 * @param telegram     the TDLib backend's settings, when TG_API_ID is set
 * @param streamerUrl  the remote streamer's public URL (role ui)
 * @param split        how the UI of a split deployment talks to that streamer (role ui)
 * @param shutdownGrace how long running responses may take to finish after SIGTERM (SHUTDOWN_GRACE_MS)
 */
public record AppConfig(
    Role role,
    int port,
    Path dataDir,
    Path libraryDir,
    Optional<String> streamSecret,
    Optional<String> publicUrl,
    Optional<String> uiUsers,
    boolean uiAuth,
    int readAhead,
    int cacheMb,
    Optional<SimulationConfig> simulation,
    Optional<TelegramSettings> telegram,
    Optional<String> streamerUrl,
    SplitSettings split,
    Duration shutdownGrace) {

  /**
   * The UI's side of a split deployment: the breaker around the remote streamer, and how long one HTTP call to it
   * (STREAMER_TIMEOUT_MS) may take.
   */
  public record SplitSettings(BreakerConfig breaker, int streamerTimeoutMs) {
  }

  /**
   * The TDLib backend's settings.
   *
   * @param apiId         TG_API_ID (my.telegram.org)
   * @param apiHash       TG_API_HASH
   * @param sessionString TG_SESSION_STRING as given: checked when the backend starts (a bad one leaves the service up
   *                      and not ready, rather than crash-looping)
   * @param botTokens     TG_BOT_TOKEN, in order, without duplicates
   * @param channelIds    CHANNEL_IDS (or CHANNEL_ID): {@code -100…} chat ids and {@code @usernames}
   * @param tdlibPath     TDLIB_PATH: the libtdjson.so to load; empty to use the copy the build fetched
   * @param tdlibCacheMb  TDLIB_CACHE_MB: the bound on TDLib's file cache on disk
   */
  public record TelegramSettings(int apiId, String apiHash, Optional<String> sessionString, List<String> botTokens,
                                 List<String> channelIds, Optional<Path> tdlibPath, int tdlibCacheMb) {

    public static final int DEFAULT_TDLIB_CACHE_MB = 1024;

    /** Only bots: nothing can list a channel's history, so the file list comes from the post index. */
    public boolean botsOnly() {
      return sessionString.isEmpty();
    }

    /** Secrets stay out of logs and exception messages. */
    @Override
    public String toString() {
      return "TelegramSettings[apiId=" + apiId + ", session=" + (sessionString.isPresent() ? "set" : "none")
          + ", bots=" + botTokens.size() + ", channels=" + channelIds + ", tdlibPath=" + tdlibPath
          + ", tdlibCacheMb=" + tdlibCacheMb + "]";
    }
  }

  /**
   * What {@code login} needs: the application's credentials and where libtdjson is.
   *
   * @param tdlibPath as {@link TelegramSettings#tdlibPath()}
   */
  public record TelegramApi(int apiId, String apiHash, Optional<Path> tdlibPath) {
    @Override
    public String toString() {
      return "TelegramApi[apiId=" + apiId + ", tdlibPath=" + tdlibPath + "]";
    }
  }

  /** The base for absolute links printed by the CLI or used when no request is at hand. */
  public String linkBase() {
    return publicUrl.orElse("http://localhost:" + port);
  }
}
