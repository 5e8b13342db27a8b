package dev.tgstream.stream.engine;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static dev.tgstream.stream.engine.SimulatedSource.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that goes away stops all work done for it, and nothing more reaches its sink. Observed on a source that
 * answers only when told to: what was in flight when the client left, and that no read starts after it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class CancellationTest {

  private static final long SIZE = 24L * MIB;
  private static final int MAX_ANSWERS = 500;

  private final byte[] data = ManualGateway.randomBytes(SIZE, 11);
  private final ManualGateway gateway = new ManualGateway(data);

  private static boolean idle(StreamEngine engine) {
    EngineStats s = engine.stats();
    return s.partsInFlight() == 0 && s.queuedFetches() == 0 && s.activeTransfers() == 0;
  }

  /** Starts a transfer on {@code loop}; {@code next} runs there once it has asked for its first reads. */
  private void start(Context loop, VertxTestContext ctx, StreamEngine engine, long from, long length,
                     RecordingSink sink, Consumer<RangeTransfer> next) {
    loop.runOnContext(v -> {
      RangeTransfer t = engine.transfer(gateway.file(), from, length, sink);
      loop.runOnContext(w -> ctx.verify(() -> next.accept(t)));
    });
  }

  /** Answers the oldest pending read, one at a time, until the transfer ends. */
  private void answerUntilDone(RangeTransfer t) {
    for (int answered = 0; !t.result().isComplete(); answered++) {
      assertTrue(gateway.inFlight() > 0, "the transfer waits but asked for nothing");
      assertTrue(answered < MAX_ANSWERS, "still not done after " + answered + " reads");
      gateway.pending().get(0).succeed();
    }
  }

  @Test
  void cancelMidTransferStopsWritesAndFetches(Vertx vertx, VertxTestContext ctx) {
    StreamEngine engine = new StreamEngine(vertx, gateway, EngineConfig.defaults());
    RangeTransfer[] transfer = new RangeTransfer[1];
    EngineStats[] atCancel = new EngineStats[1];
    int[] readsAtCancel = new int[1];
    RecordingSink sink = new RecordingSink().onWrite(s -> {
      if (s.received().length() >= 2 * MIB && s.writesAfterMark() < 0) {
        s.mark();
        atCancel[0] = engine.stats();
        readsAtCancel[0] = gateway.count();
        transfer[0].cancel();
      }
    });
    start(vertx.getOrCreateContext(), ctx, engine, 100, SIZE - 100, sink, t -> {
      transfer[0] = t;
      answerUntilDone(t);
      assertInstanceOf(CancellationException.class, t.result().cause());
      assertTrue(atCancel[0].partsInFlight() > 0, "read-ahead was running when cancelled: " + atCancel[0]);
      assertTrue(atCancel[0].queuedFetches() + gateway.inFlight() > 0);
      // The orphaned reads finish (into the cache); none of them makes the engine ask for more.
      gateway.answerRound();
      assertEquals(readsAtCancel[0], gateway.count(), "no read started after cancel()");
      assertTrue(idle(engine), "fetches and transfers back to 0: " + engine.stats());
      assertEquals(0, sink.writesAfterMark(), "no write after cancel()");
      assertEquals(Digests.sha256(data, 100, sink.received().length()), Digests.sha256(sink.received()));
      long partsPassed = (100 + sink.received().length()) / MIB + 1;
      assertTrue(gateway.count() <= partsPassed + 1 + EngineConfig.DEFAULT_READAHEAD,
          "read-ahead beyond the window was not fetched: " + gateway.count() + " reads");
      ctx.completeNow();
    });
  }

  @Test
  void cancelEarlyDropsQueuedFetches(Vertx vertx, VertxTestContext ctx) {
    StreamEngine engine = new StreamEngine(vertx, gateway, EngineConfig.defaults().withMaxInFlightParts(2));
    RecordingSink sink = new RecordingSink();
    start(vertx.getOrCreateContext(), ctx, engine, 0, SIZE, sink, t -> {
      EngineStats during = engine.stats();
      assertEquals(2, gateway.inFlight(), "both slots taken");
      assertTrue(during.queuedFetches() > 0, "read-ahead was queued: " + during);
      t.cancel();
      assertEquals(0, engine.stats().queuedFetches(), "the queue emptied at once");
      gateway.answerRound();
      assertEquals(2, gateway.count(), "no queued fetch started after cancel");
      assertEquals(0, sink.writes(), "no write after cancel()");
      assertTrue(t.result().failed());
      assertTrue(idle(engine), String.valueOf(engine.stats()));
      ctx.completeNow();
    });
  }

  @Test
  void aFailedSinkWriteCancelsTheTransfer(Vertx vertx, VertxTestContext ctx) {
    StreamEngine engine = new StreamEngine(vertx, gateway, EngineConfig.defaults());
    long failAfter = 3L * MIB + 5;
    RecordingSink sink = new RecordingSink().failAfter(failAfter);
    start(vertx.getOrCreateContext(), ctx, engine, 0, SIZE, sink, t -> {
      answerUntilDone(t);
      int readsAtFailure = gateway.count();
      assertInstanceOf(CancellationException.class, t.result().cause());
      int accepted = sink.received().length();
      assertTrue(accepted <= failAfter && accepted > failAfter - RangeWriter.SLICE_BYTES);
      assertEquals(Digests.sha256(data, 0, accepted), Digests.sha256(sink.received()));
      assertEquals(accepted / RangeWriter.SLICE_BYTES + 1, sink.writes(), "no write after the failed one");
      gateway.answerRound();
      assertEquals(readsAtFailure, gateway.count(), "no read started after the failure");
      assertTrue(idle(engine), String.valueOf(engine.stats()));
      ctx.completeNow();
    });
  }
}
