package dev.tgstream.stream.engine;

import dev.tgstream.telegram.GatewayException;

/**
 * What to do after a failed gateway read: retry after a delay, or give up.
 *
 * <ul>
 *   <li>UNAVAILABLE (and any unexpected exception): exponential backoff, 100 ms · 2^n, at most {@code maxRetries}
 *       times;</li>
 *   <li>FLOOD_WAIT: wait exactly what the server names, then retry; these do not use up {@code maxRetries} (the server
 *       told us when to come back) but a wait longer than {@link #MAX_FLOOD_WAIT_SECONDS} or more than
 *       {@link #MAX_FLOOD_WAITS} of them gives up, since no client keeps a response open that long;</li>
 *   <li>NOT_FOUND, INVALID_REQUEST, FILE_CHANGED: give up at once, retrying cannot help.</li>
 * </ul>
 */
final class RetryPolicy {

  static final long GIVE_UP = -1;
  static final long BASE_BACKOFF_MILLIS = 100;
  static final int MAX_FLOOD_WAIT_SECONDS = 30;
  static final int MAX_FLOOD_WAITS = 8;

  private final int maxRetries;

  RetryPolicy(int maxRetries) {
    this.maxRetries = maxRetries;
  }

  /**
   * The delay before the next attempt, or {@link #GIVE_UP}.
   *
   * @param failure           the failure just seen
   * @param unavailableBefore UNAVAILABLE failures of this fetch before this one
   * @param floodWaitsBefore  FLOOD_WAITs of this fetch before this one
   */
  long delayMillis(Throwable failure, int unavailableBefore, int floodWaitsBefore) {
    switch (GatewayException.kindOf(failure)) {
      case UNAVAILABLE:
        if (unavailableBefore >= maxRetries) {
          return GIVE_UP;
        }
        return BASE_BACKOFF_MILLIS << Math.min(unavailableBefore, 20);
      case FLOOD_WAIT:
        int seconds = ((GatewayException) failure).retryAfterSeconds();
        if (seconds > MAX_FLOOD_WAIT_SECONDS || floodWaitsBefore >= MAX_FLOOD_WAITS) {
          return GIVE_UP;
        }
        return Math.max(1, seconds) * 1000L;
      default:
        return GIVE_UP;
    }
  }
}
