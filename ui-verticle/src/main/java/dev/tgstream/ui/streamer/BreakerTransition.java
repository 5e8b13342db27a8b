package dev.tgstream.ui.streamer;

import io.vertx.circuitbreaker.CircuitBreakerState;

import java.time.Instant;

/** One state change of the breaker around the remote streamer, as logged: {@code CLOSED -> OPEN after 3 failures (…)}. */
public record BreakerTransition(CircuitBreakerState from, CircuitBreakerState to, String reason, Instant at) {
}
