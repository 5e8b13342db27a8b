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

/**
 * Where the speed comes from, at a scaled-down Telegram (a whole part takes ~300 ms, a head piece ~70 ms): the first
 * byte does not wait for a whole part, a seek right after a cancelled probe is not stuck behind its orphaned reads,
 * and read-ahead beats the sequential baseline by a wide margin. Thresholds are loose on purpose (shared CI machines);
 * {@link BenchmarkFiguresTest} prints the real figures.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ReadAheadSpeedTest {

  private static final String SCALED = "latency_ms=50,conn_kibps=4096,max_parallel=8";
  private static final long SIZE = 40L * MIB + 123;
  /** latency + 1 MiB at 4 MiB/s. */
  private static final double WHOLE_PART_MS = 300;

  @TempDir
  Path dir;

  @Test
  void firstByteAndSeekDoNotWaitForWholeParts(Vertx vertx, VertxTestContext ctx) {
    SimulatedSource.create(vertx, dir, SIZE, 71, SCALED).onComplete(ctx.succeeding(source -> {
      StreamEngine engine = source.engine(vertx, EngineConfig.defaults());
      Context loop = vertx.getOrCreateContext();
      Stopwatch.time(loop, engine, source, 0, SIZE, RangeTransfer::cancel).compose(first ->
          Stopwatch.time(loop, engine, source, SIZE * 9 / 10, SIZE - SIZE * 9 / 10, RangeTransfer::cancel)
              .map(seek -> {
                ctx.verify(() -> {
                  assertTrue(first.firstByteMs() < WHOLE_PART_MS * 0.8, "first byte after " + first.firstByteMs());
                  assertTrue(seek.firstByteMs() < WHOLE_PART_MS * 0.8, "seek's first byte after "
                      + seek.firstByteMs());
                });
                return seek;
              })).onComplete(ctx.succeedingThenComplete());
    }));
  }

  @Test
  void aSeekAfterPlayingIsNotStuckBehindTheDroppedReadAhead(Vertx vertx, VertxTestContext ctx) {
    SimulatedSource.create(vertx, dir, SIZE, 73, SCALED).onComplete(ctx.succeeding(source -> {
      StreamEngine engine = source.engine(vertx, EngineConfig.defaults());
      Context loop = vertx.getOrCreateContext();
      long seekTo = SIZE * 9 / 10;
      Stopwatch.time(loop, engine, source, 0, SIZE, 2L * MIB, t -> { }).compose(played -> {
        ctx.verify(() -> assertTrue(engine.stats().partsInFlight() >= 6, "the dropped read-ahead is still running"));
        return Stopwatch.time(loop, engine, source, seekTo, SIZE - seekTo, RangeTransfer::cancel);
      }).onComplete(ctx.succeeding(seek -> ctx.verify(() -> {
        assertTrue(seek.firstByteMs() < WHOLE_PART_MS * 0.8, "seek's first byte after " + seek.firstByteMs());
        ctx.completeNow();
      })));
    }));
  }

  @Test
  void readAheadIsSeveralTimesFasterThanSequential(Vertx vertx, VertxTestContext ctx) {
    SimulatedSource.create(vertx, dir, SIZE, 72, SCALED).onComplete(ctx.succeeding(source -> {
      Context loop = vertx.getOrCreateContext();
      long start = SIZE / 2;
      long length = 12L * MIB;
      StreamEngine sequential = source.engine(vertx, EngineConfig.defaults().withReadAhead(0));
      StreamEngine parallel = source.engine(vertx, EngineConfig.defaults());
      Stopwatch.time(loop, sequential, source, start, length, t -> { }).compose(base ->
          Stopwatch.time(loop, parallel, source, start, length, t -> { }).map(fast -> {
            ctx.verify(() -> {
              assertEquals(source.sha256(start, length), Digests.sha256(fast.outcome().bytes()));
              double speedup = base.totalMs() / fast.totalMs();
              assertTrue(speedup >= 3.5, String.format("read-ahead %.0f ms vs sequential %.0f ms: only %.1fx",
                  fast.totalMs(), base.totalMs(), speedup));
              assertTrue(source.gateway.stats().maxObservedParallel() <= 8);
            });
            return fast;
          })).onComplete(ctx.succeedingThenComplete());
    }));
  }
}
