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
 * 300 seeded random ranges of a 24 MiB file, several at a time on several event loops, each compared byte for byte
 * with the source. The simulator rejects any misaligned read, so this also proves every read the engine makes is
 * legal for Telegram.
 */
@ExtendWith(VertxExtension.class)
class RandomRangesTest {

  /** A ragged tail, so the last part is short. */
  private static final long SIZE = 24L * MIB + 12_345;
  private static final int RANGES = 300;
  private static final int AT_ONCE = 6;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  void exactBytesWithReadAhead(Vertx vertx, VertxTestContext ctx) {
    // A cache smaller than the read-ahead of all readers together, so parts are evicted and fetched again.
    check(vertx, ctx, EngineConfig.defaults().withCacheBytes(6L * MIB));
  }

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  void exactBytesStrictlySequential(Vertx vertx, VertxTestContext ctx) {
    check(vertx, ctx, EngineConfig.defaults().withReadAhead(0).withCacheBytes(6L * MIB));
  }

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  void exactBytesWithoutCacheAndWithWholePartsOnly(Vertx vertx, VertxTestContext ctx) {
    check(vertx, ctx, EngineConfig.defaults().withCacheBytes(0).withFirstPartBytes(MIB).withMaxInFlightParts(3));
  }

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  void exactBytesWithTinyHeadPiecesAndOneSlot(Vertx vertx, VertxTestContext ctx) {
    check(vertx, ctx, EngineConfig.defaults().withFirstPartBytes(4096).withMaxInFlightParts(1).withReadAhead(3)
        .withCacheBytes(3L * MIB));
  }

  private void check(Vertx vertx, VertxTestContext ctx, EngineConfig config) {
    List<long[]> ranges = ranges(new Random(20240607L));
    SimulatedSource.create(vertx, dir, SIZE, 42, SimulatedSource.FAST).onComplete(ctx.succeeding(source ->
        Transfers.eventLoops(vertx, 4).onComplete(ctx.succeeding(loops -> {
          StreamEngine engine = source.engine(vertx, config);
          runWaves(engine, source, loops, ranges, 0).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
            EngineStats stats = engine.stats();
            assertEquals(0, source.gateway.stats().invalidCalls(), "the engine made a read Telegram rejects");
            assertEquals(0, stats.activeTransfers());
            assertTrue(stats.cachedBytes() <= config.cacheBytes(), "cache over its bound: " + stats);
            ctx.completeNow();
          })));
        }))));
  }

  private Future<Void> runWaves(StreamEngine engine, SimulatedSource source, List<Context> loops, List<long[]> ranges,
                                int from) {
    if (from >= ranges.size()) {
      return Future.succeededFuture();
    }
    List<Future<Transfers.Outcome>> wave = new ArrayList<>();
    int to = Math.min(ranges.size(), from + AT_ONCE);
    for (int i = from; i < to; i++) {
      long[] r = ranges.get(i);
      wave.add(Transfers.run(loops.get(i % loops.size()), engine, r[0], r[1], source));
    }
    return Future.all(wave).compose(all -> {
      for (int i = from; i < to; i++) {
        long[] r = ranges.get(i);
        Transfers.Outcome outcome = all.resultAt(i - from);
        if (outcome.result().failed()) {
          return Future.failedFuture(new AssertionError("range " + r[0] + "+" + r[1] + " failed",
              outcome.result().cause()));
        }
        if (outcome.bytes().length() != r[1]
            || !Digests.sha256(outcome.bytes()).equals(source.sha256(r[0], r[1]))) {
          return Future.failedFuture(new AssertionError("range " + r[0] + "+" + r[1] + " has wrong bytes ("
              + outcome.bytes().length() + " bytes written)"));
        }
      }
      return runWaves(engine, source, loops, ranges, to);
    });
  }

  /** Ranges of every shape: single bytes, the file's last bytes, ranges to the end, small, large, part-aligned. */
  private static List<long[]> ranges(Random random) {
    List<long[]> ranges = new ArrayList<>();
    ranges.add(new long[] {SIZE - 1, 1});
    ranges.add(new long[] {0, 1});
    ranges.add(new long[] {0, SIZE});
    ranges.add(new long[] {MIB, MIB});
    ranges.add(new long[] {MIB - 1, 2});
    while (ranges.size() < RANGES) {
      long start;
      long length;
      switch (ranges.size() % 6) {
        case 0 -> {
          start = random.nextLong(SIZE);
          length = 1;
        }
        case 1 -> {
          start = SIZE - 1 - random.nextLong(5_000);
          length = SIZE - start;
        }
        case 2 -> {
          start = SIZE - 1 - random.nextLong(3L * MIB);
          length = SIZE - start;
        }
        case 3 -> {
          start = random.nextLong(SIZE);
          length = 1 + random.nextLong(Math.min(70_000, SIZE - start));
        }
        default -> {
          start = random.nextLong(SIZE);
          length = 1 + random.nextLong(Math.min(4L * MIB, SIZE - start));
        }
      }
      ranges.add(new long[] {start, length});
    }
    return ranges;
  }
}
