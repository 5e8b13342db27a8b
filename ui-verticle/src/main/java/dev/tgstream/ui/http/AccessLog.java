package dev.tgstream.ui.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One DEBUG line per request with its id, status and time: enough to follow a session without flooding INFO. */
public final class AccessLog implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger("dev.tgstream.ui.access");

  @Override
  public void handle(RoutingContext ctx) {
    if (log.isDebugEnabled()) {
      long start = System.nanoTime();
      ctx.addEndHandler(ar -> log.debug("[{}] {} {} -> {} in {} ms", RequestId.of(ctx), ctx.request().method(),
          ctx.request().path(), ctx.response().getStatusCode(), (System.nanoTime() - start) / 1_000_000));
    }
    ctx.next();
  }
}
