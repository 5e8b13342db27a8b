package dev.tgstream.ui.streamer;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * How the circuit breaker around the remote streamer decides, read once from conf/config.json and the environment.
 *
 * <p>The defaults open the breaker within 3 failed calls or 2 s of a frozen streamer (a details page makes three
 * calls at once, each given up after the timeout), and try the remote again within 10 s: the first half-open trial
 * comes 1 s after opening, each failed trial doubles the wait up to 10 s, and every wait is shortened at random by up
 * to a fifth so that several UI instances do not probe a recovering streamer in step.
 *
 * @param maxFailures     failed remote calls within {@link #FAILURE_WINDOW} that open the breaker
 * @param timeout         a remote call that has not answered by then counts as failed and is served locally
 * @param resetTimeout    how long the breaker stays open before the first half-open trial
 * @param maxResetTimeout the longest wait between trials (the cap of the exponential backoff)
 * @param jitter          the fraction (0 to 1) by which each wait after a failed trial is shortened at random
 */
public record BreakerConfig(int maxFailures, Duration timeout, Duration resetTimeout, Duration maxResetTimeout,
                            double jitter) {

  /** Failures older than this no longer count towards opening (the breaker's rolling window). */
  public static final Duration FAILURE_WINDOW = Duration.ofSeconds(10);

  public static final int DEFAULT_MAX_FAILURES = 3;
  public static final long DEFAULT_TIMEOUT_MS = 2_000;
  public static final long DEFAULT_RESET_MS = 1_000;
  public static final long DEFAULT_RESET_MAX_MS = 10_000;
  public static final double DEFAULT_JITTER = 0.2;

  /** Bounds that keep the breaker meaningful; ConfigLoader names them in its messages. */
  public static final int MAX_FAILURES_LIMIT = 1000;
  public static final long MIN_MS = 10;
  public static final long MAX_TIMEOUT_MS = 120_000;
  public static final long MAX_RESET_MS = 3_600_000;

  public BreakerConfig {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(resetTimeout, "resetTimeout");
    Objects.requireNonNull(maxResetTimeout, "maxResetTimeout");
    if (maxFailures < 1 || maxFailures > MAX_FAILURES_LIMIT) {
      throw new IllegalArgumentException("maxFailures must be 1 to " + MAX_FAILURES_LIMIT + ", got " + maxFailures);
    }
    requireMillis("timeout", timeout, MAX_TIMEOUT_MS);
    requireMillis("resetTimeout", resetTimeout, MAX_RESET_MS);
    requireMillis("maxResetTimeout", maxResetTimeout, MAX_RESET_MS);
    if (maxResetTimeout.compareTo(resetTimeout) < 0) {
      throw new IllegalArgumentException("maxResetTimeout (" + maxResetTimeout.toMillis()
          + " ms) must not be shorter than resetTimeout (" + resetTimeout.toMillis() + " ms)");
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be between 0 and 1, got " + jitter);
    }
  }

  public static BreakerConfig defaults() {
    return new BreakerConfig(DEFAULT_MAX_FAILURES, Duration.ofMillis(DEFAULT_TIMEOUT_MS),
        Duration.ofMillis(DEFAULT_RESET_MS), Duration.ofMillis(DEFAULT_RESET_MAX_MS), DEFAULT_JITTER);
  }

  /**
   * The wait before the next half-open trial after {@code failedTrials} trials failed since the breaker opened:
   * {@code resetTimeout * 2^failedTrials}, capped at {@code maxResetTimeout}, shortened at random by up to
   * {@code jitter}, never below {@code resetTimeout}.
   */
  public Duration trialDelay(int failedTrials, DoubleSupplier random) {
    long reset = resetTimeout.toMillis();
    long cap = maxResetTimeout.toMillis();
    long base = failedTrials >= 62 ? cap : Math.min(cap, reset << Math.min(failedTrials, 40));
    if (base < 0) {
      base = cap;
    }
    long jittered = Math.round(base * (1 - jitter * random.getAsDouble()));
    return Duration.ofMillis(Math.max(reset, Math.min(cap, jittered)));
  }

  private static void requireMillis(String name, Duration value, long max) {
    if (value.toMillis() < MIN_MS || value.toMillis() > max) {
      throw new IllegalArgumentException(name + " must be " + MIN_MS + " to " + max + " ms, got " + value.toMillis());
    }
  }
}
