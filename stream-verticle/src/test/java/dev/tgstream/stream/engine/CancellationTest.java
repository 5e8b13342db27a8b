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
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.tgstream.stream.engine.SimulatedSource.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that goes away stops all work done for it, and nothing more reaches its sink. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class CancellationTest {

  private static final long SIZE = 24L * MIB;
  /** One part takes ~140 ms: a long read is still going when it is cancelled. */
  private static final String SLOWISH = "latency_ms=15,conn_kibps=8192,max_parallel=8";

  @TempDir
  Path dir;

  private static boolean idle(StreamEngine engine) {
    EngineStats s = engine.stats();
    return s.partsInFlight() == 0 && s.queuedFetches() == 0 && s.activeTransfers() == 0;
  }

  @Test
  void cancelMidTransferStopsWritesAndFetches(Vertx vertx, VertxTestContext ctx) {
    SimulatedSource.create(vertx, dir, SIZE, 11, SLOWISH).onComplete(ctx.succeeding(source -> {
      StreamEngine engine = source.engine(vertx, EngineConfig.defaults());
      Context loop = vertx.getOrCreateContext();
      AtomicReference<RangeTransfer> transfer = new AtomicReference<>();
      RecordingSink sink = new RecordingSink().onWrite(s -> {
        if (s.received().length() >= 2 * MIB && s.writesAfterMark() < 0) {
          s.mark();
          transfer.get().cancel();
        }
      });
      loop.runOnContext(v -> {
        transfer.set(engine.transfer(source.file, 100, SIZE - 100, sink));
        transfer.get().result().onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertInstanceOf(CancellationException.class, err);
          assertTrue(engine.stats().partsInFlight() > 0, "read-ahead was running when cancelled");
          Await.until(vertx, 1000, "fetches and transfers back to 0", () -> idle(engine))
              .onComplete(ctx.succeeding(ms -> ctx.verify(() -> {
                assertEquals(0, sink.writesAfterMark(), "no write after cancel()");
                int written = sink.received().length();
                assertEquals(source.sha256(100, written), Digests.sha256(sink.received()));
                assertTrue(engine.stats().fetches() < 14, "cancelled read-ahead was not fetched: "
                    + engine.stats());
                ctx.completeNow();
              })));
        })));
      });
    }));
  }

  @Test
  void cancelEarlyDropsQueuedFetches(Vertx vertx, VertxTestContext ctx) {
    SimulatedSource.create(vertx, dir, SIZE, 12, SLOWISH).onComplete(ctx.succeeding(source -> {
      StreamEngine engine = source.engine(vertx, EngineConfig.defaults().withMaxInFlightParts(2));
      Context loop = vertx.getOrCreateContext();
      RecordingSink sink = new RecordingSink();
      loop.runOnContext(v -> {
        RangeTransfer t = engine.transfer(source.file, 0, SIZE, sink);
        // Let it start its reads, then leave.
        vertx.setTimer(20, id -> {
          EngineStats during = engine.stats();
          int writesBefore = sink.writes();
          t.cancel();
          Await.until(vertx, 1000, "idle engine", () -> idle(engine))
              .compose(ms -> Await.delay(vertx, 300))
              .onComplete(ctx.succeeding(x -> ctx.verify(() -> {
                assertTrue(during.queuedFetches() > 0, "read-ahead was queued: " + during);
                assertEquals(during.fetches(), engine.stats().fetches(), "no queued fetch started after cancel");
                assertEquals(writesBefore, sink.writes(), "no write after cancel()");
                assertTrue(t.result().failed());
                ctx.completeNow();
              })));
        });
      });
    }));
  }

  @Test
  void aFailedSinkWriteCancelsTheTransfer(Vertx vertx, VertxTestContext ctx) {
    SimulatedSource.create(vertx, dir, SIZE, 13, SimulatedSource.FAST).onComplete(ctx.succeeding(source -> {
      StreamEngine engine = source.engine(vertx, EngineConfig.defaults());
      long failAfter = 3L * MIB + 5;
      Transfers.run(vertx.getOrCreateContext(), engine, 0, SIZE, source,
          () -> new RecordingSink().failAfter(failAfter)).onComplete(ctx.succeeding(outcome -> ctx.verify(() -> {
            assertInstanceOf(CancellationException.class, outcome.result().cause());
            RecordingSink sink = outcome.sink();
            int accepted = sink.received().length();
            assertTrue(accepted <= failAfter && accepted > failAfter - RangeWriter.SLICE_BYTES);
            assertEquals(source.sha256(0, accepted), Digests.sha256(sink.received()));
            assertEquals(accepted / RangeWriter.SLICE_BYTES + 1, sink.writes(), "no write after the failed one");
            Await.until(vertx, 1000, "idle engine", () -> idle(engine)).onComplete(ctx.succeedingThenComplete());
          })));
    }));
  }
}
