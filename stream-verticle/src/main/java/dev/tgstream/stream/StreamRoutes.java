package dev.tgstream.stream;

import dev.tgstream.stream.control.ControlApi;
import dev.tgstream.stream.engine.StreamEngine;
import dev.tgstream.stream.http.HealthRoutes;
import dev.tgstream.stream.http.StreamHandler;
import dev.tgstream.stream.metrics.MetricsHandler;
import dev.tgstream.telegram.TelegramGateway;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The streamer's HTTP surface: /stream, /health, /metrics and, when given a {@link ControlApi}, the signed /control
 * calls a UI in another process makes. Mounted on the StreamVerticle's own server in role {@code stream}, and on the
 * UI's server in roles {@code all} and {@code ui} so one port serves everything (the control API in role all too, for
 * symmetry). Any other router serves /metrics through {@link MetricsHandler#mount(Router)}.
 */
public final class StreamRoutes {

  /**
   * Seconds a connection may move no byte before it is closed. A paused player stops reading but keeps its socket;
   * closing it cancels its transfer, so it stops holding read-ahead parts that other readers need. The player asks
   * again, with a Range, when it resumes.
   */
  public static final int IDLE_TIMEOUT_SECONDS = 120;

  private final Vertx vertx;
  private final TelegramGateway gateway;
  private final StreamEngine engine;
  private final StreamHandler streamHandler;
  private final Optional<ControlApi> control;
  private final Consumer<HealthChecks> moreReadyChecks;

  /** Without the control API: a streamer only the event bus controls. */
  public StreamRoutes(Vertx vertx, TelegramGateway gateway, StreamEngine engine, StreamHandler streamHandler) {
    this(vertx, gateway, engine, streamHandler, (ControlApi) null);
  }

  /**
   * With the HTTP control API, e.g. {@code new ControlApi(localStreamerService, streamSecret, Clock.systemUTC())}.
   */
  public StreamRoutes(Vertx vertx, TelegramGateway gateway, StreamEngine engine, StreamHandler streamHandler,
      ControlApi control) {
    this(vertx, gateway, engine, streamHandler, control, checks -> { });
  }

  /**
   * @param control         the HTTP control API, or null
   * @param moreReadyChecks further checks for /health/ready (a split UI adds its local engine and remote streamer)
   */
  public StreamRoutes(Vertx vertx, TelegramGateway gateway, StreamEngine engine, StreamHandler streamHandler,
      ControlApi control, Consumer<HealthChecks> moreReadyChecks) {
    this.moreReadyChecks = moreReadyChecks;
    this.vertx = vertx;
    this.gateway = gateway;
    this.engine = engine;
    this.streamHandler = streamHandler;
    this.control = Optional.ofNullable(control);
  }

  public void mount(Router router) {
    StreamHandler.mount(router, "/stream", streamHandler);
    HealthRoutes.mount(router, vertx, gateway, moreReadyChecks);
    // Every role's HTTP server mounts these routes (a split UI's too), so /metrics is mounted here, once.
    MetricsHandler.mount(router);
    control.ifPresent(api -> api.mount(router));
  }
}
