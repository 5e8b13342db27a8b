package dev.tgstream.stream.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the process's Prometheus registry in the text format (or OpenMetrics when the scraper asks for
 * it). Every role serves it: {@code StreamRoutes} mounts it (roles all, ui and stream); any other router can call
 * {@link #mount(Router)}.
 */
public final class MetricsHandler implements Handler<RoutingContext> {

  public static final String PATH = "/metrics";

  static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";
  static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final Supplier<Optional<MeterRegistry>> registry;

  private MetricsHandler(Supplier<Optional<MeterRegistry>> registry) {
    this.registry = registry;
  }

  /**
   * Serves the service's registry ({@link Metrics#REGISTRY_NAME}). It is looked up per scrape, so the route can be
   * mounted before metrics exist and answers 503 in a process that runs without them (unit tests).
   */
  public static void mount(Router router) {
    router.get(PATH).handler(new MetricsHandler(Metrics::registry));
  }

  /** Serves {@code registry} (a test's own). */
  public static void mount(Router router, MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    router.get(PATH).handler(new MetricsHandler(() -> Optional.of(registry)));
  }

  @Override
  public void handle(RoutingContext ctx) {
    Optional<MeterRegistry> found = registry.get();
    if (found.isEmpty() || !(found.get() instanceof PrometheusMeterRegistry prometheus)) {
      ctx.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
          .end("metrics are not enabled in this process\n");
      return;
    }
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    String type = accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS : TEXT_004;
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, type)
        // A scrape is a snapshot of now: never served from a cache.
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(prometheus.scrape(type));
  }
}
