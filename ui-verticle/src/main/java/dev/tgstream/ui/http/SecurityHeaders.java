package dev.tgstream.ui.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers every response carries. The policy fits the SPA (its own scripts and styles only, no inline code), lets
 * {@code <video>} play from any http(s) origin because a split deployment streams from STREAMER_URL, and forbids
 * framing so the UI cannot be clickjacked.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {

  public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data: blob: http: https:; media-src 'self' http: https: blob:; connect-src 'self'; "
      + "frame-ancestors 'none'; object-src 'none'; base-uri 'self'";

  @Override
  public void handle(RoutingContext ctx) {
    MultiMap headers = ctx.response().headers();
    headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "same-origin");
    headers.set("X-Frame-Options", "DENY");
    ctx.next();
  }
}
