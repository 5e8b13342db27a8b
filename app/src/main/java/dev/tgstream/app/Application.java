package dev.tgstream.app;

import dev.tgstream.stream.StreamRoutes;
import dev.tgstream.stream.StreamVerticle;
import dev.tgstream.stream.api.LocalStreamerService;
import dev.tgstream.stream.engine.EngineConfig;
import dev.tgstream.stream.engine.StreamEngine;
import dev.tgstream.stream.http.StreamHandler;
import dev.tgstream.stream.link.LinkSigner;
import dev.tgstream.stream.link.SecretStore;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.ui.UiConfig;
import dev.tgstream.ui.UiVerticle;
import dev.tgstream.ui.streamer.EventBusStreamer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** Wires the components for the configured role and deploys its verticles. */
public final class Application {

  private static final Logger LOG = LoggerFactory.getLogger(Application.class);

  /** HTTP server instances of a stateless role: one per core, as many as Vert.x has event loops for. */
  static final int HTTP_INSTANCES = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

  private final Vertx vertx;
  private final TelegramGateway gateway;
  private final int port;

  private Application(Vertx vertx, TelegramGateway gateway, int port) {
    this.vertx = vertx;
    this.gateway = gateway;
    this.port = port;
  }

  /** Starts everything the role needs; completes once the HTTP port is bound. */
  public static Future<Application> start(Vertx vertx, AppConfig config) {
    return vertx.executeBlocking(() -> SecretStore.load(config.streamSecret().orElse(null), config.dataDir()))
        .compose(secret -> Backends.open(vertx, config).compose(gateway -> {
          LinkSigner signer = new LinkSigner(secret, Clock.systemUTC());
          EngineConfig engineConfig = EngineConfig.defaults()
              .withReadAhead(config.readAhead())
              .withCacheBytes(config.cacheMb() * 1024L * 1024L);
          StreamEngine engine = new StreamEngine(vertx, gateway, engineConfig);
          LocalStreamerService local = new LocalStreamerService(gateway, engine, signer);
          StreamHandler streamHandler = new StreamHandler(signer, gateway, engine);
          StreamRoutes routes = new StreamRoutes(vertx, gateway, engine, streamHandler);
          if (config.role() == Role.STREAM) {
            // Stateless apart from the shared engine: one instance per event loop shares the port, so every core
            // moves bytes.
            List<StreamVerticle> streamers = new ArrayList<>();
            return vertx.deployVerticle(() -> {
                  StreamVerticle v = new StreamVerticle(local, routes, OptionalInt.of(config.port()));
                  synchronized (streamers) {
                    streamers.add(v);
                  }
                  return v;
                }, new DeploymentOptions().setInstances(HTTP_INSTANCES))
                .map(id -> new Application(vertx, gateway, streamers.get(0).actualPort()));
          }
          // Role all: the streamer answers on the event bus, and the UI's server mounts its routes: one port.
          UiVerticle ui = new UiVerticle(uiConfig(config), gateway, new EventBusStreamer(vertx.eventBus()),
              streamHandler, config.port(), routes::mount);
          return vertx.deployVerticle(new StreamVerticle(local, routes, OptionalInt.empty()))
              .compose(id -> vertx.deployVerticle(ui))
              .map(id -> new Application(vertx, gateway, ui.actualPort()));
        }))
        .onSuccess(app -> LOG.info("tgstream ready on port {} (role {}, library {}, data {})", app.port,
            config.role().name().toLowerCase(), config.libraryDir(), config.dataDir()));
  }

  static UiConfig uiConfig(AppConfig config) {
    UiConfig ui = UiConfig.defaults(config.dataDir())
        .withAuthEnabled(config.uiAuth())
        .withUsersSpec(config.uiUsers().orElse(null))
        .withSource(config.telegram().isPresent() ? UiConfig.SOURCE_TELEGRAM : UiConfig.SOURCE_LIBRARY,
            config.telegram().isPresent() ? null : config.libraryDir().toString());
    return config.publicUrl().map(ui::withPublicUrl).orElse(ui);
  }

  public int port() {
    return port;
  }

  public Future<Void> close() {
    return gateway.close().eventually(() -> vertx.close());
  }
}
