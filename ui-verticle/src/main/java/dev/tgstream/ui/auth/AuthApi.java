package dev.tgstream.ui.auth;

import dev.tgstream.ui.UiConfig;
import dev.tgstream.ui.http.ApiProblem;
import dev.tgstream.ui.http.JsonBody;
import dev.tgstream.ui.http.ProblemHandler;
import dev.tgstream.ui.http.RequestId;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /api/me}, {@code POST /api/login}, {@code POST /api/logout}, {@code POST /api/me/password}. */
public final class AuthApi {

  private static final Logger log = LoggerFactory.getLogger(AuthApi.class);
  /** The one answer to a failed sign-in, whether the name exists or not. */
  static final String WRONG_CREDENTIALS = "wrong name or password";

  private final UiConfig config;
  private final UserStore users;
  private final SessionStore sessions;
  private final SessionAuth auth;
  private final LoginThrottle throttle;

  public AuthApi(UiConfig config, UserStore users, SessionStore sessions, SessionAuth auth, LoginThrottle throttle) {
    this.config = config;
    this.users = users;
    this.sessions = sessions;
    this.auth = auth;
    this.throttle = throttle;
  }

  /** Who is signed in, whether auth is on, and what the source is (for the SPA's banner and empty state). */
  public void handleMe(RoutingContext ctx) {
    Principal p = Principal.of(ctx);
    JsonObject source = new JsonObject().put("kind", config.sourceKind());
    if (UiConfig.SOURCE_LIBRARY.equals(config.sourceKind()) && config.libraryDir() != null) {
      source.put("libraryDir", config.libraryDir());
    }
    ctx.json(new JsonObject()
        .put("name", p.name())
        .put("role", p.role().wireName())
        .put("authEnabled", config.authEnabled())
        .put("source", source));
  }

  public void handleLogin(RoutingContext ctx) {
    JsonObject body;
    String name;
    String password;
    try {
      body = JsonBody.object(ctx);
      name = JsonBody.requiredString(body, "name").strip();
      password = JsonBody.requiredString(body, "password");
    } catch (ApiProblem p) {
      ctx.fail(p.status(), p);
      return;
    }
    String address = ClientAddress.of(ctx.request());
    int waitSeconds = throttle.begin(name, address);
    if (waitSeconds > 0) {
      log.warn("[{}] sign-in for '{}' from {} refused: too many failures", RequestId.of(ctx), safe(name), address);
      ctx.fail(429, new ApiProblem(429, "too many failed sign-ins; try again in " + waitSeconds + " s", waitSeconds));
      return;
    }
    users.authenticate(name, password)
        .onFailure(err -> ProblemHandler.fail(ctx, err))
        .onSuccess(user -> {
          if (user.isEmpty()) {
            log.info("[{}] failed sign-in for '{}' from {}", RequestId.of(ctx), safe(name), address);
            ctx.fail(401, new ApiProblem(401, WRONG_CREDENTIALS));
            return;
          }
          throttle.succeeded(name, address);
          // A fresh id on every sign-in: a session id planted before login is worth nothing after it.
          sessions.remove(SessionCookie.read(ctx));
          SessionStore.Issued session = sessions.create(user.get().name());
          SessionCookie.set(ctx, session);
          log.info("[{}] '{}' signed in from {}", RequestId.of(ctx), user.get().name(), address);
          ctx.json(new JsonObject().put("name", user.get().name()).put("role", user.get().role().wireName()));
        });
  }

  /**
   * Everyone changes their own password with the current one: 204, and the user's other sessions end (a stolen
   * session does not outlive the change). The current password is checked under the sign-in throttle, so this is no
   * side door for guessing it. 409 when UI_USERS defines the user (it would win again at the next start) or when
   * auth is off (there is no user to change).
   */
  public void handleChangePassword(RoutingContext ctx) {
    Principal p = Principal.of(ctx);
    String current;
    String next;
    try {
      JsonObject body = JsonBody.object(ctx);
      current = JsonBody.requiredString(body, "current");
      next = JsonBody.requiredString(body, "new");
    } catch (ApiProblem problem) {
      ctx.fail(problem.status(), problem);
      return;
    }
    if (p.sessionId() == null) {
      ctx.fail(409, ApiProblem.conflict("sign-in is off (UI_AUTH=off): there is no password to change"));
      return;
    }
    if (users.isFromEnv(p.name())) {
      ctx.fail(409, ApiProblem.conflict("your account is set by UI_USERS, which wins at every start; "
          + "change its hash there (hash-password prints one)"));
      return;
    }
    String weak = PasswordHasher.checkStrength(next);
    if (weak != null) {
      ctx.fail(400, ApiProblem.badRequest(weak));
      return;
    }
    String address = ClientAddress.of(ctx.request());
    int waitSeconds = throttle.begin(p.name(), address);
    if (waitSeconds > 0) {
      ctx.fail(429, new ApiProblem(429, "too many wrong passwords; try again in " + waitSeconds + " s", waitSeconds));
      return;
    }
    users.authenticate(p.name(), current)
        .compose(user -> {
          if (user.isEmpty()) {
            log.info("[{}] '{}' gave a wrong current password from {}", RequestId.of(ctx), p.name(), address);
            return io.vertx.core.Future.<User>failedFuture(new ApiProblem(403, "the current password is wrong"));
          }
          throttle.succeeded(p.name(), address);
          return users.update(p.name(), next, null);
        })
        .onFailure(err -> ProblemHandler.fail(ctx, err))
        .onSuccess(user -> {
          sessions.removeUser(user.name(), p.sessionId());
          log.info("[{}] '{}' changed their password", RequestId.of(ctx), user.name());
          ctx.response().setStatusCode(204).end();
        });
  }

  /** Ends the session (server state and cookie). Always 204, so a stale tab can always sign out. */
  public void handleLogout(RoutingContext ctx) {
    auth.resolve(ctx).ifPresent(p -> log.info("[{}] '{}' signed out", RequestId.of(ctx), p.name()));
    sessions.remove(SessionCookie.read(ctx));
    SessionCookie.clear(ctx);
    ctx.response().setStatusCode(204).end();
  }

  // Names come from the client: keep log lines one line and short.
  private static String safe(String name) {
    String cut = name.length() > 40 ? name.substring(0, 40) + "…" : name;
    return cut.replaceAll("[^A-Za-z0-9._@-]", "?");
  }
}
