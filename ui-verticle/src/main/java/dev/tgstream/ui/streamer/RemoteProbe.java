package dev.tgstream.ui.streamer;

import io.vertx.core.Future;

/**
 * A light check that the remote streamer is back, run as the breaker's half-open trial, so recovery does not wait for
 * a user's click. Succeeds when the remote is ready to serve.
 */
public interface RemoteProbe {

  Future<Void> check();

  /** What is probed, for the log line of the transition it decides. */
  default String target() {
    return "the remote";
  }
}
