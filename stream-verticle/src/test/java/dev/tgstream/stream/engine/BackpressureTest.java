package dev.tgstream.stream.engine;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static dev.tgstream.stream.engine.SimulatedSource.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A slow client sets the pace: the engine writes only while the sink's queue has room. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class BackpressureTest {

  private static final long SIZE = 8L * MIB + 99;
  private static final int QUEUE = 128 * 1024;
  private static final int MAX_STEPS = 1000;

  @TempDir
  Path dir;

  @Test
  void neverOverfillsASlowSink(Vertx vertx, VertxTestContext ctx) {
    SimulatedSource.create(vertx, dir, SIZE, 21, SimulatedSource.FAST).onComplete(ctx.succeeding(source -> {
      StreamEngine engine = source.engine(vertx, EngineConfig.defaults());
      Context loop = vertx.getOrCreateContext();
      loop.runOnContext(v -> {
        // Drained 48 KiB per event-loop turn whenever the writer stops: parts keep arriving meanwhile.
        RecordingSink sink = new RecordingSink().queueLimit(QUEUE).drainWhenStalled(loop, 48 * 1024);
        engine.transfer(source.file, 7, SIZE - 7, sink).result().onComplete(ctx.succeeding(x -> ctx.verify(() -> {
          assertEquals(source.sha256(7, SIZE - 7), Digests.sha256(sink.received()));
          assertTrue(sink.stalls() >= (SIZE - 7) / (QUEUE + RangeWriter.SLICE_BYTES) - 1,
              "the writer stopped for the full queue every time: " + sink.stalls());
          assertTrue(sink.maxQueuedBytes() <= QUEUE + RangeWriter.SLICE_BYTES,
              "queue reached " + sink.maxQueuedBytes());
          ctx.completeNow();
        })));
      });
    }));
  }

  @Test
  void stopsWritingUntilTheSinkDrains(Vertx vertx, VertxTestContext ctx) {
    byte[] data = ManualGateway.randomBytes(SIZE, 22);
    ManualGateway gateway = new ManualGateway(data);
    StreamEngine engine = new StreamEngine(vertx, gateway, EngineConfig.defaults());
    Context loop = vertx.getOrCreateContext();
    RecordingSink sink = new RecordingSink().queueLimit(QUEUE);
    loop.runOnContext(v -> {
      RangeTransfer t = engine.transfer(gateway.file(), 0, SIZE, sink);
      loop.runOnContext(w -> ctx.verify(() -> {
        // Answer every read the engine asks for while nobody drains: it must stall and stop asking.
        for (int rounds = 0; gateway.inFlight() > 0; rounds++) {
          assertTrue(rounds < MAX_STEPS, "the engine kept reading for a stalled client");
          gateway.answerRound();
        }
        int stalledAt = sink.received().length();
        assertTrue(sink.awaitingDrain(), "the writer waits for the sink");
        assertTrue(stalledAt >= QUEUE && stalledAt <= QUEUE + RangeWriter.SLICE_BYTES,
            "wrote " + stalledAt + " bytes into a full queue");
        assertTrue(gateway.count() <= 2 + EngineConfig.DEFAULT_READAHEAD,
            "read-ahead stays bounded while stalled (head piece, part, read-ahead): " + gateway.count() + " reads");
        assertEquals(0, engine.stats().queuedFetches());
        assertFalse(t.result().isComplete());

        // Now the client reads: drain whenever the writer waits, answer reads whenever it needs some.
        for (int steps = 0; !t.result().isComplete(); steps++) {
          assertTrue(steps < MAX_STEPS, "not done after " + steps + " steps");
          if (sink.awaitingDrain()) {
            sink.drain(sink.queuedBytes());
          } else {
            assertTrue(gateway.answerRound() > 0, "the transfer waits but asked for nothing");
          }
        }
        assertTrue(t.result().succeeded());
        assertEquals(Digests.sha256(data, 0, (int) SIZE), Digests.sha256(sink.received()));
        assertTrue(sink.maxQueuedBytes() <= QUEUE + RangeWriter.SLICE_BYTES);
        ctx.completeNow();
      }));
    });
  }
}
