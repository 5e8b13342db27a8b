package dev.tgstream.ui.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * CSRF defence for state-changing API calls: the browser's {@code Origin} (or, when a browser omits it, the origin of
 * {@code Referer}) must be this service's own origin, as the request reached it or as PUBLIC_URL names it. A request
 * carrying neither is refused too: every browser sends one of them on a POST, PUT or DELETE made by a page, and the
 * API has no other kind of client. The session cookie's SameSite=Lax is the second line of defence.
 */
public final class OriginCheck implements Handler<RoutingContext> {

  private final Optional<String> publicOrigin;

  public OriginCheck(Optional<String> publicUrl) {
    this.publicOrigin = publicUrl.flatMap(RequestOrigin::normalize);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    String source = origin != null ? origin : ctx.request().getHeader("Referer");
    if (source == null) {
      ctx.fail(403, new ApiProblem(403, "missing Origin header: state-changing requests must come from the web UI"));
      return;
    }
    Optional<String> claimed = RequestOrigin.normalize(source);
    boolean allowed = claimed.isPresent()
        && (claimed.get().equals(RequestOrigin.of(ctx.request())) || claimed.equals(publicOrigin));
    if (!allowed) {
      ctx.fail(403, new ApiProblem(403, "cross-origin request refused: " + (origin != null ? "Origin" : "Referer")
          + " does not match this site"));
      return;
    }
    ctx.next();
  }
}
