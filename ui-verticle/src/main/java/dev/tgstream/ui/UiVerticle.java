package dev.tgstream.ui;

import dev.tgstream.stream.api.StreamerService;
import dev.tgstream.stream.http.StreamHandler;
import dev.tgstream.stream.link.SecretStore;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.tdlib.MessageLinkResolver;
import dev.tgstream.ui.api.ExternalUrls;
import dev.tgstream.ui.auth.LoginThrottle;
import dev.tgstream.ui.auth.SessionStore;
import dev.tgstream.ui.auth.UserStore;
import dev.tgstream.ui.media.FrameGrabber;
import dev.tgstream.ui.media.MediaOptions;
import dev.tgstream.ui.media.MediaServices;
import dev.tgstream.ui.media.Subtitles;
import dev.tgstream.ui.media.ThumbnailCache;
import dev.tgstream.ui.media.Thumbnails;
import dev.tgstream.ui.playlist.PlaylistApi;
import dev.tgstream.ui.playlist.PlaylistLinks;
import dev.tgstream.ui.playlist.PlaylistTokens;
import dev.tgstream.ui.progress.ProgressStore;
import dev.tgstream.ui.streamer.StreamerPath;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The UI service: the SPA, the JSON API behind it (sign-in, users, browse, progress) and {@code /raw-stream}, on one
 * port bound to 0.0.0.0. The routes the caller passes in (/stream, /health, /metrics) are mounted first.
 *
 * <p>This verticle opens what the servers share ({@link UiServices}: stores, throttle, media) once, then deploys
 * {@link #withInstances(int) n} {@link UiHttpVerticle}s as its children, each with its own router and HTTP server on
 * the same port and its own event loop, so every core serves. Undeploying it undeploys them first (each drains its
 * server for the deployment's grace period), then writes what the stores hold.
 */
public final class UiVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(UiVerticle.class);
  private static final long SWEEP_INTERVAL_MS = 60_000;
  private static final AtomicInteger NEXT_SHARED_RANDOM_PORT = new AtomicInteger();

  private final UiConfig config;
  private final TelegramGateway gateway;
  private final StreamerService streamer;
  private final StreamHandler streamHandler;
  private final int port;
  private final Consumer<Router> extraRoutes;
  private final StreamerPath streamerPath;
  private final Clock clock = Clock.systemUTC();
  private Optional<MessageLinkResolver> postLinks = Optional.empty();
  private MediaOptions mediaOptions = MediaOptions.DEFAULTS;
  private int instances = 1;

  private UiServices services;
  private long sweepTimer = -1;
  /** Set once a server listens (all share one port); read by the thumbnail maker from any loop. */
  private volatile int actualPort = -1;

  /**
   * @param port        the port to listen on; 0 picks a free one ({@link #actualPort()})
   * @param extraRoutes mounts routes served before the UI's own (may be null); called once per server, from its loop
   */
  public UiVerticle(UiConfig config, TelegramGateway gateway, StreamerService streamer, StreamHandler streamHandler,
                    int port, Consumer<Router> extraRoutes) {
    this(config, gateway, streamer, streamHandler, port, extraRoutes, StreamerPath.COLOCATED);
  }

  /**
   * @param streamerPath whether /raw-stream goes to a remote streamer right now, and its state for the admin view
   *                     ({@link StreamerPath#COLOCATED} when the streamer runs in this process)
   */
  public UiVerticle(UiConfig config, TelegramGateway gateway, StreamerService streamer, StreamHandler streamHandler,
                    int port, Consumer<Router> extraRoutes, StreamerPath streamerPath) {
    this.streamerPath = Objects.requireNonNull(streamerPath, "streamerPath");
    this.config = Objects.requireNonNull(config, "config");
    this.gateway = Objects.requireNonNull(gateway, "gateway");
    this.streamer = Objects.requireNonNull(streamer, "streamer");
    this.streamHandler = Objects.requireNonNull(streamHandler, "streamHandler");
    this.port = port;
    this.extraRoutes = extraRoutes == null ? router -> { } : extraRoutes;
  }

  /** Lets {@code GET /api/links} open Telegram post links (the TDLib backend has them); call before deploying. */
  public UiVerticle withPostLinks(MessageLinkResolver resolver) {
    this.postLinks = Optional.of(resolver);
    return this;
  }

  /** Media settings (ffmpeg, picture cache bounds); call before deploying. */
  public UiVerticle withMedia(MediaOptions options) {
    this.mediaOptions = Objects.requireNonNull(options, "options");
    return this;
  }

  /** How many HTTP servers (event loops) serve the port; 1 unless set. Call before deploying. */
  public UiVerticle withInstances(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("instances must be at least 1, not " + count);
    }
    this.instances = count;
    return this;
  }

  @Override
  public Future<?> start() {
    return openServices()
        .compose(shared -> {
          services = shared;
          // Once per service, not per server: the first-start password is shown exactly once.
          announce();
          sweepTimer = vertx.setPeriodic(SWEEP_INTERVAL_MS, id -> {
            shared.sessions().sweep();
            shared.throttle().sweep();
          });
          return deployServers(shared);
        })
        .onSuccess(v -> log.info("UI listening on 0.0.0.0:{} ({} users, auth {}, {} event loop{})", actualPort,
            services.users().size(), config.authEnabled() ? "on" : "OFF", instances, instances == 1 ? "" : "s"));
  }

  /** The servers, children of this deployment: undeployed (and drained) before {@link #stop()} runs. */
  private Future<Void> deployServers(UiServices shared) {
    // Servers on one port share it, but each asking for port 0 would get a port of its own. A negative port is Vert.x's
    // random port shared by every server asking for that same value: one value per UiVerticle, so that two UIs in one
    // Vert.x (tests) never end up on one port.
    int listenPort = port == 0 && instances > 1 ? -NEXT_SHARED_RANDOM_PORT.incrementAndGet() : port;
    // Known as soon as the first server listens: requests may come in before the others are up.
    IntConsumer listening = bound -> actualPort = bound;
    return vertx.deployVerticle(() -> new UiHttpVerticle(shared, listenPort, listening),
        new DeploymentOptions().setInstances(instances).setConfig(config())).mapEmpty();
  }

  private Future<UiServices> openServices() {
    LoginThrottle throttle = new LoginThrottle(clock);
    UserStore[] users = new UserStore[1];
    SessionStore[] sessions = new SessionStore[1];
    ProgressStore[] progress = new ProgressStore[1];
    Thumbnails[] thumbnails = new Thumbnails[1];
    return UserStore.open(vertx, config.dataDir(), config.usersSpec(), config.authEnabled())
        .compose(store -> {
          users[0] = store;
          return SessionStore.open(vertx, config.dataDir(), clock);
        })
        .compose(store -> {
          sessions[0] = store;
          return ProgressStore.open(vertx, config.dataDir(), clock);
        })
        .compose(store -> {
          progress[0] = store;
          return ThumbnailCache.open(vertx, config.dataDir().resolve("thumbnails"), mediaOptions.thumbnailMaxFiles(),
              mediaOptions.thumbnailMaxBytes());
        })
        .compose(pictures -> {
          FrameGrabber grabber = new FrameGrabber(vertx, mediaOptions.ffmpeg());
          // ffmpeg reads the stream links of this very server; it binds 0.0.0.0, so loopback reaches it.
          thumbnails[0] = new Thumbnails(gateway, streamer, grabber, pictures, () -> "http://127.0.0.1:" + actualPort);
          // Checked (and, when missing, logged) once at start, so the first page's cards already know.
          return grabber.available();
        })
        .compose(ffmpegFound -> mediaOptions.playlistSecret() != null
            ? Future.succeededFuture(mediaOptions.playlistSecret())
            // The secret kept in DATA_DIR (the stream links' one when STREAM_SECRET is unset).
            : vertx.<byte[]>executeBlocking(() -> SecretStore.load(null, config.dataDir())))
        .map(secret -> {
          PlaylistTokens tokens = new PlaylistTokens(secret, clock);
          ExternalUrls urls = new ExternalUrls(config.publicUrl());
          Subtitles subtitles = new Subtitles(gateway);
          PlaylistLinks links = new PlaylistLinks(tokens, urls, config.linkTtlSeconds());
          MediaServices media = new MediaServices(thumbnails[0], subtitles, links);
          PlaylistApi playlistApi = new PlaylistApi(gateway, streamer, urls, tokens, links, subtitles,
              config.linkTtlSeconds());
          return new UiServices(config, gateway, streamer, streamHandler, extraRoutes, streamerPath, postLinks,
              users[0], sessions[0], progress[0], throttle, media, playlistApi);
        });
  }

  @Override
  public Future<?> stop() {
    if (sweepTimer != -1) {
      vertx.cancelTimer(sweepTimer);
    }
    // The servers (children) have drained and closed by now. Positions reported and sessions used up to the last
    // moment are written before the process goes away.
    return services == null ? Future.succeededFuture()
        : Future.all(services.progress().flush(), services.sessions().flush());
  }

  /** The port the servers listen on (the real one when started with port 0). */
  public int actualPort() {
    if (actualPort == -1) {
      throw new IllegalStateException("not started");
    }
    return actualPort;
  }

  /** The password of the {@code admin} created on this (first) start, also logged once; empty otherwise. */
  public Optional<String> generatedAdminPassword() {
    return services == null ? Optional.empty() : services.users().generatedAdminPassword();
  }

  private void announce() {
    if (!config.authEnabled()) {
      log.warn("UI_AUTH=off: nobody signs in and every visitor acts as an admin. Use this only on a trusted network.");
    }
    services.users().generatedAdminPassword().ifPresent(password -> log.warn(
        "FIRST START: created user 'admin' with password '{}' - sign in and change it. It is shown only this once "
            + "(lost it? stop the service and run: java -jar tgstream.jar reset-password admin).",
        password));
  }
}
