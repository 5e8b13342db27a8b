package dev.tgstream.ui;

import dev.tgstream.stream.ServerDrain;
import dev.tgstream.stream.StreamRoutes;
import dev.tgstream.stream.api.StreamerService;
import dev.tgstream.stream.http.MalformedPathGuard;
import dev.tgstream.stream.http.StreamHandler;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.tdlib.MessageLinkResolver;
import dev.tgstream.ui.api.BrowseApi;
import dev.tgstream.ui.api.PostLinkApi;
import dev.tgstream.ui.media.FrameGrabber;
import dev.tgstream.ui.media.MediaServices;
import dev.tgstream.ui.media.Subtitles;
import dev.tgstream.ui.media.SubtitlesApi;
import dev.tgstream.ui.playlist.PlaylistApi;
import dev.tgstream.ui.playlist.PlaylistLinks;
import dev.tgstream.ui.playlist.PlaylistTokens;
import dev.tgstream.stream.link.SecretStore;
import dev.tgstream.ui.media.MediaOptions;
import dev.tgstream.ui.media.ThumbnailCache;
import dev.tgstream.ui.media.Thumbnails;
import dev.tgstream.ui.api.ExternalUrls;
import dev.tgstream.ui.auth.AuthApi;
import dev.tgstream.ui.auth.LoginThrottle;
import dev.tgstream.ui.auth.SessionAdminApi;
import dev.tgstream.ui.auth.SessionAuth;
import dev.tgstream.ui.auth.SessionStore;
import dev.tgstream.ui.auth.UserAdminApi;
import dev.tgstream.ui.auth.UserStore;
import dev.tgstream.ui.http.AccessLog;
import dev.tgstream.ui.http.ApiProblem;
import dev.tgstream.ui.http.OriginCheck;
import dev.tgstream.ui.http.ProblemHandler;
import dev.tgstream.ui.http.RequestId;
import dev.tgstream.ui.http.SecurityHeaders;
import dev.tgstream.ui.progress.ProgressApi;
import dev.tgstream.ui.progress.ProgressStore;
import dev.tgstream.ui.streamer.RawStreamRedirect;
import dev.tgstream.ui.streamer.StreamerPath;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The UI service: the SPA, the JSON API behind it (sign-in, users, browse, progress) and {@code /raw-stream}, on one
 * HTTP server bound to 0.0.0.0. The routes the caller passes in (/stream, /health, /metrics) are mounted first.
 */
public final class UiVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(UiVerticle.class);
  private static final long SWEEP_INTERVAL_MS = 60_000;

  private final UiConfig config;
  private final TelegramGateway gateway;
  private final StreamerService streamer;
  private final StreamHandler streamHandler;
  private final int port;
  private final Consumer<Router> extraRoutes;
  private final StreamerPath streamerPath;
  private final Clock clock = Clock.systemUTC();
  private Optional<MessageLinkResolver> postLinks = Optional.empty();

  private UserStore users;
  private ProgressStore progress;
  private SessionStore sessions;
  private LoginThrottle throttle;
  private HttpServer server;
  private long sweepTimer = -1;
  private MediaOptions mediaOptions = MediaOptions.DEFAULTS;
  private MediaServices media;
  private Thumbnails thumbnails;
  private PlaylistApi playlistApi;

  /**
   * @param port        the port to listen on; 0 picks a free one ({@link #actualPort()})
   * @param extraRoutes mounts routes served before the UI's own (may be null)
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

  @Override
  public Future<?> start() {
    throttle = new LoginThrottle(clock);
    return UserStore.open(vertx, config.dataDir(), config.usersSpec(), config.authEnabled())
        .compose(store -> {
          users = store;
          return SessionStore.open(vertx, config.dataDir(), clock);
        })
        .compose(store -> {
          sessions = store;
          return ProgressStore.open(vertx, config.dataDir(), clock);
        })
        .compose(store -> {
          progress = store;
          return ThumbnailCache.open(vertx, config.dataDir().resolve("thumbnails"), mediaOptions.thumbnailMaxFiles(),
              mediaOptions.thumbnailMaxBytes());
        })
        .compose(pictures -> {
          FrameGrabber grabber = new FrameGrabber(vertx, mediaOptions.ffmpeg());
          // ffmpeg reads the stream links of this very server; it binds 0.0.0.0, so loopback reaches it.
          thumbnails = new Thumbnails(gateway, streamer, grabber, pictures,
              () -> "http://127.0.0.1:" + server.actualPort());
          // Checked (and, when missing, logged) once at start, so the first page's cards already know.
          return grabber.available();
        })
        .compose(ffmpegFound -> mediaOptions.playlistSecret() != null
            ? Future.succeededFuture(mediaOptions.playlistSecret())
            // The secret kept in DATA_DIR (the stream links' one when STREAM_SECRET is unset).
            : vertx.<byte[]>executeBlocking(() -> SecretStore.load(null, config.dataDir())))
        .compose(secret -> {
          PlaylistTokens tokens = new PlaylistTokens(secret, clock);
          ExternalUrls urls = new ExternalUrls(config.publicUrl());
          Subtitles subtitles = new Subtitles(gateway);
          PlaylistLinks links = new PlaylistLinks(tokens, urls, config.linkTtlSeconds());
          media = new MediaServices(thumbnails, subtitles, links);
          playlistApi = new PlaylistApi(gateway, streamer, urls, tokens, links, subtitles, config.linkTtlSeconds());
          return Future.<Void>succeededFuture();
        })
        .compose(v -> {
          announce();
          sweepTimer = vertx.setPeriodic(SWEEP_INTERVAL_MS, id -> {
            sessions.sweep();
            throttle.sweep();
          });
          return vertx.createHttpServer(new HttpServerOptions().setHost("0.0.0.0").setPort(port)
              .setIdleTimeout(StreamRoutes.IDLE_TIMEOUT_SECONDS))
              .requestHandler(new MalformedPathGuard(setupRouter()))
              .listen();
        })
        .onSuccess(s -> {
          server = s;
          log.info("UI listening on 0.0.0.0:{} ({} users, auth {})", s.actualPort(), users.size(),
              config.authEnabled() ? "on" : "OFF");
        });
  }

  @Override
  public Future<?> stop() {
    if (sweepTimer != -1) {
      vertx.cancelTimer(sweepTimer);
    }
    // Running responses get the deployment's grace period (SIGTERM); new connections are refused at once.
    Future<Void> closed = ServerDrain.shutdown(server, config());
    // Positions reported and sessions used up to the last moment are written before the process goes away.
    return closed.eventually(() -> Future.all(
        progress == null ? Future.succeededFuture() : progress.flush(),
        sessions == null ? Future.succeededFuture() : sessions.flush()));
  }

  /** The port the server listens on (the real one when started with port 0). */
  public int actualPort() {
    if (server == null) {
      throw new IllegalStateException("not started");
    }
    return server.actualPort();
  }

  /** The password of the {@code admin} created on this (first) start, also logged once; empty otherwise. */
  public Optional<String> generatedAdminPassword() {
    return users == null ? Optional.empty() : users.generatedAdminPassword();
  }

  private Router setupRouter() {
    SessionAuth sessionAuth = new SessionAuth(config.authEnabled(), sessions, users);
    AuthApi auth = new AuthApi(config, users, sessions, sessionAuth, throttle);
    UserAdminApi admin = new UserAdminApi(users, sessions, streamer, progress::removeUser, streamerPath);
    SessionAdminApi sessionAdmin = new SessionAdminApi(sessions);
    BrowseApi browse = new BrowseApi(gateway, streamer, new ExternalUrls(config.publicUrl()), config.linkTtlSeconds(),
        media);
    SubtitlesApi subtitlesApi = new SubtitlesApi(gateway, media.subtitles());
    // Continue-watching cards show the same pictures as the grid.
    ProgressApi progressApi = new ProgressApi(progress, gateway, media.thumbnails()::urlFor);
    PostLinkApi postLinkApi = new PostLinkApi(postLinks);
    ProblemHandler problems = new ProblemHandler();

    Router router = Router.router(vertx);
    router.route().handler(new RequestId());
    router.route().handler(new AccessLog());
    router.route().handler(new SecurityHeaders());

    extraRoutes.accept(router);
    // The token is the capability: no session needed, so external players can stream. Split, the remote streamer
    // serves while it is up (a redirect), the local engine otherwise.
    RawStreamRedirect rawStream = new RawStreamRedirect(streamerPath);
    router.route(HttpMethod.GET, RawStreamRedirect.PREFIX + "/*").handler(rawStream);
    router.route(HttpMethod.HEAD, RawStreamRedirect.PREFIX + "/*").handler(rawStream);
    StreamHandler.mount(router, RawStreamRedirect.PREFIX, streamHandler);

    // Signed links are the capability: players pasted a playlist or subtitle URL have no session.
    router.get(PlaylistLinks.PLAYLISTS + "/:token/:name").handler(playlistApi::handlePlaylist);
    router.get(PlaylistLinks.SUBTITLES + "/:token/:name").handler(playlistApi::handleSubtitle);

    router.route("/api/*").handler(this::handleApiDefaults);
    // Refused cross-origin writes are refused before their body is read.
    router.route("/api/*").method(HttpMethod.POST).method(HttpMethod.PUT).method(HttpMethod.DELETE)
        .method(HttpMethod.PATCH)
        .handler(new OriginCheck(config.publicUrl()));
    router.route("/api/*").method(HttpMethod.POST).method(HttpMethod.PUT).method(HttpMethod.DELETE)
        .method(HttpMethod.PATCH)
        .handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));

    router.post("/api/login").handler(auth::handleLogin);
    router.post("/api/logout").handler(auth::handleLogout);

    router.route("/api/*").handler(sessionAuth);
    router.get("/api/me").handler(auth::handleMe);
    router.post("/api/me/password").handler(auth::handleChangePassword);

    router.get("/api/channels").handler(browse::handleChannels);
    router.get("/api/channels/:id/files").handler(browse::handleFiles);
    router.get("/api/channels/:id/playlist.m3u8").handler(browse::handleChannelPlaylist);
    router.get("/api/links").handler(postLinkApi::handleOpen);
    router.get("/api/channels/:id/playlist.m3u").handler(browse::handleChannelPlaylist);
    router.get("/api/channels/:id/playlist-link").handler(playlistApi::handleChannelLink);
    router.get("/api/files/:id").handler(browse::handleFile);
    router.get("/api/files/:id/thumbnail").handler(browse::handleThumbnail);
    router.get("/api/files/:id/subtitles/:track").handler(subtitlesApi::handleVtt);
    router.get("/api/files/:id/playlist.m3u").handler(browse::handleFilePlaylist);

    router.get("/api/progress").handler(progressApi::handleList);
    router.put("/api/progress/:fileId").handler(progressApi::handlePut);
    router.delete("/api/progress/:fileId").handler(progressApi::handleDelete);

    router.route("/api/users").handler(SessionAuth::requireAdmin);
    router.route("/api/users/*").handler(SessionAuth::requireAdmin);
    router.route("/api/stats").handler(SessionAuth::requireAdmin);
    router.route("/api/sessions").handler(SessionAuth::requireAdmin);
    router.route("/api/sessions/*").handler(SessionAuth::requireAdmin);
    router.get("/api/users").handler(admin::handleList);
    router.post("/api/users").handler(admin::handleCreate);
    router.put("/api/users/:name").handler(admin::handleUpdate);
    router.delete("/api/users/:name").handler(admin::handleDelete);
    router.get("/api/stats").handler(admin::handleStats);
    router.get("/api/sessions").handler(sessionAdmin::handleList);
    router.delete("/api/sessions/:id").handler(sessionAdmin::handleRevoke);

    router.route("/api/*").handler(this::handleUnknownApi);

    // The SPA: index.html for "/", its files by path, 404 for anything else (no catch-all: the SPA routes by hash).
    router.route().method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(StaticHandler.create("webroot").setMaxAgeSeconds(300));

    router.route().failureHandler(problems);
    router.errorHandler(404, problems);
    router.errorHandler(405, problems);
    router.errorHandler(500, problems);
    return router;
  }

  /** API answers are per user and change: never cached (the thumbnail route overrides this). */
  private void handleApiDefaults(RoutingContext ctx) {
    ctx.response().putHeader("Cache-Control", "no-store");
    ctx.next();
  }

  private void handleUnknownApi(RoutingContext ctx) {
    ctx.fail(404, ApiProblem.notFound("no such API: " + ctx.request().method() + " " + ctx.request().path()));
  }

  private void announce() {
    if (!config.authEnabled()) {
      log.warn("UI_AUTH=off: nobody signs in and every visitor acts as an admin. Use this only on a trusted network.");
    }
    users.generatedAdminPassword().ifPresent(password -> log.warn(
        "FIRST START: created user 'admin' with password '{}' - sign in and change it. It is shown only this once "
            + "(lost it? stop the service and run: java -jar tgstream.jar reset-password admin).",
        password));
  }
}
