package dev.tgstream.app;

import dev.tgstream.telegram.MetadataCache;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.library.LibraryGateway;
import dev.tgstream.telegram.simulated.SimulatedGateway;
import dev.tgstream.telegram.tdlib.MessageLinkResolver;
import dev.tgstream.telegram.tdlib.NativeTdJson;
import dev.tgstream.telegram.tdlib.TdJson;
import dev.tgstream.telegram.tdlib.TdJsonProvider;
import dev.tgstream.telegram.tdlib.TdLibraryLocator;
import dev.tgstream.telegram.tdlib.TdRuntime;
import dev.tgstream.telegram.tdlib.TdlibBackend;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * Opens the configured Telegram backend — TDLib when TG_API_ID is set, else the LIBRARY_DIR folder — wrapped in the
 * simulator when SIMULATE_TELEGRAM is set, and in the metadata cache.
 */
final class Backends {

  private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

  /** Long enough to cover a player's burst of probes and seeks, short enough to notice a replaced file soon. */
  static final long METADATA_TTL_MS = 10_000;
  static final int METADATA_ENTRIES = 10_000;
  /** TDLib logs to stderr: errors only, our own log says what matters. */
  static final int TDLIB_LOG_VERBOSITY = 1;

  /**
   * The opened backend, what opens t.me post links when it can (TDLib), and when its logins are done (the HTTP port
   * does not wait for them; a one-shot command does).
   */
  record Backend(TelegramGateway gateway, Optional<MessageLinkResolver> links, Future<Void> settled) {
  }

  private Backends() {
  }

  static Future<TelegramGateway> open(Vertx vertx, AppConfig config) {
    return openBackend(vertx, config).map(Backend::gateway);
  }

  static Future<Backend> openBackend(Vertx vertx, AppConfig config) {
    Future<Backend> base = config.telegram().isPresent()
        ? tdlib(vertx, config, config.telegram().get())
        : LibraryGateway.open(vertx, config.libraryDir())
            .map(g -> new Backend(g, Optional.empty(), Future.succeededFuture()));
    return base.map(backend -> {
      TelegramGateway gateway = config.simulation()
          .<TelegramGateway>map(sim -> {
            LOG.warn("SIMULATE_TELEGRAM is on: part reads behave like Telegram's ({})", sim);
            return new SimulatedGateway(vertx, backend.gateway(), sim);
          })
          .orElse(backend.gateway());
      return new Backend(new MetadataCache(gateway, Clock.systemUTC(), METADATA_TTL_MS, METADATA_ENTRIES),
          backend.links(), backend.settled());
    });
  }

  /**
   * The TDLib backend. Only a missing or unloadable libtdjson fails the start (one line saying how to get it); a login
   * that does not work starts a backend that is not ready and says why (see {@link TdlibBackend}).
   */
  private static Future<Backend> tdlib(Vertx vertx, AppConfig config, AppConfig.TelegramSettings telegram) {
    // Loading a native library blocks for a moment: not on an event loop.
    return vertx.executeBlocking(() -> {
      TdJson json = tdJson(telegram);
      // Before the receive thread starts: TDLib's default verbosity logs every td_receive wait to stderr.
      json.execute(new JsonObject().put("@type", "setLogVerbosityLevel").put("new_verbosity_level",
          TDLIB_LOG_VERBOSITY).encode());
      return TdRuntime.start(vertx, json);
    }, false).compose(runtime -> TdlibBackend.start(vertx, runtime, config.dataDir().resolve("tdlib"),
        new TdlibBackend.Settings(telegram.apiId(), telegram.apiHash(), telegram.sessionString(), telegram.botTokens(),
            telegram.channelIds(), telegram.tdlibCacheMb() * 1024L * 1024L, applicationVersion())))
        .map(started -> new Backend(started.gateway(), Optional.of(started.links()), started.settled()));
  }

  /**
   * The real libtdjson; or, only when the JVM was started with {@code -Dtgstream.tdjson.provider=<class>} and that
   * class is on the class path (end-to-end tests: the shipped jar has none), what that provider opens.
   */
  private static TdJson tdJson(AppConfig.TelegramSettings telegram) throws Exception {
    Optional<TdJsonProvider> provider = TdJsonProvider.configured();
    if (provider.isPresent()) {
      TdJson json = provider.get().open(telegram.tdlibPath());
      LOG.warn("-D{} is set: TDLib's JSON interface is answered by {}, NOT by libtdjson (a test set-up)",
          TdJsonProvider.PROPERTY, provider.get().describe());
      return json;
    }
    NativeTdJson json;
    try {
      json = NativeTdJson.load(TdLibraryLocator.locate(telegram.tdlibPath()));
    } catch (IllegalStateException e) {
      throw new IllegalStateException("TG_API_ID is set but " + e.getMessage(), e);
    }
    LOG.info("TDLib {} loaded from {}", TdLibraryLocator.TDLIB_VERSION, json.path());
    return json;
  }

  private static String applicationVersion() {
    String v = Backends.class.getPackage().getImplementationVersion();
    return v != null ? v : "dev";
  }
}
