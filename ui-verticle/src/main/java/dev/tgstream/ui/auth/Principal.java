package dev.tgstream.ui.auth;

import io.vertx.ext.web.RoutingContext;

/**
 * Who a request acts for, set by {@link SessionAuth}. {@code sessionId} is the session's stored handle
 * ({@link Session#handle()}, not the cookie's secret id), null when auth is off.
 */
public record Principal(String name, Role role, String sessionId) {

  /** Everyone, when UI_AUTH=off. */
  public static final Principal LOCAL = new Principal("local", Role.ADMIN, null);

  private static final String KEY = "tgstream.principal";

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  void attach(RoutingContext ctx) {
    ctx.put(KEY, this);
  }

  /** The principal of a request that passed {@link SessionAuth}. */
  public static Principal of(RoutingContext ctx) {
    Principal p = ctx.get(KEY);
    if (p == null) {
      throw new IllegalStateException("route is not behind SessionAuth");
    }
    return p;
  }
}
