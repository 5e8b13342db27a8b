package dev.tgstream.stream.engine;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.function.Consumer;

/** Times one transfer the way a client sees it: first byte, and last byte. */
final class Stopwatch {

  /** Milliseconds from transfer() to the first byte and to the end; -1 when the first byte never came. */
  record Timing(double firstByteMs, double totalMs, Transfers.Outcome outcome) {
  }

  private Stopwatch() {
  }

  /**
   * Runs a transfer on {@code context}; {@code onFirstByte} gets the transfer when its first byte is written (e.g. to
   * cancel it, like a client that only wanted to probe).
   */
  static Future<Timing> time(Context context, StreamEngine engine, SimulatedSource source, long start, long length,
                             Consumer<RangeTransfer> onFirstByte) {
    return time(context, engine, source, start, length, Long.MAX_VALUE, onFirstByte);
  }

  /** As above, and the client hangs up once it has {@code cancelAfterBytes} (a player that seeks away). */
  static Future<Timing> time(Context context, StreamEngine engine, SimulatedSource source, long start, long length,
                             long cancelAfterBytes, Consumer<RangeTransfer> onFirstByte) {
    Promise<Timing> done = Promise.promise();
    context.runOnContext(v -> {
      long t0 = System.nanoTime();
      long[] first = {-1};
      RangeTransfer[] transfer = new RangeTransfer[1];
      RecordingSink sink = new RecordingSink().onWrite(s -> {
        if (first[0] < 0) {
          first[0] = System.nanoTime();
          onFirstByte.accept(transfer[0]);
        }
        if (s.received().length() >= cancelAfterBytes) {
          transfer[0].cancel();
        }
      });
      transfer[0] = engine.transfer(source.file, start, length, sink);
      transfer[0].result().onComplete(ar -> done.complete(new Timing(
          first[0] < 0 ? -1 : (first[0] - t0) / 1e6, (System.nanoTime() - t0) / 1e6,
          new Transfers.Outcome(sink, transfer[0].result()))));
    });
    return done.future();
  }
}
