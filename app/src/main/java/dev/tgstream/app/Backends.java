package dev.tgstream.app;

import dev.tgstream.telegram.MetadataCache;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.library.LibraryGateway;
import dev.tgstream.telegram.simulated.SimulatedGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/** Opens the configured Telegram backend, wrapped in the simulator when SIMULATE_TELEGRAM is set. */
final class Backends {

  private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

  /** Long enough to cover a player's burst of probes and seeks, short enough to notice a replaced file soon. */
  static final long METADATA_TTL_MS = 10_000;
  static final int METADATA_ENTRIES = 10_000;

  private Backends() {
  }

  static Future<TelegramGateway> open(Vertx vertx, AppConfig config) {
    Future<TelegramGateway> base = LibraryGateway.open(vertx, config.libraryDir()).map(g -> (TelegramGateway) g);
    return base.map(gateway -> config.simulation()
        .<TelegramGateway>map(sim -> {
          LOG.warn("SIMULATE_TELEGRAM is on: part reads behave like Telegram's ({})", sim);
          return new SimulatedGateway(vertx, gateway, sim);
        })
        .orElse(gateway))
        .map(gateway -> new MetadataCache(gateway, Clock.systemUTC(), METADATA_TTL_MS, METADATA_ENTRIES));
  }
}
