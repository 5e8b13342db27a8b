package dev.tgstream.stream.http;

import dev.tgstream.telegram.TelegramGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

import java.util.function.Consumer;

/** {@code /health/live} (the process answers) and {@code /health/ready} (the source answers too). */
public final class HealthRoutes {

  private static final long SOURCE_TIMEOUT_MS = 5_000;

  private HealthRoutes() {
  }

  public static void mount(Router router, Vertx vertx, TelegramGateway gateway) {
    mount(router, vertx, gateway, checks -> { });
  }

  /** @param moreReadyChecks registers further checks /health/ready must pass (a split UI's streamer paths) */
  public static void mount(Router router, Vertx vertx, TelegramGateway gateway, Consumer<HealthChecks> moreReadyChecks) {
    HealthChecks live = HealthChecks.create(vertx);
    live.register("process", promise -> promise.complete(Status.OK()));
    HealthChecks ready = HealthChecks.create(vertx);
    ready.register("source", SOURCE_TIMEOUT_MS, promise -> gateway.channels()
        .onSuccess(channels -> promise.complete(Status.OK()))
        // The reason is the gateway's one line (e.g. a revoked session and what to do), for whoever reads readiness.
        .onFailure(err -> promise.complete(Status.KO(new JsonObject().put("reason", String.valueOf(err.getMessage()))))
        ));
    moreReadyChecks.accept(ready);
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
  }
}
