package dev.tgstream.ui.streamer;

import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Map;

/**
 * A snapshot of the breaker around the remote streamer, for /health/ready details, the admin stats and metrics.
 *
 * @param remote      the remote streamer's base URL (STREAMER_URL)
 * @param state       CLOSED (the remote serves), OPEN or HALF_OPEN (the local engine serves)
 * @param since       when the breaker entered this state
 * @param lastError   the last failure of the remote, or null when it never failed
 * @param lastErrorAt when that failure happened, or null
 * @param transitions state changes since start
 * @param calls       calls by outcome since start
 */
public record BreakerStatus(String remote, CircuitBreakerState state, Instant since, String lastError,
                            Instant lastErrorAt, long transitions, Map<CallOutcome, Long> calls) {

  public static final String SERVED_BY_REMOTE = "remote";
  public static final String SERVED_BY_LOCAL = "local";

  public BreakerStatus {
    calls = Map.copyOf(calls);
  }

  /** {@code remote} while the breaker is closed, else {@code local}. */
  public String servedBy() {
    return state == CircuitBreakerState.CLOSED ? SERVED_BY_REMOTE : SERVED_BY_LOCAL;
  }

  public long calls(CallOutcome outcome) {
    return calls.getOrDefault(outcome, 0L);
  }

  /**
   * {@code {remote, state, servedBy, since, lastError, lastErrorAt, transitions, calls:{success, failure, timeout,
   * short_circuited}}}.
   */
  public JsonObject toJson() {
    JsonObject byOutcome = new JsonObject();
    for (CallOutcome o : CallOutcome.values()) {
      byOutcome.put(o.wireName(), calls(o));
    }
    return new JsonObject()
        .put("remote", remote)
        .put("state", state.name())
        .put("servedBy", servedBy())
        .put("since", since.toString())
        .put("lastError", lastError)
        .put("lastErrorAt", lastErrorAt == null ? null : lastErrorAt.toString())
        .put("transitions", transitions)
        .put("calls", byOutcome);
  }
}
