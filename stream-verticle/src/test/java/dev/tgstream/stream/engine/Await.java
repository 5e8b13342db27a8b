package dev.tgstream.stream.engine;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.function.BooleanSupplier;

/** Polling a condition with Vert.x timers (never sleeping a thread). */
final class Await {

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

  /** Completes after {@code ms}. */
  static Future<Void> delay(Vertx vertx, long ms) {
    Promise<Void> done = Promise.promise();
    vertx.setTimer(ms, id -> done.complete());
    return done.future();
  }
}
