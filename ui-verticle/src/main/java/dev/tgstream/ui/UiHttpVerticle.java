package dev.tgstream.ui;

import dev.tgstream.stream.ServerDrain;
import dev.tgstream.stream.StreamRoutes;
import dev.tgstream.stream.api.StreamerService;
import dev.tgstream.stream.http.MalformedPathGuard;
import dev.tgstream.stream.http.StreamHandler;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.ui.api.BrowseApi;
import dev.tgstream.ui.api.ExternalUrls;
import dev.tgstream.ui.api.PostLinkApi;
import dev.tgstream.ui.auth.AuthApi;
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
import dev.tgstream.ui.media.MediaServices;
import dev.tgstream.ui.media.SubtitlesApi;
import dev.tgstream.ui.playlist.PlaylistApi;
import dev.tgstream.ui.playlist.PlaylistLinks;
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

import java.util.function.IntConsumer;

/**
 * One event loop's UI server: its own router and HTTP server over the {@link UiServices} every loop shares. Several
 * of them listen on one port (Vert.x hands each new connection to the next), deployed by {@link UiVerticle}.
 */
final class UiHttpVerticle extends VerticleBase {

  private final UiServices services;
  private final int port;
  private final IntConsumer listening;
  private HttpServer server;

  /** @param port the port to listen on; 0 picks a free one, a negative one a free one shared by all asking for it */
  /** @param listening told the bound port once this server listens (before its deployment completes) */
  UiHttpVerticle(UiServices services, int port, IntConsumer listening) {
    this.services = services;
    this.port = port;
    this.listening = listening;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setHost("0.0.0.0").setPort(port)
            .setIdleTimeout(StreamRoutes.IDLE_TIMEOUT_SECONDS))
        .requestHandler(new MalformedPathGuard(setupRouter()))
        .listen()
        .onSuccess(s -> {
          server = s;
          listening.accept(s.actualPort());
        });
  }

  @Override
  public Future<?> stop() {
    // Running responses get the deployment's grace period (SIGTERM); new connections are refused at once.
    return ServerDrain.shutdown(server, config());
  }

  private Router setupRouter() {
    UiConfig config = services.config();
    UserStore users = services.users();
    SessionStore sessions = services.sessions();
    ProgressStore progress = services.progress();
    StreamerService streamer = services.streamer();
    TelegramGateway gateway = services.gateway();
    MediaServices media = services.media();
    PlaylistApi playlistApi = services.playlistApi();
    StreamerPath streamerPath = services.streamerPath();
    SessionAuth sessionAuth = new SessionAuth(config.authEnabled(), sessions, users);
    AuthApi auth = new AuthApi(config, users, sessions, sessionAuth, services.throttle());
    UserAdminApi admin = new UserAdminApi(users, sessions, streamer, progress::removeUser, streamerPath);
    SessionAdminApi sessionAdmin = new SessionAdminApi(sessions);
    BrowseApi browse = new BrowseApi(gateway, streamer, new ExternalUrls(config.publicUrl()), config.linkTtlSeconds(),
        media);
    SubtitlesApi subtitlesApi = new SubtitlesApi(gateway, media.subtitles());
    // Continue-watching cards show the same pictures as the grid.
    ProgressApi progressApi = new ProgressApi(progress, gateway, media.thumbnails()::urlFor);
    PostLinkApi postLinkApi = new PostLinkApi(services.postLinks());
    ProblemHandler problems = new ProblemHandler();

    Router router = Router.router(vertx);
    router.route().handler(new RequestId());
    router.route().handler(new AccessLog());
    router.route().handler(new SecurityHeaders());

    services.extraRoutes().accept(router);
    // The token is the capability: no session needed, so external players can stream. Split, the remote streamer
    // serves while it is up (a redirect), the local engine otherwise.
    RawStreamRedirect rawStream = new RawStreamRedirect(streamerPath);
    router.route(HttpMethod.GET, RawStreamRedirect.PREFIX + "/*").handler(rawStream);
    router.route(HttpMethod.HEAD, RawStreamRedirect.PREFIX + "/*").handler(rawStream);
    StreamHandler.mount(router, RawStreamRedirect.PREFIX, services.streamHandler());

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
}
