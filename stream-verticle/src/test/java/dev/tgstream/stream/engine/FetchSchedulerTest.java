package dev.tgstream.stream.engine;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
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

  private FetchTicket request(FetchScheduler s, Context context, long part, int rank, boolean openEnded) {
    PieceKey key = PartGeometry.part("f", part);
    return s.request(key, key.expectedLength(FILE_SIZE), rank, openEnded, context);
  }

  /** Runs the scenario on one event loop, as a transfer would. */
  private static void onContext(Vertx vertx, VertxTestContext ctx, Consumer<Context> scenario) {
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> ctx.verify(() -> {
      scenario.accept(context);
      ctx.completeNow();
    }));
  }

  /** A range with a named end: its read-ahead may use every slot. */
  private static final boolean BOUNDED = false;
  /** An open-ended read (a player's): its read-ahead leaves the reserved slots free. */
  private static final boolean OPEN_ENDED = true;

  @Test
  void aReadThatNeverAnswersTimesOutAndIsRetried(Vertx vertx, VertxTestContext ctx) {
    FetchScheduler s = new FetchScheduler(vertx, gateway, cache, counters, EngineConfig.defaults(), 100);
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      FetchTicket ticket = request(s, context, 0, FetchTicket.URGENT, BOUNDED);
      ticket.future().onComplete(ctx.succeeding(bytes -> ctx.verify(() -> {
        assertEquals(MIB, bytes.length());
        assertEquals(2, gateway.count(), "the hung read, then one retry");
        ctx.completeNow();
      })));
      // The first read hangs for good; answer the retry as soon as it arrives.
      vertx.setPeriodic(20, id -> {
        if (gateway.count() == 2) {
          vertx.cancelTimer(id);
          gateway.call(1).succeed();
        }
      });
    });
  }

  @Test
  void waitingReadsGoFirstThenNearerReadAhead(Vertx vertx, VertxTestContext ctx) {
    FetchScheduler s = scheduler(vertx, EngineConfig.defaults().withMaxInFlightParts(1).withReservedSlots(0));
    onContext(vertx, ctx, c -> {
      request(s, c, 0, FetchTicket.URGENT, BOUNDED); // takes the only slot
      request(s, c, 5, 3, BOUNDED);
      request(s, c, 6, 1, BOUNDED);
      request(s, c, 7, FetchTicket.URGENT, BOUNDED);
      FetchTicket promoted = request(s, c, 8, 4, BOUNDED);
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
        request(s, c, k, FetchTicket.URGENT, BOUNDED);
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
      FetchTicket first = request(s, c, 2, FetchTicket.URGENT, BOUNDED);
      FetchTicket second = request(s, c, 2, 1, BOUNDED);
      assertEquals(FetchTicket.Origin.FETCH, first.origin);
      assertEquals(FetchTicket.Origin.JOINED, second.origin);
      assertEquals(1, gateway.count());
      gateway.call(0).succeed();
      assertTrue(first.isReady());
      assertTrue(second.isReady());
      FetchTicket third = request(s, c, 2, FetchTicket.URGENT, BOUNDED);
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
      FetchTicket running = request(s, c, 0, FetchTicket.URGENT, BOUNDED);
      FetchTicket queued = request(s, c, 1, FetchTicket.URGENT, BOUNDED);
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
  void openEndedReadAheadLeavesTheReservedSlotFree(Vertx vertx, VertxTestContext ctx) {
    FetchScheduler s = scheduler(vertx, EngineConfig.defaults().withMaxInFlightParts(4).withReservedSlots(1));
    onContext(vertx, ctx, c -> {
      for (int k = 1; k <= 6; k++) {
        request(s, c, k, k, OPEN_ENDED);
      }
      assertEquals(3, s.running(), "open-ended read-ahead takes all but the reserved slot");
      request(s, c, 40, FetchTicket.URGENT, OPEN_ENDED);
      assertEquals(4, s.running(), "a read somebody waits for takes the reserved slot at once");
      gateway.call(0).succeed();
      assertEquals(3, s.running(), "the freed slot is the reserve again");
      request(s, c, 20, 1, BOUNDED);
      assertEquals(4, s.running(), "read-ahead of a range with a named end may use it");
      assertEquals(20L * MIB, gateway.offsets().get(4));
    });
  }

  @Test
  void readAheadOfACachedPartHoldsNothingUntilItIsNeeded(Vertx vertx, VertxTestContext ctx) {
    FetchScheduler s = scheduler(vertx, EngineConfig.defaults());
    onContext(vertx, ctx, c -> {
      cache.put(PartGeometry.part("f", 3), Buffer.buffer(new byte[MIB]));
      FetchTicket cached = request(s, c, 3, 2, BOUNDED);
      assertFalse(cached.isReady());
      assertEquals(0, s.readAheadParts(), "a deferred hit holds no memory");
      s.rerank(cached, FetchTicket.URGENT);
      assertTrue(cached.isReady());
      assertEquals(0, gateway.count());

      cache.put(PartGeometry.part("f", 4), Buffer.buffer(new byte[MIB]));
      FetchTicket evicted = request(s, c, 4, 1, BOUNDED);
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
      FetchTicket ahead = request(s, c, 1, 1, BOUNDED);
      gateway.call(0).succeed();
      assertTrue(ahead.isReady());
      assertEquals(1, s.readAheadParts());
      FetchTicket urgent = request(s, c, 2, FetchTicket.URGENT, BOUNDED);
      FetchTicket joined = request(s, c, 2, 1, BOUNDED);
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
  void readAheadStopsWhenItsBudgetIsSpent(Vertx vertx, VertxTestContext ctx) {
    FetchScheduler s = scheduler(vertx, EngineConfig.defaults().withReadAheadBudgetBytes(2L * MIB));
    onContext(vertx, ctx, c -> {
      FetchTicket[] ahead = new FetchTicket[4];
      for (int k = 0; k < 4; k++) {
        ahead[k] = request(s, c, k + 1, k + 1, BOUNDED);
      }
      assertEquals(2, gateway.count());
      gateway.call(0).succeed();
      gateway.call(1).succeed();
      assertEquals(2, gateway.count(), "fetched parts not yet written still count against the budget");
      s.rerank(ahead[0], FetchTicket.URGENT);
      assertEquals(3, gateway.count(), "the part being written no longer counts");
      s.release(ahead[1]);
      assertEquals(4, gateway.count());
      request(s, c, 30, FetchTicket.URGENT, BOUNDED);
      assertEquals(5, gateway.count(), "waiting reads are never held back by the budget");
      assertFalse(ahead[3].isReady());
    });
  }
}
