package dev.tgstream.app;

import dev.tgstream.stream.ServerDrain;
import dev.tgstream.stream.StreamRoutes;
import dev.tgstream.stream.StreamVerticle;
import dev.tgstream.stream.api.LocalStreamerService;
import dev.tgstream.stream.control.ControlApi;
import dev.tgstream.stream.engine.EngineConfig;
import dev.tgstream.stream.engine.StreamEngine;
import dev.tgstream.stream.http.StreamHandler;
import dev.tgstream.stream.link.LinkSigner;
import dev.tgstream.stream.link.SecretStore;
import dev.tgstream.stream.metrics.EngineMeters;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.ui.UiConfig;
import dev.tgstream.ui.UiVerticle;
import dev.tgstream.ui.media.MediaOptions;
import dev.tgstream.ui.streamer.RemoteStreamerConfig;
import dev.tgstream.ui.streamer.StreamerFactory;
import dev.tgstream.ui.streamer.Streamers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Wires the components for the configured role and deploys its verticles. */
public final class Application {

  private static final Logger LOG = LoggerFactory.getLogger(Application.class);

  /** HTTP server instances of every role: one per core, as many as Vert.x has event loops for. */
  static final int HTTP_INSTANCES = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

  private final Vertx vertx;
  private final TelegramGateway gateway;
  private final StreamEngine engine;
  private final int port;
  private final List<String> deployments;
  /** The UI's streamer clients (breaker trials, the remote's HTTP client): closed once the UI is gone. */
  private final Runnable closeStreamers;

  private Application(Vertx vertx, TelegramGateway gateway, StreamEngine engine, int port, List<String> deployments,
                      Runnable closeStreamers) {
    this.vertx = vertx;
    this.gateway = gateway;
    this.engine = engine;
    this.port = port;
    this.deployments = List.copyOf(deployments);
    this.closeStreamers = closeStreamers;
  }

  /** Starts everything the role needs; completes once the HTTP port is bound. */
  public static Future<Application> start(Vertx vertx, AppConfig config) {
    EngineConfig engineConfig = EngineConfig.defaults()
        .withReadAhead(config.readAhead())
        .withCacheBytes(config.cacheMb() * 1024L * 1024L);
    // While the secret loads and the backend opens; the port opens only after it, so the first request that
    // /health/ready lets in finds a warm path. Role ui streams through the remote streamer: nothing to warm. Under a
    // CPU quota below one CPU it would delay the port by seconds: skipped (RequestPathWarmUp.MIN_CPUS).
    Future<Void> warmed = config.role() == Role.UI ? Future.succeededFuture()
        : RequestPathWarmUp.run(engineConfig, CpuQuota.of(CpuQuota.CGROUP_ROOT));
    return vertx.executeBlocking(() -> SecretStore.load(config.streamSecret().orElse(null), config.dataDir()))
        .compose(secret -> Backends.openBackend(vertx, config).compose(warmed::map).compose(backend -> {
          TelegramGateway gateway = backend.gateway();
          LinkSigner signer = new LinkSigner(secret, Clock.systemUTC());
          StreamEngine engine = new StreamEngine(vertx, gateway, engineConfig);
          EngineMeters.bindToServiceRegistry(engine);
          // Every verticle drains its HTTP server for this long when undeployed (see stop()).
          JsonObject lifecycle = ServerDrain.config(config.shutdownGrace());
          List<String> deployed = new ArrayList<>();
          LocalStreamerService local = new LocalStreamerService(gateway, engine, signer);
          StreamHandler streamHandler = new StreamHandler(signer, gateway, engine);
          if (config.role() == Role.STREAM) {
            StreamRoutes routes = new StreamRoutes(vertx, gateway, engine, streamHandler, controlApi(local, secret));
            // Stateless apart from the shared engine: one instance per event loop shares the port, so every core
            // moves bytes.
            List<StreamVerticle> streamers = new ArrayList<>();
            return vertx.deployVerticle(() -> {
                  StreamVerticle v = new StreamVerticle(local, routes, OptionalInt.of(config.port()));
                  synchronized (streamers) {
                    streamers.add(v);
                  }
                  return v;
                }, new DeploymentOptions().setInstances(HTTP_INSTANCES).setConfig(lifecycle))
                .onSuccess(deployed::add)
                .map(id -> new Application(vertx, gateway, engine, streamers.get(0).actualPort(), deployed, () -> { }));
          }
          // Role all: the streamer answers on the event bus, and the UI's server mounts its routes: one port. Role ui:
          // the same local engine, with no port of its own, is the fallback of the remote streamer.
          Streamers streamers = StreamerFactory.create(vertx, remoteStreamer(config, secret));
          // Role all answers the control API too, for symmetry; a split UI has no one to answer it for.
          StreamRoutes routes = new StreamRoutes(vertx, gateway, engine, streamHandler,
              config.role() == Role.ALL ? controlApi(local, secret) : null, streamers.readyChecks());
          UiVerticle ui = new UiVerticle(uiConfig(config), gateway, streamers.service(), streamHandler, config.port(),
              routes::mount, streamers.path())
              // Playlist links are signed with a key derived from the service secret: they survive restarts, and
              // in a split deployment every UI instance accepts the others'.
              .withMedia(MediaOptions.DEFAULTS.withPlaylistSecret(secret))
              // One server per event loop on the one port, over shared stores: every core serves pages and bytes.
              .withInstances(HTTP_INSTANCES);
          backend.links().ifPresent(ui::withPostLinks);
          return vertx.deployVerticle(new StreamVerticle(local, routes, OptionalInt.empty()),
                  new DeploymentOptions().setConfig(lifecycle))
              .onSuccess(deployed::add)
              .compose(id -> vertx.deployVerticle(ui, new DeploymentOptions().setConfig(lifecycle)))
              .onSuccess(deployed::add)
              .map(id -> new Application(vertx, gateway, engine, ui.actualPort(), deployed, streamers.close()));
        }))
        .onSuccess(app -> LOG.info("tgstream ready on port {} (role {}, library {}, data {})", app.port,
            config.role().name().toLowerCase(), config.libraryDir(), config.dataDir()));
  }

  /** The signed HTTP control API a split UI calls (STREAM_SECRET is the key both sides hold). */
  private static ControlApi controlApi(LocalStreamerService local, byte[] secret) {
    return new ControlApi(local, secret, Clock.systemUTC());
  }

  /** Role ui: the remote streamer at STREAMER_URL (ConfigLoader made sure it and a shared STREAM_SECRET are set). */
  static Optional<RemoteStreamerConfig> remoteStreamer(AppConfig config, byte[] secret) {
    if (config.role() != Role.UI) {
      return Optional.empty();
    }
    RemoteStreamerConfig remote = new RemoteStreamerConfig(config.streamerUrl().orElseThrow(), secret,
        Duration.ofMillis(config.split().streamerTimeoutMs()), config.split().breaker());
    LOG.info("split UI: streaming from {} through a circuit breaker, the local engine as fallback ({})", remote.url(),
        remote.breaker());
    return Optional.of(remote);
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

  /**
   * Stops serving: undeploys the verticles newest first (the HTTP front before the engine it calls; each drains its
   * server for the configured grace), closes the UI's streamer clients, then closes the backend. Does not close Vert.x: the caller does that last and
   * waits on that future alone, because a future bound to an event loop cannot complete once the loops are gone.
   */
  public Future<Void> stop() {
    List<Throwable> failures = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String id = deployments.get(i);
      // One verticle failing to stop must not keep the others (or the backend) open.
      chain = chain.transform(ignored -> vertx.undeploy(id).onFailure(failures::add));
    }
    chain = chain.andThen(ignored -> closeStreamers.run());
    // The cache's part buffers are freed now, not whenever a collection finds them (a stopped Application need not be
    // the end of the process: tests start many).
    chain = chain.andThen(ignored -> engine.clearCache());
    return chain.transform(ignored -> gateway.close().onFailure(failures::add))
        .transform(ignored -> failures.isEmpty() ? Future.succeededFuture() : Future.failedFuture(failures.get(0)));
  }
}
