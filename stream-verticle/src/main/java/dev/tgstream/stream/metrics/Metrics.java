package dev.tgstream.stream.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;

import java.util.EnumSet;
import java.util.Optional;

/**
 * How the process measures itself: Vert.x reports HTTP server and client, event bus, pool, JVM and process meters to
 * one Prometheus registry (vertx-micrometer-metrics), and our own meters ({@link EngineMeters}, the breaker's) join the
 * same registry. {@link MetricsHandler} serves it on {@code /metrics}.
 *
 * <p>The process uses the registry named {@link #REGISTRY_NAME} (micrometer's "default", so
 * {@code BackendRegistries.getDefaultNow()} finds it). Tests give each Vertx a registry name of its own: registries are
 * global by name and closing the Vertx removes its registry, so a fresh name keeps one test's meters out of another's.
 */
public final class Metrics {

  /** The registry of the running service. */
  public static final String REGISTRY_NAME = MicrometerMetricsOptions.DEFAULT_REGISTRY_NAME;

  /**
   * Labels on Vert.x's meters. Route patterns ({@code /stream/:token/:name}), methods, status codes, event-bus
   * addresses and pool names are few; the request path (signed tokens, file names) and the peer address are unbounded,
   * so they are left out: every distinct value would be a new time series held in memory forever.
   */
  static final EnumSet<Label> LABELS = EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE,
      Label.EB_ADDRESS, Label.EB_SIDE, Label.EB_FAILURE, Label.POOL_TYPE, Label.POOL_NAME, Label.CLIENT_NAME);

  private Metrics() {
  }

  /** Metrics options for a Vertx reporting to the Prometheus registry {@code registryName}. */
  public static MicrometerMetricsOptions options(String registryName) {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(registryName)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setJvmMetricsEnabled(true)
        .setLabels(EnumSet.copyOf(LABELS));
  }

  /**
   * A Vertx with metrics on, reporting to the registry {@code registryName} (created on first use, removed when the
   * Vertx closes). The factory is given explicitly rather than found by the service loader, so a fat jar that lost a
   * services file cannot silently run without metrics.
   */
  public static Vertx vertx(VertxOptions base, String registryName) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(ProcessMetrics.LINT_FILTER);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions(base).setMetricsOptions(options(registryName)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    // The registry Vert.x really uses: an earlier Vertx of the same name (still open) keeps its own.
    registry(registryName).ifPresent(new ProcessMetrics()::bindTo);
    return vertx;
  }

  /** The registry {@code name} while a Vertx reports to it. */
  public static Optional<MeterRegistry> registry(String name) {
    return Optional.ofNullable(BackendRegistries.getNow(name));
  }

  /** The service's registry (role all, ui or stream), when metrics are on. */
  public static Optional<MeterRegistry> registry() {
    return registry(REGISTRY_NAME);
  }

}
