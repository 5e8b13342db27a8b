package dev.tgstream.ui.io;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Hands the outcome of shared work back on the context of the caller. The UI serves on several event loops over
 * shared stores and caches; a future one of them created (a write in flight, a thumbnail being made) calls its
 * listeners on that one's loop, so a request served by another loop would otherwise continue, and answer, on a
 * thread that is not its connection's.
 */
public final class CallerContext {

  private CallerContext() {
  }

  /** {@code shared}, completing on the calling thread's Vert.x context (as is, when called off any context). */
  public static <T> Future<T> of(Future<T> shared) {
    Context caller = Vertx.currentContext();
    if (caller == null) {
      return shared;
    }
    Promise<T> promise = Promise.promise();
    shared.onComplete(ar -> {
      if (Vertx.currentContext() == caller) {
        promise.handle(ar);
      } else {
        caller.runOnContext(v -> promise.handle(ar));
      }
    });
    return promise.future();
  }
}
