package dev.tgstream.ui.auth;

import dev.tgstream.ui.http.ApiProblem;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * Lets a request through only with a live session of an existing user, and records who it acts for
 * ({@link Principal}). The role is read from the user store on every request, so a demotion or removal takes effect
 * at once. With auth off every request acts as {@link Principal#LOCAL}.
 */
public final class SessionAuth implements Handler<RoutingContext> {

  private final boolean enabled;
  private final SessionStore sessions;
  private final UserStore users;

  public SessionAuth(boolean enabled, SessionStore sessions, UserStore users) {
    this.enabled = enabled;
    this.sessions = sessions;
    this.users = users;
  }

  @Override
  public void handle(RoutingContext ctx) {
    resolve(ctx).ifPresentOrElse(principal -> {
      principal.attach(ctx);
      ctx.next();
    }, () -> ctx.fail(401, new ApiProblem(401, "sign in first")));
  }

  /** Admin-only routes, after this handler: 403 for viewers. */
  public static void requireAdmin(RoutingContext ctx) {
    if (!Principal.of(ctx).isAdmin()) {
      ctx.fail(403, new ApiProblem(403, "this needs the admin role"));
      return;
    }
    ctx.next();
  }

  /** Who the request acts for, without failing it: used by /api/me and logout. */
  public Optional<Principal> resolve(RoutingContext ctx) {
    if (!enabled) {
      return Optional.of(Principal.LOCAL);
    }
    return sessions.touch(SessionCookie.read(ctx))
        .flatMap(session -> users.find(session.userName())
            .map(user -> new Principal(user.name(), user.role(), session.handle())));
  }
}
