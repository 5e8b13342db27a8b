package dev.tgstream.stream.engine;

import dev.tgstream.telegram.TelegramGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.tgstream.stream.engine.SimulatedSource.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parts are fetched once: coalescing of concurrent requests, reuse from the cache, warm-up, and the cache's bound. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class SharedPartsTest {

  private static final long SIZE = 24L * MIB + 777;
  @TempDir
  Path dir;

  @Test
  void twoConcurrentTransfersOfOnePartShareOneFetch(Vertx vertx, VertxTestContext ctx) {
    // A source answered on command: both transfers certainly ask while the part is still on its way.
    byte[] data = ManualGateway.randomBytes(SIZE, 1);
    ManualGateway gateway = new ManualGateway(data);
    Transfers.eventLoops(vertx, 2).onComplete(ctx.succeeding(loops -> {
      StreamEngine engine = new StreamEngine(vertx, gateway, EngineConfig.defaults().withReadAhead(0)
          .withFirstPartBytes(PartGeometry.PART_SIZE));
      long start = 3L * MIB + 1000;
      RecordingSink a = new RecordingSink();
      RecordingSink b = new RecordingSink();
      Future<RangeTransfer> first = Transfers.started(loops.get(0), engine, gateway.file(), start, MIB - 1000, a);
      Future<RangeTransfer> second = Transfers.started(loops.get(1), engine, gateway.file(), start + 5000, 40_000, b);
      Future.all(first, second).onComplete(ctx.succeeding(both -> {
        ctx.verify(() -> {
          assertEquals(1, gateway.count(), "one read of part 3 for both: " + gateway.pending());
          assertEquals(1, engine.stats().coalesced(), "the second transfer joined the running fetch");
        });
        Future.all(first.result().result(), second.result().result()).onComplete(ctx.succeeding(done ->
            ctx.verify(() -> {
              assertEquals(Digests.sha256(data, (int) start, MIB - 1000), Digests.sha256(a.received()));
              assertEquals(Digests.sha256(data, (int) start + 5000, 40_000), Digests.sha256(b.received()));
              assertEquals(1, engine.stats().partFetches(), "one gateway fetch of part 3: " + engine.stats());
              assertEquals(1, gateway.count());
              ctx.completeNow();
            })));
        gateway.pending().get(0).succeed();
      }));
    }));
  }

  @Test
  void warmUpReadsGoOutAsBackgroundUntilATransferComesToWaitForThem(Vertx vertx, VertxTestContext ctx) {
    byte[] data = ManualGateway.randomBytes(SIZE, 3);
    ManualGateway gateway = new ManualGateway(data);
    StreamEngine engine = new StreamEngine(vertx, gateway, EngineConfig.defaults().withReadAhead(0));
    var loop = vertx.getOrCreateContext();
    loop.runOnContext(v -> {
      Future<Void> warmed = engine.warm(gateway.file());
      ctx.verify(() -> {
        assertEquals(List.of(0L, 24L * MIB), gateway.offsets());
        assertEquals(List.of(TelegramGateway.ReadUrgency.BACKGROUND, TelegramGateway.ReadUrgency.BACKGROUND),
            gateway.pending().stream().map(ManualGateway.Call::urgency).toList());
      });
      RecordingSink head = new RecordingSink();
      RecordingSink seek = new RecordingSink();
      // A player starts at the beginning (joins the warm-up's read of part 0) and another seeks to the middle.
      Transfers.started(loop, engine, gateway.file(), 0, 200_000, head)
          .compose(a -> Transfers.started(loop, engine, gateway.file(), 12L * MIB, 100_000, seek)
              .map(b -> List.of(a, b)))
          .onComplete(ctx.succeeding(transfers -> {
            ctx.verify(() -> {
              assertEquals(List.of(0L), gateway.hurried(), "the read of part 0 is waited for now");
              List<TelegramGateway.ReadUrgency> seekReads = gateway.pending().stream()
                  .filter(c -> c.offset() >= 12L * MIB && c.offset() < 13L * MIB).map(ManualGateway.Call::urgency)
                  .toList();
              assertTrue(!seekReads.isEmpty()
                  && seekReads.stream().allMatch(u -> u == TelegramGateway.ReadUrgency.WAITED), seekReads.toString());
            });
            Future.all(warmed, transfers.get(0).result(), transfers.get(1).result())
                .onComplete(ctx.succeeding(done -> ctx.verify(() -> {
                  assertEquals(Digests.sha256(data, 0, 200_000), Digests.sha256(head.received()));
                  assertEquals(Digests.sha256(data, 12 * MIB, 100_000), Digests.sha256(seek.received()));
                  ctx.completeNow();
                })));
            while (gateway.answerRound() > 0) {
              // every read, and whatever their answers start
            }
          }));
    });
  }

  @Test
  void aSecondReadOfACachedPartFetchesNothing(Vertx vertx, VertxTestContext ctx) {
    SimulatedSource.create(vertx, dir, SIZE, 2, SimulatedSource.FAST).onComplete(ctx.succeeding(source -> {
      StreamEngine engine = source.engine(vertx, EngineConfig.defaults());
      var loop = vertx.getOrCreateContext();
      Transfers.run(loop, engine, 5L * MIB, MIB, source).compose(first -> {
        ctx.verify(() -> assertTrue(first.result().succeeded()));
        EngineStats before = engine.stats();
        return Transfers.run(loop, engine, 5L * MIB + 12_345, 300_000, source).map(second -> {
          ctx.verify(() -> {
            EngineStats after = engine.stats();
            assertEquals(source.sha256(5L * MIB + 12_345, 300_000), Digests.sha256(second.bytes()));
            assertEquals(before.fetches(), after.fetches(), "no gateway call for a cached part");
            assertEquals(before.cacheHits() + 1, after.cacheHits());
          });
          return second;
        });
      }).onComplete(ctx.succeeding(v -> ctx.completeNow()));
    }));
  }

  @Test
  void theCacheNeverExceedsItsBoundDuringALongRead(Vertx vertx, VertxTestContext ctx) {
    long bound = 4L * MIB;
    SimulatedSource.create(vertx, dir, SIZE, 3, SimulatedSource.FAST).onComplete(ctx.succeeding(source -> {
      StreamEngine engine = source.engine(vertx, EngineConfig.defaults().withCacheBytes(bound));
      AtomicLong most = new AtomicLong();
      Transfers.run(vertx.getOrCreateContext(), engine, 0, SIZE, source,
          () -> new RecordingSink().onWrite(s -> most.accumulateAndGet(engine.stats().cachedBytes(), Math::max)))
          .onComplete(ctx.succeeding(outcome -> ctx.verify(() -> {
            assertTrue(outcome.result().succeeded());
            assertEquals(source.sha256(0, SIZE), Digests.sha256(outcome.bytes()));
            assertTrue(most.get() <= bound, "cache held " + most.get() + " bytes, bound " + bound);
            assertTrue(engine.stats().peakCachedBytes() <= bound, "the cache's own high-water mark: "
                + engine.stats());
            assertTrue(most.get() >= bound - MIB, "the cache was used: " + most.get());
            assertEquals(25, engine.stats().partFetches(), "each part fetched once");
            ctx.completeNow();
          })));
    }));
  }

  @Test
  void warmCachesTheFirstAndLastPart(Vertx vertx, VertxTestContext ctx) {
    SimulatedSource.create(vertx, dir, SIZE, 4, SimulatedSource.FAST).onComplete(ctx.succeeding(source -> {
      StreamEngine engine = source.engine(vertx, EngineConfig.defaults());
      var loop = vertx.getOrCreateContext();
      engine.warm(source.file).compose(v -> {
        EngineStats warmed = engine.stats();
        ctx.verify(() -> {
          assertEquals(2, warmed.fetches());
          assertEquals(MIB + 777, warmed.cachedBytes());
        });
        Future<Transfers.Outcome> head = Transfers.run(loop, engine, 0, 200_000, source);
        Future<Transfers.Outcome> tail = Transfers.run(loop, engine, SIZE - 700, 700, source);
        return Future.all(head, tail).map(all -> {
          ctx.verify(() -> {
            assertEquals(source.sha256(0, 200_000), Digests.sha256(head.result().bytes()));
            assertEquals(source.sha256(SIZE - 700, 700), Digests.sha256(tail.result().bytes()));
            assertEquals(2, engine.stats().fetches(), "served from the warmed parts: " + engine.stats());
          });
          return all;
        });
      }).onComplete(ctx.succeeding(v -> ctx.completeNow()));
    }));
  }
}
