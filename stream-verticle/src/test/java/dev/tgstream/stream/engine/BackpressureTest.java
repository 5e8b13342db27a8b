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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A slow client sets the pace: the engine writes only while the sink's queue has room. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class BackpressureTest {

  private static final long SIZE = 8L * MIB + 99;
  private static final int QUEUE = 128 * 1024;

  @TempDir
  Path dir;

  @Test
  void neverOverfillsASlowSink(Vertx vertx, VertxTestContext ctx) {
    SimulatedSource.create(vertx, dir, SIZE, 21, SimulatedSource.FAST).onComplete(ctx.succeeding(source -> {
      StreamEngine engine = source.engine(vertx, EngineConfig.defaults());
      Context loop = vertx.getOrCreateContext();
      loop.runOnContext(v -> {
        RecordingSink sink = new RecordingSink().queueLimit(QUEUE).drainEvery(vertx, 1, 48 * 1024);
        engine.transfer(source.file, 7, SIZE - 7, sink).result().onComplete(ctx.succeeding(x -> ctx.verify(() -> {
          sink.stopDraining(vertx);
          assertEquals(source.sha256(7, SIZE - 7), Digests.sha256(sink.received()));
          assertTrue(sink.maxQueuedBytes() <= QUEUE + RangeWriter.SLICE_BYTES,
              "queue reached " + sink.maxQueuedBytes());
          ctx.completeNow();
        })));
      });
    }));
  }

  @Test
  void stopsWritingUntilTheSinkDrains(Vertx vertx, VertxTestContext ctx) {
    SimulatedSource.create(vertx, dir, SIZE, 22, SimulatedSource.FAST).onComplete(ctx.succeeding(source -> {
      StreamEngine engine = source.engine(vertx, EngineConfig.defaults());
      Context loop = vertx.getOrCreateContext();
      loop.runOnContext(v -> {
        RecordingSink sink = new RecordingSink().queueLimit(QUEUE);
        RangeTransfer t = engine.transfer(source.file, 0, SIZE, sink);
        Await.delay(vertx, 300).onComplete(ctx.succeeding(x -> loop.runOnContext(y -> ctx.verify(() -> {
          int stalledAt = sink.received().length();
          assertTrue(stalledAt >= QUEUE && stalledAt <= QUEUE + RangeWriter.SLICE_BYTES,
              "wrote " + stalledAt + " bytes into a full queue");
          assertTrue(engine.stats().partsInFlight() + engine.stats().queuedFetches() <= 9,
              "read-ahead stays bounded while stalled");
          sink.drainEvery(vertx, 1, 256 * 1024);
          t.result().onComplete(ctx.succeeding(z -> ctx.verify(() -> {
            sink.stopDraining(vertx);
            assertEquals(source.sha256(0, SIZE), Digests.sha256(sink.received()));
            ctx.completeNow();
          })));
        }))));
      });
    }));
  }
}
