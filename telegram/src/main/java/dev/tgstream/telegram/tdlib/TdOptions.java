package dev.tgstream.telegram.tdlib;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing of the binding.
 *
 * @param receiveTimeout how long one {@code td_receive} call blocks; it also bounds how long the receive thread
 *     takes to notice a stop, so keep it short (the call costs nothing while idle)
 * @param requestTimeout the default timeout of {@link TdClient#send(io.vertx.core.json.JsonObject)}
 * @param closeTimeout how long {@link TdClient#close()} waits for {@code authorizationStateClosed}
 */
public record TdOptions(Duration receiveTimeout, Duration requestTimeout, Duration closeTimeout) {

  /** Requests get 30 s (TDLib itself retries network faults inside that); close gets 5 s. */
  public static final TdOptions DEFAULTS = new TdOptions(Duration.ofMillis(500), Duration.ofSeconds(30),
      Duration.ofSeconds(5));

  public TdOptions {
    requirePositive(receiveTimeout, "receiveTimeout");
    requirePositive(requestTimeout, "requestTimeout");
    requirePositive(closeTimeout, "closeTimeout");
  }

  public TdOptions withRequestTimeout(Duration timeout) {
    return new TdOptions(receiveTimeout, timeout, closeTimeout);
  }

  public TdOptions withCloseTimeout(Duration timeout) {
    return new TdOptions(receiveTimeout, requestTimeout, timeout);
  }

  public TdOptions withReceiveTimeout(Duration timeout) {
    return new TdOptions(timeout, requestTimeout, closeTimeout);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
