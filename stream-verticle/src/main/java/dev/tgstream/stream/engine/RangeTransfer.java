package dev.tgstream.stream.engine;

import io.vertx.core.Future;

/** One byte range being written to a sink. */
public interface RangeTransfer {

  /**
   * Completes when every byte was written (the last write acknowledged by the sink). Fails with the gateway's failure
   * when a part could not be read, after writing only correct bytes before it (the caller then closes the
   * connection); fails with a {@link java.util.concurrent.CancellationException} after {@link #cancel()} or when a
   * write to the sink failed.
   */
  Future<Void> result();

  /**
   * Stops writing (no write reaches the sink after this) and drops this transfer's interest in its queued and
   * read-ahead fetches; fetches already running at the gateway finish into the cache. Idempotent; any thread.
   */
  void cancel();
}
