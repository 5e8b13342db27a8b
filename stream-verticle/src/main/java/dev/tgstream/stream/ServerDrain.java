package dev.tgstream.stream;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The grace period of a verticle's HTTP server when the verticle is undeployed (SIGTERM). It travels in the deployment
 * config ({@link #config(Duration)}), so a verticle needs no extra constructor argument, and a verticle deployed without
 * it (tests) closes at once as before.
 *
 * <p>{@link HttpServer#shutdown(long, TimeUnit)} stops accepting at once, closes idle keep-alive connections, lets every
 * running response finish, and closes what is still open when the grace runs out. Without it, undeploying closes the
 * server's connections immediately (the close hook is a zero-timeout shutdown), cutting every download mid-byte.
 */
public final class ServerDrain {

  /** Deployment-config key: milliseconds running responses may take to finish once shutdown begins. */
  public static final String GRACE_MS = "shutdownGraceMs";

  private ServerDrain() {
  }

  /** A deployment config carrying {@code grace}. */
  public static JsonObject config(Duration grace) {
    return new JsonObject().put(GRACE_MS, grace.toMillis());
  }

  /** Shuts {@code server} (may be null: never started) down with the grace of the verticle's config. */
  public static Future<Void> shutdown(HttpServer server, JsonObject verticleConfig) {
    if (server == null) {
      return Future.succeededFuture();
    }
    long graceMs = verticleConfig == null ? 0L : Math.max(0L, verticleConfig.getLong(GRACE_MS, 0L));
    return server.shutdown(graceMs, TimeUnit.MILLISECONDS);
  }
}
