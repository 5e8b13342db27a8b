package dev.tgstream.ui.streamer;

import io.vertx.circuitbreaker.CircuitBreakerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * What the breaker around the remote streamer went through: its state and since when, each transition logged once and
 * counted, the last error, and calls by outcome. Thread-safe: the breaker reports from whichever event loop ran the
 * call, readers (health, admin stats, metrics) ask from theirs.
 */
final class BreakerHistory {

  private static final Logger LOG = LoggerFactory.getLogger(FailoverStreamer.class);

  private final String remote;
  private final Clock clock;
  private final Map<CallOutcome, LongAdder> calls = new EnumMap<>(CallOutcome.class);
  private final List<Consumer<BreakerTransition>> listeners = new CopyOnWriteArrayList<>();

  private CircuitBreakerState state = CircuitBreakerState.CLOSED;
  private Instant since;
  private String lastError;
  private Instant lastErrorAt;
  private long transitions;

  BreakerHistory(String remote, Clock clock) {
    this.remote = remote;
    this.clock = clock;
    this.since = clock.instant();
    for (CallOutcome o : CallOutcome.values()) {
      calls.put(o, new LongAdder());
    }
  }

  void count(CallOutcome outcome) {
    calls.get(outcome).increment();
  }

  synchronized void failed(String error) {
    lastError = error;
    lastErrorAt = clock.instant();
  }

  synchronized String lastError() {
    return lastError;
  }

  synchronized CircuitBreakerState state() {
    return state;
  }

  /**
   * Records a move to {@code to}, logging it once ({@code streamer remote: CLOSED -> OPEN after 3 failures (…)}); a
   * repeated report of the state already held is ignored.
   *
   * @return the transition, or null when nothing changed
   */
  BreakerTransition moveTo(CircuitBreakerState to, String reason) {
    BreakerTransition t;
    synchronized (this) {
      if (state == to) {
        return null;
      }
      t = new BreakerTransition(state, to, reason, clock.instant());
      state = to;
      since = t.at();
      transitions++;
    }
    String line = "streamer remote: " + t.from() + " -> " + t.to() + (reason == null || reason.isEmpty() ? "" : " " + reason);
    // The remote going away is the event worth a warning; a failed trial only says it is still away.
    if (t.from() == CircuitBreakerState.CLOSED) {
      LOG.warn(line);
    } else {
      LOG.info(line);
    }
    listeners.forEach(l -> l.accept(t));
    return t;
  }

  void onTransition(Consumer<BreakerTransition> listener) {
    listeners.add(listener);
  }

  synchronized BreakerStatus snapshot() {
    Map<CallOutcome, Long> counts = new EnumMap<>(CallOutcome.class);
    calls.forEach((o, n) -> counts.put(o, n.sum()));
    return new BreakerStatus(remote, state, since, lastError, lastErrorAt, transitions, counts);
  }

  long calls(CallOutcome outcome) {
    return calls.get(outcome).sum();
  }
}
