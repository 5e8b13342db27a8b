package dev.tgstream.stream.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  private static final Pattern FIRST_SEGMENT = Pattern.compile("^/([^/?#]+)");

  /**
   * Vert.x Web labels a request with every route it passed, joined by {@code >}: {@code /api/>/api/>/api/channels}
   * (the /api/* guards, then the handler). The last one is the route that answered, and the one worth a label.
   */
  static final MeterFilter LAST_ROUTE = new MeterFilter() {
    @Override
    public Meter.Id map(Meter.Id id) {
      String route = id.getTag(Label.HTTP_ROUTE.toString());
      if (route == null || route.indexOf('>') < 0 || !id.getName().startsWith("vertx.http.server")) {
        return id;
      }
      String last = route.substring(route.lastIndexOf('>') + 1);
      List<Tag> tags = new ArrayList<>();
      for (Tag t : id.getTagsAsIterable()) {
        tags.add(t.getKey().equals(Label.HTTP_ROUTE.toString()) ? Tag.of(t.getKey(), last) : t);
      }
      return id.replaceTags(tags);
    }
  };

  private Metrics() {
  }

  /** Metrics options for a Vertx reporting to the Prometheus registry {@code registryName}. */
  public static MicrometerMetricsOptions options(String registryName) {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(registryName)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setJvmMetricsEnabled(true)
        // Netty's pooled buffers live in direct memory the JVM's buffer-pool meters may not see; on a 512 MB host
        // they are a large part of the budget.
        .setNettyMetricsEnabled(true)
        .setLabels(EnumSet.copyOf(LABELS))
        .setClientRequestTagsProvider(Metrics::clientRoute);
  }

  /**
   * The {@code route} of an outgoing request (the UI's calls to the remote streamer): its first path segment,
   * {@code /health} or {@code /control}. The client has no route patterns, and the full path can hold a signed token.
   */
  static Iterable<Tag> clientRoute(HttpRequest request) {
    String uri = request.uri() == null ? "" : request.uri();
    int scheme = uri.indexOf("://");
    if (scheme >= 0) {
      int slash = uri.indexOf('/', scheme + 3);
      uri = slash < 0 ? "" : uri.substring(slash);
    }
    Matcher first = FIRST_SEGMENT.matcher(uri);
    return Tags.of("route", first.find() ? "/" + first.group(1) : "/");
  }

  /**
   * A Vertx with metrics on, reporting to the registry {@code registryName} (created on first use, removed when the
   * Vertx closes). The factory is given explicitly rather than found by the service loader, so a fat jar that lost a
   * services file cannot silently run without metrics.
   */
  public static Vertx vertx(VertxOptions base, String registryName) {
    return builder(base, registryName).build();
  }

  /**
   * The same, as a builder: for a clustered Vertx ({@code withClusterManager(...).buildClustered()}). The registry is
   * made here, with the promtool fixes and the process meters, and handed to Vert.x; only when a registry of that name
   * is still open does Vert.x keep that one instead.
   */
  public static VertxBuilder builder(VertxOptions base, String registryName) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Before any meter exists, so that it applies to Vert.x's JVM binders too.
    registry.config().meterFilter(ProcessMetrics.LINT_FILTER).meterFilter(LAST_ROUTE);
    new ProcessMetrics().bindTo(registry);
    return Vertx.builder()
        .with(new VertxOptions(base).setMetricsOptions(options(registryName)))
        .withMetrics(new MicrometerMetricsFactory(registry));
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
