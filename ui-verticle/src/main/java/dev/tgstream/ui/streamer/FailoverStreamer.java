package dev.tgstream.ui.streamer;

import dev.tgstream.stream.api.StreamerException;
import dev.tgstream.stream.api.StreamerService;
import dev.tgstream.stream.link.Disposition;
import dev.tgstream.telegram.MediaFile;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.circuitbreaker.TimeoutException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * The UI's streamer in a split deployment: the remote streamer behind one circuit breaker, and the local engine as the
 * fallback.
 *
 * <ul>
 *   <li>Closed: calls go to the remote; {@code link} answers the remote's absolute URL. A call that fails (no
 *   connection, 5xx, refused signature) or times out is served by the local engine at once, so no page fails; enough
 *   of them open the breaker. A 4xx is the remote's healthy answer to a bad request: passed on, not counted.</li>
 *   <li>Open: calls go to the local engine without trying the remote; {@code link} answers the UI's own
 *   {@code /raw-stream/{token}/{name}} (the local engine signs with the same STREAM_SECRET, so the UI can serve it).</li>
 *   <li>Half-open: one trial decides. The trial is a probe of the remote's {@code /health/ready} (users' calls keep
 *   going to the local engine meanwhile), so recovery does not wait for a click. A failed trial reopens the breaker and
 *   doubles the wait for the next one, up to {@link BreakerConfig#maxResetTimeout()}.</li>
 * </ul>
 * A stream already flowing is never switched: links are chosen when handed out, and the bytes never pass through here.
 */
public final class FailoverStreamer implements StreamerService, StreamerPath {

  private static final Logger LOG = LoggerFactory.getLogger(FailoverStreamer.class);
  private static final String STREAM_PREFIX = "/stream/";
  private static final String RAW_STREAM_PREFIX = "/raw-stream/";

  private final Vertx vertx;
  private final StreamerService remote;
  private final StreamerService local;
  private final String remoteBase;
  private final RemoteProbe probe;
  private final BreakerConfig config;
  private final DoubleSupplier random;
  private final BreakerHistory history;
  private final CircuitBreaker breaker;
  /** Trials that failed since the remote last answered a real call: the exponent of the backoff. */
  private final AtomicInteger failedTrials = new AtomicInteger();
  private volatile long trialTimer = -1;
  /** A probe is running: only its failure is a failed trial (a late failure of an older call is not). */
  private volatile boolean trialInFlight;
  /** A real call succeeded since the breaker last closed: a close followed by failures only is a premature one. */
  private volatile boolean succeededSinceClose = true;
  private volatile boolean closed;

  /**
   * @param remote     the remote streamer (its links are absolute URLs on {@code remoteBase})
   * @param local      the local engine (its links are paths on this origin, {@code /stream/…})
   * @param remoteBase STREAMER_URL without a trailing slash: where {@code /raw-stream} redirects while closed
   * @param probe      the half-open trial
   */
  public FailoverStreamer(Vertx vertx, StreamerService remote, StreamerService local, String remoteBase,
                          RemoteProbe probe, BreakerConfig config) {
    this(vertx, remote, local, remoteBase, probe, config, Clock.systemUTC(), () -> ThreadLocalRandom.current().nextDouble());
  }

  FailoverStreamer(Vertx vertx, StreamerService remote, StreamerService local, String remoteBase, RemoteProbe probe,
                   BreakerConfig config, Clock clock, DoubleSupplier random) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.remote = Objects.requireNonNull(remote, "remote");
    this.local = Objects.requireNonNull(local, "local");
    this.remoteBase = Objects.requireNonNull(remoteBase, "remoteBase");
    this.probe = Objects.requireNonNull(probe, "probe");
    this.config = Objects.requireNonNull(config, "config");
    this.random = random;
    this.history = new BreakerHistory(remoteBase, clock);
    this.breaker = CircuitBreaker.create("streamer-remote", vertx, new CircuitBreakerOptions()
            .setMaxFailures(config.maxFailures())
            .setTimeout(config.timeout().toMillis())
            .setResetTimeout(config.resetTimeout().toMillis())
            .setFailuresRollingWindow(BreakerConfig.FAILURE_WINDOW.toMillis())
            .setFallbackOnFailure(false)
            // Our own history reports state; the breaker's periodic event-bus notifications would only add traffic.
            .setNotificationAddress(null))
        .failurePolicy(this::countAsFailure)
        .openHandler(v -> opened())
        .halfOpenHandler(v -> halfOpened())
        .closeHandler(v -> {
          succeededSinceClose = false;
          history.moveTo(CircuitBreakerState.CLOSED, "(the trial succeeded: " + probe.target() + " answered)");
        });
  }

  @Override
  public Future<MediaFile> describe(String fileId) {
    return call(s -> s.describe(fileId), Function.identity());
  }

  @Override
  public Future<Void> warm(String fileId) {
    return call(s -> s.warm(fileId), Function.identity());
  }

  /** The remote's absolute URL while closed; the UI's {@code /raw-stream/…} path otherwise. */
  @Override
  public Future<String> link(String fileId, Disposition disposition, long ttlSeconds) {
    return call(s -> s.link(fileId, disposition, ttlSeconds), FailoverStreamer::onRawStream);
  }

  @Override
  public boolean mayServeRemotely() {
    return true;
  }

  @Override
  public Future<JsonObject> stats() {
    return call(StreamerService::stats, Function.identity());
  }

  @Override
  public Optional<String> remoteUrl(String streamPath) {
    return servesRemotely() ? Optional.of(remoteBase + streamPath) : Optional.empty();
  }

  @Override
  public Optional<BreakerStatus> remoteStatus() {
    return Optional.of(history.snapshot());
  }

  public BreakerStatus status() {
    return history.snapshot();
  }

  /** Called after each state change, once, on the thread that caused it. */
  public void onTransition(Consumer<BreakerTransition> listener) {
    history.onTransition(listener);
  }

  /** Stops the trials; calls from now on go to the local engine. */
  public void close() {
    closed = true;
    long timer = trialTimer;
    if (timer != -1) {
      vertx.cancelTimer(timer);
    }
    breaker.close();
  }

  BreakerHistory history() {
    return history;
  }

  private boolean servesRemotely() {
    return !closed && breaker.state() == CircuitBreakerState.CLOSED;
  }

  private <T> Future<T> call(Function<StreamerService, Future<T>> operation, Function<T, T> fromLocal) {
    if (!servesRemotely()) {
      // Open, or half-open with the probe as the one trial: users are served locally without waiting on the remote.
      history.count(CallOutcome.SHORT_CIRCUITED);
      return operation.apply(local).map(fromLocal);
    }
    return breaker.<T>execute(() -> operation.apply(remote)).recover(err -> {
      if (err instanceof OpenCircuitException) {
        // Opened by another call between our look at the state and this one.
        history.count(CallOutcome.SHORT_CIRCUITED);
      } else if (isClientError(err)) {
        return Future.failedFuture(err);
      } else {
        LOG.debug("remote streamer call failed, serving locally: {}", describe(err));
      }
      return operation.apply(local).map(fromLocal);
    });
  }

  /** The breaker's failure policy, which sees every completed remote call once: counts it and keeps the last error. */
  private boolean countAsFailure(Future<?> result) {
    if (result.succeeded() || isClientError(result.cause())) {
      history.count(CallOutcome.SUCCESS);
      if (breaker != null && breaker.state() == CircuitBreakerState.CLOSED) {
        failedTrials.set(0);
        succeededSinceClose = true;
      }
      return false;
    }
    history.count(result.cause() instanceof TimeoutException ? CallOutcome.TIMEOUT : CallOutcome.FAILURE);
    history.failed(describe(result.cause()));
    return true;
  }

  private void opened() {
    CircuitBreakerState from = history.state();
    String error = Objects.requireNonNullElse(history.lastError(), "no error recorded");
    String reason;
    if (from == CircuitBreakerState.HALF_OPEN) {
      if (trialInFlight) {
        failedTrials.incrementAndGet();
        reason = "(the trial failed: " + error + ")";
      } else {
        reason = "(a call made before it opened failed late: " + error + ")";
      }
    } else {
      if (!succeededSinceClose) {
        // The probe passed but real calls fail (e.g. a STREAM_SECRET that differs): back off like a failed trial,
        // so the breaker does not flap at the reset rate.
        failedTrials.incrementAndGet();
      }
      long failures = breaker.failureCount();
      reason = "after " + failures + (failures == 1 ? " failure" : " failures") + " (" + error + ")";
    }
    history.moveTo(CircuitBreakerState.OPEN, reason);
  }

  // The breaker turns half-open after resetTimeout; the trial waits for the rest of the backoff.
  private void halfOpened() {
    Duration delay = config.trialDelay(failedTrials.get(), random);
    long rest = Math.max(1, delay.toMillis() - config.resetTimeout().toMillis());
    history.moveTo(CircuitBreakerState.HALF_OPEN, "(probing " + probe.target() + (rest <= 1 ? " now)" : " in " + rest
        + " ms)"));
    long previous = trialTimer;
    if (previous != -1) {
      vertx.cancelTimer(previous);
    }
    if (!closed) {
      trialTimer = vertx.setTimer(rest, id -> trial());
    }
  }

  private void trial() {
    trialTimer = -1;
    if (closed || breaker.state() != CircuitBreakerState.HALF_OPEN) {
      return;
    }
    // The outcome reaches the history through the failure policy and the open/close handlers.
    trialInFlight = true;
    breaker.<Void>execute(probe::check).onComplete(ar -> trialInFlight = false);
  }

  private static boolean isClientError(Throwable err) {
    return err instanceof StreamerException se && se.code() >= 400 && se.code() < 500;
  }

  /** A short cause for the log and the health details, e.g. {@code connection refused}. */
  static String describe(Throwable err) {
    if (err instanceof TimeoutException) {
      return "no answer in time";
    }
    for (Throwable t = err; t != null; t = t.getCause()) {
      // A connect timeout is a ConnectException too: look at it first.
      if (t instanceof java.util.concurrent.TimeoutException || t instanceof io.netty.channel.ConnectTimeoutException) {
        return "no answer in time";
      }
      if (t instanceof ConnectException) {
        return "connection refused";
      }
      if (t.getCause() == t) {
        break;
      }
    }
    String message = err.getMessage();
    return message == null || message.isBlank() ? err.getClass().getSimpleName() : message;
  }

  /** {@code /stream/{token}/{name}} of the local engine as the UI's own {@code /raw-stream/{token}/{name}}. */
  static String onRawStream(String localLink) {
    return localLink.startsWith(STREAM_PREFIX) ? RAW_STREAM_PREFIX + localLink.substring(STREAM_PREFIX.length())
        : localLink;
  }
}
