package dev.tgstream.stream;

import dev.tgstream.stream.control.ControlApi;
import dev.tgstream.stream.engine.StreamEngine;
import dev.tgstream.stream.http.HealthRoutes;
import dev.tgstream.stream.http.StreamHandler;
import dev.tgstream.stream.metrics.MetricsHandler;
import dev.tgstream.telegram.TelegramGateway;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

import java.util.Optional;

/**
 * The streamer's HTTP surface: /stream, /health, /metrics and, when given a {@link ControlApi}, the signed /control
 * calls a UI in another process makes. Mounted on the StreamVerticle's own server in role {@code stream}, and on the
 * UI's server in role {@code all} so one port serves everything (the control API there too, for symmetry).
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

  /** Without the control API: a streamer only the event bus controls. */
  public StreamRoutes(Vertx vertx, TelegramGateway gateway, StreamEngine engine, StreamHandler streamHandler) {
    this(vertx, gateway, engine, streamHandler, null);
  }

  /**
   * With the HTTP control API, e.g. {@code new ControlApi(localStreamerService, streamSecret, Clock.systemUTC())}.
   */
  public StreamRoutes(Vertx vertx, TelegramGateway gateway, StreamEngine engine, StreamHandler streamHandler,
      ControlApi control) {
    this.vertx = vertx;
    this.gateway = gateway;
    this.engine = engine;
    this.streamHandler = streamHandler;
    this.control = Optional.ofNullable(control);
  }

  public void mount(Router router) {
    StreamHandler.mount(router, "/stream", streamHandler);
    HealthRoutes.mount(router, vertx, gateway);
    // Role ui has no StreamRoutes: its UI server mounts MetricsHandler itself.
    MetricsHandler.mount(router);
    control.ifPresent(api -> api.mount(router));
  }
}
