package dev.tgstream.ui.streamer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreakerState;

import java.util.List;
import java.util.Locale;

/**
 * The breaker's meters, on whatever registry the process exposes at /metrics: the state as a gauge, transitions and
 * calls by outcome as counters. Registered on the registry directly, so the metrics setup needs no knowledge of the
 * breaker and the breaker none of Prometheus.
 */
public final class BreakerMeters {

  static final String STATE = "tgstream.streamer.breaker.state";
  static final String TRANSITIONS = "tgstream.streamer.breaker.transitions";
  static final String CALLS = "tgstream.streamer.breaker.calls";

  private static final String TRANSITIONS_HELP = "State changes of the circuit breaker around the remote streamer";
  /** Every transition the breaker can make, registered up front so each series exists (at 0) before it happens. */
  private static final List<CircuitBreakerState[]> PATHS = List.of(
      new CircuitBreakerState[] {CircuitBreakerState.CLOSED, CircuitBreakerState.OPEN},
      new CircuitBreakerState[] {CircuitBreakerState.OPEN, CircuitBreakerState.HALF_OPEN},
      new CircuitBreakerState[] {CircuitBreakerState.HALF_OPEN, CircuitBreakerState.OPEN},
      new CircuitBreakerState[] {CircuitBreakerState.HALF_OPEN, CircuitBreakerState.CLOSED});

  private BreakerMeters() {
  }

  public static void register(MeterRegistry registry, FailoverStreamer streamer) {
    BreakerHistory history = streamer.history();
    Gauge.builder(STATE, history, h -> value(h.state()))
        .description("State of the circuit breaker around the remote streamer: 0 closed (the remote serves), "
            + "1 half-open (a trial decides), 2 open (the local engine serves)")
        .strongReference(true)
        .register(registry);
    for (CallOutcome outcome : CallOutcome.values()) {
      FunctionCounter.builder(CALLS, history, h -> h.calls(outcome))
          .description("Calls from the UI to its streamer through the breaker, by outcome (short_circuited: served "
              + "locally without trying the remote)")
          .tag("outcome", outcome.wireName())
          .register(registry);
    }
    for (CircuitBreakerState[] path : PATHS) {
      transitions(registry, path[0], path[1]);
    }
    history.onTransition(t -> transitions(registry, t.from(), t.to()).increment());
  }

  /** 0 closed, 1 half-open, 2 open: the higher, the less the remote serves. */
  static double value(CircuitBreakerState state) {
    return switch (state) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }

  private static Counter transitions(MeterRegistry registry, CircuitBreakerState from, CircuitBreakerState to) {
    return Counter.builder(TRANSITIONS)
        .description(TRANSITIONS_HELP)
        .tag("from", from.name().toLowerCase(Locale.ROOT))
        .tag("to", to.name().toLowerCase(Locale.ROOT))
        .register(registry);
  }
}
