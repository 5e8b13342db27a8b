package dev.tgstream.ui.streamer;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Decides who serves {@code GET|HEAD /raw-stream/{token}/{name}}: while the remote streamer serves, a 307 to its
 * {@code /stream/{token}/{name}} (same token: both sides share STREAM_SECRET); otherwise the next handler, the local
 * StreamHandler. Long-lived links (playlists, external players) point here, so they keep working through an outage
 * of the streamer. The redirect is not cached: the answer changes with the breaker.
 */
public final class RawStreamRedirect implements Handler<RoutingContext> {

  public static final String PREFIX = "/raw-stream";
  private static final String STREAM = "/stream";

  private final StreamerPath path;

  public RawStreamRedirect(StreamerPath path) {
    this.path = path;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    // The raw path: the token and the percent-encoded name go on exactly as the player sent them.
    String raw = req.path();
    if (!raw.startsWith(PREFIX + "/")) {
      ctx.next();
      return;
    }
    path.remoteUrl(STREAM + raw.substring(PREFIX.length())).ifPresentOrElse(url -> ctx.response()
            .setStatusCode(307)
            .putHeader("Location", req.query() == null ? url : url + "?" + req.query())
            .putHeader("Cache-Control", "no-store")
            .putHeader("Access-Control-Allow-Origin", "*")
            .end(),
        ctx::next);
  }
}
