package dev.tgstream.stream.engine;

import dev.tgstream.telegram.MediaFile;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Starting transfers on chosen event loops and collecting what they wrote. */
final class Transfers {

  private Transfers() {
  }

  /** The outcome of one transfer: what reached the sink, and how it ended. */
  record Outcome(RecordingSink sink, Future<Void> result) {
    Buffer bytes() {
      return sink.received();
    }
  }

  /** {@code n} distinct event-loop contexts (one per deployed verticle), as separate verticles of a process have. */
  static Future<List<Context>> eventLoops(Vertx vertx, int n) {
    List<Future<Context>> contexts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Promise<Context> p = Promise.promise();
      vertx.deployVerticle(new VerticleBase() {
        @Override
        public Future<?> start() {
          p.complete(context);
          return Future.succeededFuture();
        }
      });
      contexts.add(p.future());
    }
    return Future.all(contexts).map(all -> {
      List<Context> list = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        list.add(all.resultAt(i));
      }
      return list;
    });
  }

  /** Runs one transfer on {@code context} into a fresh sink; completes (never fails) when the transfer has ended. */
  static Future<Outcome> run(Context context, StreamEngine engine, long start, long length, SimulatedSource source,
                             Supplier<RecordingSink> sinks) {
    Promise<Outcome> done = Promise.promise();
    context.runOnContext(v -> {
      RecordingSink sink = sinks.get();
      RangeTransfer t = engine.transfer(source.file, start, length, sink);
      t.result().onComplete(ar -> done.complete(new Outcome(sink, t.result())));
    });
    return done.future();
  }

  /**
   * Starts a transfer on {@code context}; completes there once the transfer has laid out its first reads (it does so on
   * the context's next turn, see {@link RangeWriter#begin}), so a test can look at exactly what it asked for.
   */
  static Future<RangeTransfer> started(Context context, StreamEngine engine, MediaFile file, long start, long length,
                                       RecordingSink sink) {
    Promise<RangeTransfer> ready = Promise.promise();
    context.runOnContext(v -> {
      RangeTransfer t = engine.transfer(file, start, length, sink);
      context.runOnContext(w -> ready.complete(t));
    });
    return ready.future();
  }

  static Future<Outcome> run(Context context, StreamEngine engine, long start, long length, SimulatedSource source) {
    return run(context, engine, start, length, source, RecordingSink::new);
  }
}
