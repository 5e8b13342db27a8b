package dev.tgstream.ui.auth;

import dev.tgstream.ui.http.RequestOrigin;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;

/**
 * The session cookie: HttpOnly (scripts never see it), SameSite=Lax (not sent on cross-site POSTs), Path=/, and
 * Secure whenever the browser talks https to us — directly or through Render's TLS-terminating proxy. It has no
 * Max-Age: the server decides when a session ends.
 */
public final class SessionCookie {

  public static final String NAME = "tgstream_session";

  private SessionCookie() {
  }

  /** The session id the browser sent, or null. */
  public static String read(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(NAME);
    return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
  }

  public static void set(RoutingContext ctx, SessionStore.Issued session) {
    ctx.response().addCookie(base(ctx, session.id()));
  }

  /** Tells the browser to forget the cookie. */
  public static void clear(RoutingContext ctx) {
    ctx.response().addCookie(base(ctx, "").setMaxAge(0));
  }

  private static Cookie base(RoutingContext ctx, String value) {
    return Cookie.cookie(NAME, value)
        .setPath("/")
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.LAX)
        .setSecure(RequestOrigin.isHttps(ctx.request()));
  }
}
