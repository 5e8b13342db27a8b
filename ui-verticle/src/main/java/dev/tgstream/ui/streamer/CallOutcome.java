package dev.tgstream.ui.streamer;

import java.util.Locale;

/** How one call the UI made to its streamer through the breaker ended, as counted for health and metrics. */
public enum CallOutcome {
  /** The remote answered (a 4xx answer too: the remote is healthy, the request was not). */
  SUCCESS,
  /** The remote failed: no connection, a 5xx, a refused signature. */
  FAILURE,
  /** The remote did not answer within the breaker's timeout. */
  TIMEOUT,
  /** The breaker was open or half-open: the call went to the local engine without trying the remote. */
  SHORT_CIRCUITED;

  /** The label used in JSON and metrics: {@code success}, {@code failure}, {@code timeout}, {@code short_circuited}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
