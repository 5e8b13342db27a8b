package dev.tgstream.stream.engine;

import dev.tgstream.telegram.GatewayException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static dev.tgstream.stream.engine.SimulatedSource.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Telegram's failures: FLOOD_WAIT and transient errors are waited out and still give exact bytes; permanent ones fail
 * the transfer without a single wrong byte written, so the HTTP layer can cut the connection.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class SourceFailuresTest {

  private static final long SIZE = 12L * MIB + 4321;

  @TempDir
  Path dir;

  @Test
  void floodWaitIsWaitedOutAndBytesStayExact(Vertx vertx, VertxTestContext ctx) {
    String sim = SimulatedSource.FAST + ",flood_every=5,flood_wait_s=1";
    SimulatedSource.create(vertx, dir, SIZE, 31, sim).onComplete(ctx.succeeding(source -> {
      StreamEngine engine = source.engine(vertx, EngineConfig.defaults().withReadAhead(2));
      readRandomRanges(vertx, engine, source, 6, 2L * MIB, 99).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
        assertTrue(source.gateway.stats().floodWaits() > 0, "the simulator sent FLOOD_WAITs");
        assertTrue(engine.stats().retries() > 0);
        assertEquals(0, source.gateway.stats().invalidCalls());
        ctx.completeNow();
      })));
    }));
  }

  @Test
  void transientFailuresAreRetriedAndBytesStayExact(Vertx vertx, VertxTestContext ctx) {
    String sim = SimulatedSource.FAST + ",fail_rate=0.2,seed=5";
    SimulatedSource.create(vertx, dir, SIZE, 32, sim).onComplete(ctx.succeeding(source -> {
      StreamEngine engine = source.engine(vertx, EngineConfig.defaults().withMaxRetries(12)
          .withCacheBytes(2L * MIB));
      readRandomRanges(vertx, engine, source, 60, 3L * MIB, 7).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
        assertTrue(source.gateway.stats().failures() > 10, "the simulator failed calls");
        assertEquals(source.gateway.stats().failures(), engine.stats().fetchFailures());
        assertEquals(0, engine.stats().partsInFlight());
        ctx.completeNow();
      })));
    }));
  }

  @Test
  void aSourceThatStaysDownFailsTheTransferAfterTheRetries(Vertx vertx, VertxTestContext ctx) {
    SimulatedSource.create(vertx, dir, SIZE, 33, SimulatedSource.FAST).onComplete(ctx.succeeding(source -> {
      BrokenSource broken = new BrokenSource(source.gateway, 3L * MIB, GatewayException.Kind.UNAVAILABLE);
      StreamEngine engine = source.engine(vertx, broken, EngineConfig.defaults().withMaxRetries(2).withReadAhead(0));
      Transfers.run(vertx.getOrCreateContext(), engine, 1000, 6L * MIB, source)
          .onComplete(ctx.succeeding(outcome -> ctx.verify(() -> {
            Throwable cause = outcome.result().cause();
            assertEquals(GatewayException.Kind.UNAVAILABLE, GatewayException.kindOf(cause), String.valueOf(cause));
            assertEquals(3L * MIB - 1000, outcome.bytes().length(), "every byte before the broken part");
            assertEquals(source.sha256(1000, 3L * MIB - 1000), Digests.sha256(outcome.bytes()));
            assertEquals(3, broken.brokenCalls(), "first attempt and two retries of part 3");
            assertEquals(0, engine.stats().activeTransfers());
            ctx.completeNow();
          })));
    }));
  }

  @Test
  void notFoundFailsAtOnceWithoutRetrying(Vertx vertx, VertxTestContext ctx) {
    SimulatedSource.create(vertx, dir, SIZE, 34, SimulatedSource.FAST).onComplete(ctx.succeeding(source -> {
      BrokenSource broken = new BrokenSource(source.gateway, 2L * MIB, GatewayException.Kind.NOT_FOUND);
      StreamEngine engine = source.engine(vertx, broken, EngineConfig.defaults().withReadAhead(0));
      Transfers.run(vertx.getOrCreateContext(), engine, 0, SIZE, source)
          .onComplete(ctx.succeeding(outcome -> ctx.verify(() -> {
            assertEquals(GatewayException.Kind.NOT_FOUND, GatewayException.kindOf(outcome.result().cause()));
            assertEquals(2L * MIB, outcome.bytes().length());
            assertEquals(source.sha256(0, 2L * MIB), Digests.sha256(outcome.bytes()));
            assertEquals(1, broken.brokenCalls());
            assertEquals(0, engine.stats().retries());
            ctx.completeNow();
          })));
    }));
  }

  @Test
  void aFileThatShrankFailsWithFileChangedAndIsNotCached(Vertx vertx, VertxTestContext ctx) {
    SimulatedSource.create(vertx, dir, SIZE, 35, SimulatedSource.FAST).onComplete(ctx.succeeding(source -> {
      long shrunk = 10L * MIB + MIB / 2;
      try (RandomAccessFile raf = new RandomAccessFile(source.path.toFile(), "rw")) {
        raf.setLength(shrunk);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      StreamEngine engine = source.engine(vertx, EngineConfig.defaults());
      Context loop = vertx.getOrCreateContext();
      // source.file still says 12 MiB: the metadata is stale, as when a message is edited mid-stream.
      Transfers.run(loop, engine, 8L * MIB, 4L * MIB, source).compose(outcome -> {
        ctx.verify(() -> {
          assertEquals(GatewayException.Kind.FILE_CHANGED, GatewayException.kindOf(outcome.result().cause()));
          assertEquals(2L * MIB, outcome.bytes().length(), "the intact parts 8 and 9, then the cut");
          assertEquals(source.sha256(8L * MIB, 2L * MIB), Digests.sha256(outcome.bytes()));
        });
        return source.gateway.file(source.file.id());
      }).compose(fresh -> {
        long fetchesBefore = engine.stats().partFetches();
        SimulatedSource current = source;
        return Future.<Void>future(p -> loop.runOnContext(v -> {
          RecordingSink sink = new RecordingSink();
          engine.transfer(fresh, 10L * MIB, shrunk - 10L * MIB, sink).result().onComplete(ar -> ctx.verify(() -> {
            assertTrue(ar.succeeded(), String.valueOf(ar.cause()));
            assertEquals(current.sha256(10L * MIB, shrunk - 10L * MIB), Digests.sha256(sink.received()));
            assertEquals(fetchesBefore + 1, engine.stats().partFetches(), "the short read was not cached");
            p.complete();
          }));
        }));
      }).onComplete(ctx.succeeding(v -> ctx.completeNow()));
    }));
  }

  /** Reads {@code count} seeded random ranges (two at a time) and checks each against the source. */
  private static Future<Void> readRandomRanges(Vertx vertx, StreamEngine engine, SimulatedSource source, int count,
                                               long maxLength, long seed) {
    Random random = new Random(seed);
    List<long[]> ranges = new ArrayList<>();
    ranges.add(new long[] {SIZE - 10, 10});
    while (ranges.size() < count) {
      long start = random.nextLong(SIZE);
      ranges.add(new long[] {start, 1 + random.nextLong(Math.min(maxLength, SIZE - start))});
    }
    Context loop = vertx.getOrCreateContext();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < ranges.size(); i += 2) {
      List<long[]> pair = ranges.subList(i, Math.min(i + 2, ranges.size()));
      chain = chain.compose(v -> {
        List<Future<Transfers.Outcome>> runs = new ArrayList<>();
        for (long[] r : pair) {
          runs.add(Transfers.run(loop, engine, r[0], r[1], source));
        }
        return Future.all(runs).compose(all -> {
          for (int j = 0; j < pair.size(); j++) {
            long[] r = pair.get(j);
            Transfers.Outcome o = all.resultAt(j);
            if (o.result().failed()) {
              return Future.failedFuture(new AssertionError("range " + r[0] + "+" + r[1] + " failed",
                  o.result().cause()));
            }
            if (!Digests.sha256(o.bytes()).equals(source.sha256(r[0], r[1]))) {
              return Future.failedFuture(new AssertionError("range " + r[0] + "+" + r[1] + " has wrong bytes"));
            }
          }
          return Future.succeededFuture();
        });
      });
    }
    return chain;
  }
}
