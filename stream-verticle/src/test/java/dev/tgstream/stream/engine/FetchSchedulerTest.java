package dev.tgstream.stream.engine;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static dev.tgstream.stream.engine.SimulatedSource.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scheduler's rules, observed read by read on a source that answers only when told to. */
@ExtendWith(VertxExtension.class)
class FetchSchedulerTest {

  private static final long FILE_SIZE = 64L * MIB;

  private final ManualGateway gateway = new ManualGateway();
  private final EngineCounters counters = new EngineCounters();
  private final PartCache cache = new PartCache(16L * MIB);

  private FetchScheduler scheduler(Vertx vertx, EngineConfig config) {
    return new FetchScheduler(vertx, gateway, cache, counters, config);
  }

  private FetchTicket request(FetchScheduler s, Context context, long part, int rank, Probation probation) {
    PieceKey key = PartGeometry.part("f", part);
    return s.request(key, key.expectedLength(FILE_SIZE), rank, probation, context);
  }

  /** Runs the scenario on one event loop, as a transfer would. */
  private static void onContext(Vertx vertx, VertxTestContext ctx, Consumer<Context> scenario) {
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> ctx.verify(() -> {
      scenario.accept(context);
      ctx.completeNow();
    }));
  }

  private static Probation longAgo() {
    return Probation.over();
  }

  @Test
  void waitingReadsGoFirstThenNearerReadAhead(Vertx vertx, VertxTestContext ctx) {
    FetchScheduler s = scheduler(vertx, EngineConfig.defaults().withMaxInFlightParts(1).withReservedSlots(0, 0));
    onContext(vertx, ctx, c -> {
      request(s, c, 0, FetchTicket.URGENT, longAgo()); // takes the only slot
      request(s, c, 5, 3, longAgo());
      request(s, c, 6, 1, longAgo());
      request(s, c, 7, FetchTicket.URGENT, longAgo());
      FetchTicket promoted = request(s, c, 8, 4, longAgo());
      s.rerank(promoted, FetchTicket.URGENT);
      assertEquals(List.of(0L), gateway.offsets());
      for (int i = 0; i < 5; i++) {
        gateway.call(i).succeed();
      }
      assertEquals(List.of(0L, 7L * MIB, 8L * MIB, 6L * MIB, 5L * MIB), gateway.offsets());
      assertEquals(0, s.running());
    });
  }

  @Test
  void neverMoreReadsThanTheBound(Vertx vertx, VertxTestContext ctx) {
    FetchScheduler s = scheduler(vertx, EngineConfig.defaults().withMaxInFlightParts(3));
    onContext(vertx, ctx, c -> {
      for (int k = 0; k < 10; k++) {
        request(s, c, k, FetchTicket.URGENT, longAgo());
      }
      assertEquals(3, gateway.count());
      assertEquals(3, s.running());
      assertEquals(7, s.queued());
      gateway.call(1).succeed();
      assertEquals(4, gateway.count());
      assertEquals(3, s.running());
    });
  }

  @Test
  void concurrentRequestsForOnePieceShareOneRead(Vertx vertx, VertxTestContext ctx) {
    FetchScheduler s = scheduler(vertx, EngineConfig.defaults());
    onContext(vertx, ctx, c -> {
      FetchTicket first = request(s, c, 2, FetchTicket.URGENT, longAgo());
      FetchTicket second = request(s, c, 2, 1, longAgo());
      assertEquals(FetchTicket.Origin.FETCH, first.origin);
      assertEquals(FetchTicket.Origin.JOINED, second.origin);
      assertEquals(1, gateway.count());
      gateway.call(0).succeed();
      assertTrue(first.isReady());
      assertTrue(second.isReady());
      FetchTicket third = request(s, c, 2, FetchTicket.URGENT, longAgo());
      assertEquals(FetchTicket.Origin.CACHE, third.origin);
      assertTrue(third.isReady());
      assertEquals(1, gateway.count());
      assertEquals(1, counters.coalesced.sum());
      assertEquals(1, counters.cacheHits.sum());
    });
  }

  @Test
  void aQueuedReadNobodyWantsIsNeverStarted(Vertx vertx, VertxTestContext ctx) {
    FetchScheduler s = scheduler(vertx, EngineConfig.defaults().withMaxInFlightParts(1));
    onContext(vertx, ctx, c -> {
      FetchTicket running = request(s, c, 0, FetchTicket.URGENT, longAgo());
      FetchTicket queued = request(s, c, 1, FetchTicket.URGENT, longAgo());
      assertEquals(1, s.queued());
      s.release(queued);
      assertEquals(0, s.queued());
      s.release(running);
      assertEquals(1, s.running(), "a running read cannot be taken back");
      gateway.call(0).succeed();
      assertEquals(0, s.running());
      assertEquals(1, gateway.count());
      assertTrue(s.isCachedOrFetching(PartGeometry.part("f", 0)), "the orphaned read still lands in the cache");
    });
  }

  @Test
  void aYoungTransfersReadAheadLeavesTheReservedSlotFree(Vertx vertx, VertxTestContext ctx) {
    FetchScheduler s = scheduler(vertx, EngineConfig.defaults().withMaxInFlightParts(4).withReservedSlots(1, 60_000));
    onContext(vertx, ctx, c -> {
      Probation now = Probation.untilFirstByteAnd(TimeUnit.SECONDS.toNanos(60));
      for (int k = 1; k <= 6; k++) {
        request(s, c, k, k, now);
      }
      assertEquals(3, s.running(), "read-ahead of a young transfer takes all but the reserved slot");
      request(s, c, 40, FetchTicket.URGENT, now);
      assertEquals(4, s.running(), "a read somebody waits for takes the reserved slot at once");
      request(s, c, 20, 1, longAgo());
      assertEquals(4, s.running());
      gateway.call(0).succeed();
      assertEquals(4, s.running(), "an established transfer's read-ahead may use the reserved slot");
      assertEquals(20L * MIB, gateway.offsets().get(4));
    });
  }

  @Test
  void readAheadOfACachedPartHoldsNothingUntilItIsNeeded(Vertx vertx, VertxTestContext ctx) {
    FetchScheduler s = scheduler(vertx, EngineConfig.defaults());
    onContext(vertx, ctx, c -> {
      cache.put(PartGeometry.part("f", 3), Buffer.buffer(new byte[MIB]));
      FetchTicket cached = request(s, c, 3, 2, longAgo());
      assertFalse(cached.isReady());
      assertEquals(0, s.readAheadParts(), "a deferred hit holds no memory");
      s.rerank(cached, FetchTicket.URGENT);
      assertTrue(cached.isReady());
      assertEquals(0, gateway.count());

      cache.put(PartGeometry.part("f", 4), Buffer.buffer(new byte[MIB]));
      FetchTicket evicted = request(s, c, 4, 1, longAgo());
      cache.remove(PartGeometry.part("f", 4));
      s.rerank(evicted, FetchTicket.URGENT);
      assertEquals(List.of(4L * MIB), gateway.offsets(), "fetched when needed after all");
      gateway.call(0).succeed();
      assertTrue(evicted.isReady());
    });
  }

  @Test
  void overBudgetReadAheadJoiningAFetchRelyOnTheCache(Vertx vertx, VertxTestContext ctx) {
    FetchScheduler s = scheduler(vertx, EngineConfig.defaults().withReadAheadBudgetBytes(MIB));
    onContext(vertx, ctx, c -> {
      FetchTicket ahead = request(s, c, 1, 1, longAgo());
      gateway.call(0).succeed();
      assertTrue(ahead.isReady());
      assertEquals(1, s.readAheadParts());
      FetchTicket urgent = request(s, c, 2, FetchTicket.URGENT, longAgo());
      FetchTicket joined = request(s, c, 2, 1, longAgo());
      gateway.call(1).succeed();
      assertTrue(urgent.isReady());
      assertFalse(joined.isReady(), "no budget left to hold it");
      assertEquals(1, s.readAheadParts());
      s.rerank(joined, FetchTicket.URGENT);
      assertTrue(joined.isReady(), "found in the cache when needed");
      assertEquals(2, gateway.count());
    });
  }

  @Test
  void probationEndsSomeTimeAfterTheFirstByte(Vertx vertx, VertxTestContext ctx) {
    FetchScheduler s = scheduler(vertx, EngineConfig.defaults().withMaxInFlightParts(2).withReservedSlots(1, 50));
    Probation probation = Probation.untilFirstByteAnd(TimeUnit.MILLISECONDS.toNanos(50));
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      request(s, context, 1, 1, probation);
      request(s, context, 2, 2, probation);
      ctx.verify(() -> assertEquals(1, s.running()));
      probation.firstByteWritten();
      s.pump(); // as the transfer does when it writes its first byte
      ctx.verify(() -> assertEquals(1, s.running(), "still on probation right after the first byte"));
      Await.until(vertx, 2000, "the second read starts", () -> s.running() == 2)
          .onComplete(ctx.succeedingThenComplete());
    });
  }

  @Test
  void readAheadStopsWhenItsBudgetIsSpent(Vertx vertx, VertxTestContext ctx) {
    FetchScheduler s = scheduler(vertx, EngineConfig.defaults().withReadAheadBudgetBytes(2L * MIB));
    onContext(vertx, ctx, c -> {
      FetchTicket[] ahead = new FetchTicket[4];
      for (int k = 0; k < 4; k++) {
        ahead[k] = request(s, c, k + 1, k + 1, longAgo());
      }
      assertEquals(2, gateway.count());
      gateway.call(0).succeed();
      gateway.call(1).succeed();
      assertEquals(2, gateway.count(), "fetched parts not yet written still count against the budget");
      s.rerank(ahead[0], FetchTicket.URGENT);
      assertEquals(3, gateway.count(), "the part being written no longer counts");
      s.release(ahead[1]);
      assertEquals(4, gateway.count());
      request(s, c, 30, FetchTicket.URGENT, longAgo());
      assertEquals(5, gateway.count(), "waiting reads are never held back by the budget");
      assertFalse(ahead[3].isReady());
    });
  }
}
