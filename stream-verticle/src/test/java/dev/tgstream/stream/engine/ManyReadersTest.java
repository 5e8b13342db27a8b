package dev.tgstream.stream.engine;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static dev.tgstream.stream.engine.SimulatedSource.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 100 slow readers at once on several event loops (a 512 MB host's worst day): every byte exact, and the engine's
 * memory stays inside its bounds the whole time: reads in flight, cache, and read-ahead held for readers (the engine's
 * own high-water marks, exact at every change).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class ManyReadersTest {

  private static final long SIZE = 48L * MIB + 5;
  private static final int READERS = 100;

  @TempDir
  Path dir;

  @Test
  void aHundredSlowReadersStayWithinTheMemoryBounds(Vertx vertx, VertxTestContext ctx) {
    EngineConfig config = EngineConfig.defaults().withCacheBytes(16L * MIB).withReadAheadBudgetBytes(12L * MIB);
    SimulatedSource.create(vertx, dir, SIZE, 51, SimulatedSource.FAST).onComplete(ctx.succeeding(source ->
        Transfers.eventLoops(vertx, 4).onComplete(ctx.succeeding(loops -> {
          StreamEngine engine = source.engine(vertx, config);
          Random random = new Random(8);
          List<long[]> ranges = new ArrayList<>();
          List<Future<Transfers.Outcome>> runs = new ArrayList<>();
          for (int i = 0; i < READERS; i++) {
            long start = random.nextLong(SIZE - 1);
            long length = 1 + random.nextLong(Math.min(3L * MIB, SIZE - start));
            ranges.add(new long[] {start, length});
            Context loop = loops.get(i % loops.size());
            runs.add(Transfers.run(loop, engine, start, length, source,
                () -> new RecordingSink().queueLimit(256 * 1024).drainEvery(vertx, 4, 64 * 1024)));
          }
          Future.all(runs).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
            for (int i = 0; i < READERS; i++) {
              Transfers.Outcome o = all.resultAt(i);
              o.sink().stopDraining(vertx);
              long[] r = ranges.get(i);
              assertTrue(o.result().succeeded(), "reader " + i + ": " + o.result().cause());
              assertEquals(source.sha256(r[0], r[1]), Digests.sha256(o.bytes()), "reader " + i);
            }
            // High-water marks kept by the engine at every change: no overshoot can fall between two samples.
            EngineStats peaks = engine.stats();
            assertTrue(peaks.peakPartsInFlight() <= config.maxInFlightParts(), "in flight " + peaks);
            assertEquals(config.maxInFlightParts(), peaks.peakPartsInFlight(), "the load used every slot");
            assertTrue(peaks.peakCachedBytes() <= config.cacheBytes(), "cache " + peaks);
            assertTrue(peaks.peakReadAheadParts() <= config.readAheadBudgetParts(), "read-ahead held " + peaks);
            assertTrue(peaks.peakReadAheadParts() > 0, "read-ahead was used");
            assertEquals(0, source.gateway.stats().invalidCalls());
            assertTrue(source.gateway.stats().maxObservedParallel() <= config.maxInFlightParts());
            Await.until(vertx, Await.LIVENESS_MS, "idle", () -> {
              EngineStats s = engine.stats();
              return s.activeTransfers() == 0 && s.partsInFlight() == 0 && s.readAheadParts() == 0;
            }).onComplete(ctx.succeedingThenComplete());
          })));
        }))));
  }
}
