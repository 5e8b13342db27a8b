package dev.tgstream.stream.engine;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.function.BooleanSupplier;

/**
 * Polling a condition with Vert.x timers (never sleeping a thread), for states no event announces (e.g. an orphaned
 * read of a simulated source finishing). The deadline is a liveness bound far above any honest duration, never a speed
 * assertion: a slow machine only makes the wait longer.
 */
final class Await {

  /** A deadline no correct run comes near, even on a loaded CI machine. */
  static final long LIVENESS_MS = 30_000;

  private Await() {
  }

  /** Completes once {@code condition} holds, checked every 5 ms; fails after {@code withinMs}. */
  static Future<Long> until(Vertx vertx, long withinMs, String what, BooleanSupplier condition) {
    Promise<Long> done = Promise.promise();
    long started = System.nanoTime();
    vertx.setPeriodic(0, 5, id -> {
      long elapsedMs = (System.nanoTime() - started) / 1_000_000;
      if (condition.getAsBoolean()) {
        vertx.cancelTimer(id);
        done.tryComplete(elapsedMs);
      } else if (elapsedMs > withinMs) {
        vertx.cancelTimer(id);
        done.tryFail(new AssertionError(what + " did not happen within " + withinMs + " ms"));
      }
    });
    return done.future();
  }

}
