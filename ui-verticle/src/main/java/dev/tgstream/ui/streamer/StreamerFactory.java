package dev.tgstream.ui.streamer;

import dev.tgstream.stream.api.StreamerService;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.micrometer.backends.BackendRegistries;

import java.util.Optional;

/**
 * The one place that chooses the transport between the UI and its streamer. Colocated (role all): the event bus to
 * the StreamVerticle in this process. Split (role ui): a {@link FailoverStreamer} over the remote streamer's HTTP
 * control API and the local engine's event bus. No other class knows which is in use.
 */
public final class StreamerFactory {

  /** Health check names in /health/ready of a split UI. */
  public static final String LOCAL_ENGINE_CHECK = "local-engine";
  public static final String REMOTE_STREAMER_CHECK = "remote-streamer";
  /** The local engine must answer on the event bus within this to count as ready. */
  static final long LOCAL_ENGINE_CHECK_MS = 2_000;

  private StreamerFactory() {
  }

  /** Role all, or role ui when {@code remote} is present. */
  public static Streamers create(Vertx vertx, Optional<RemoteStreamerConfig> remote) {
    return remote.map(r -> split(vertx, r)).orElseGet(() -> colocated(vertx));
  }

  static Streamers colocated(Vertx vertx) {
    return new Streamers(new EventBusStreamer(vertx.eventBus()), StreamerPath.COLOCATED, checks -> { }, () -> { });
  }

  static Streamers split(Vertx vertx, RemoteStreamerConfig config) {
    long timeoutMs = config.requestTimeout().toMillis();
    HttpStreamer remote = new HttpStreamer(vertx, config.url(), config.secret(), config.requestTimeout());
    WebClient probeClient = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) timeoutMs)
        .setUserAgent("tgstream-ui-probe"));
    return split(vertx, config, remote, new ReadinessProbe(probeClient, config.url(), timeoutMs),
        BackendRegistries.getDefaultNow(), () -> {
          remote.close();
          probeClient.close();
        });
  }

  /** The seam the tests use: any remote and probe, the real breaker and fallback. */
  static Streamers split(Vertx vertx, RemoteStreamerConfig config, StreamerService remote, RemoteProbe probe,
                         MeterRegistry registry, Runnable closeClient) {
    // Users' calls get the colocated timeout (a describe may need a Telegram round trip); readiness asks quickly.
    EventBusStreamer local = new EventBusStreamer(vertx.eventBus());
    EventBusStreamer localCheck = new EventBusStreamer(vertx.eventBus(), LOCAL_ENGINE_CHECK_MS);
    FailoverStreamer failover = new FailoverStreamer(vertx, remote, local, config.url(), probe, config.breaker());
    if (registry != null) {
      BreakerMeters.register(registry, failover);
    }
    return new Streamers(failover, failover, checks -> readyChecks(checks, localCheck, failover), () -> {
      failover.close();
      closeClient.run();
    });
  }

  /**
   * The local engine must answer: it is the fallback. The remote's state is reported but never makes the UI unready:
   * with the fallback working, a down remote only means streams are served here.
   */
  static void readyChecks(HealthChecks checks, StreamerService localEngine, FailoverStreamer failover) {
    checks.register(LOCAL_ENGINE_CHECK, LOCAL_ENGINE_CHECK_MS + 500, promise -> localEngine.stats()
        .onSuccess(stats -> promise.complete(Status.OK()))
        .onFailure(err -> promise.complete(Status.KO(new io.vertx.core.json.JsonObject()
            .put("reason", "the local engine does not answer on the event bus: " + err.getMessage())))));
    checks.register(REMOTE_STREAMER_CHECK, promise -> promise.complete(Status.OK(failover.status().toJson())));
  }
}
