package dev.tgstream.stream;

import dev.tgstream.stream.engine.StreamEngine;
import dev.tgstream.stream.http.HealthRoutes;
import dev.tgstream.stream.http.StreamHandler;
import dev.tgstream.stream.metrics.MetricsHandler;
import dev.tgstream.telegram.TelegramGateway;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * The streamer's HTTP surface: /stream, /health and /metrics. Mounted on the StreamVerticle's own server in role
 * {@code stream}, and on the UI's server in role {@code all} so one port serves everything. Role {@code ui} mounts no
 * StreamRoutes: its server serves /metrics through {@link MetricsHandler#mount(Router)}.
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

  public StreamRoutes(Vertx vertx, TelegramGateway gateway, StreamEngine engine, StreamHandler streamHandler) {
    this.vertx = vertx;
    this.gateway = gateway;
    this.engine = engine;
    this.streamHandler = streamHandler;
  }

  public void mount(Router router) {
    StreamHandler.mount(router, "/stream", streamHandler);
    HealthRoutes.mount(router, vertx, gateway);
    // Role ui has no StreamRoutes: its UI server mounts MetricsHandler itself.
    MetricsHandler.mount(router);
  }
}
