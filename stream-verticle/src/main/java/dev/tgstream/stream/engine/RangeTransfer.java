package dev.tgstream.stream.engine;

import io.vertx.core.Future;

/** One byte range being written to a sink. */
public interface RangeTransfer {

  /** Completes when every byte was written; fails when a part could not be read (the caller then closes). */
  Future<Void> result();

  /** Stops writing and cancels this transfer's queued and speculative fetches. Idempotent. */
  void cancel();
}
