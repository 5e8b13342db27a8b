package dev.tgstream.stream;

import dev.tgstream.stream.api.StreamerService;
import dev.tgstream.stream.api.StreamerServiceConsumer;
import dev.tgstream.stream.http.MalformedPathGuard;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.OptionalInt;

/**
 * The streamer. Always answers the control API on the event bus; in role {@code stream} it also runs its own HTTP
 * server (/stream, /health, /metrics) on the given port. In role {@code all} the UI's server mounts the same
 * {@link StreamRoutes}, so this verticle opens no port.
 */
public final class StreamVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(StreamVerticle.class);

  private final StreamerService service;
  private final StreamRoutes routes;
  private final OptionalInt port;
  private HttpServer server;

  public StreamVerticle(StreamerService service, StreamRoutes routes, OptionalInt port) {
    this.service = service;
    this.routes = routes;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    Future<?> consumer = new StreamerServiceConsumer(service).register(vertx.eventBus());
    if (port.isEmpty()) {
      return consumer;
    }
    return consumer.compose(c -> vertx.createHttpServer(
            new HttpServerOptions().setIdleTimeout(StreamRoutes.IDLE_TIMEOUT_SECONDS))
        .requestHandler(new MalformedPathGuard(setupRouter()))
        .listen(port.getAsInt(), "0.0.0.0"))
        .onSuccess(s -> {
          server = s;
          LOG.info("streamer listening on port {}", s.actualPort());
        });
  }

  private Router setupRouter() {
    Router router = Router.router(vertx);
    routes.mount(router);
    router.route().last().handler(ctx -> ctx.response().setStatusCode(404)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("status", 404).put("error", "not found").encode()));
    return router;
  }

  @Override
  public Future<?> stop() {
    // Running downloads get the deployment's grace period (SIGTERM); new connections are refused at once.
    return ServerDrain.shutdown(server, config());
  }

  /** The bound port (role stream), or -1 when this verticle opened none. */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
