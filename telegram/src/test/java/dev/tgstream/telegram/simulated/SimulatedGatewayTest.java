package dev.tgstream.telegram.simulated;

import dev.tgstream.telegram.Channel;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.MediaFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class SimulatedGatewayTest {

  private static final int MIB = 1024 * 1024;
  /** Three whole MiB and a ragged tail, so reads at the end come back short. */
  private static final byte[] DATA = new byte[3 * MIB + 1234];

  @BeforeAll
  static void fillData() {
    new Random(7).nextBytes(DATA);
  }

  /** Time only moves when a test moves it: what the simulator imposes is checked exactly, on any machine. */
  private final ManualClock clock = new ManualClock();

  private SimulatedGateway simulator(Vertx vertx, String config) {
    return new SimulatedGateway(vertx, new InMemoryGateway(DATA), SimulationConfig.parse(config), clock);
  }

  /** Runs the scenario on one event loop, where the clock's actions run inline as it passes them. */
  private static void onLoop(Vertx vertx, VertxTestContext ctx, Runnable scenario) {
    vertx.getOrCreateContext().runOnContext(v -> ctx.verify(scenario::run));
  }

  @Test
  void misalignedReadsFailLikeTelegram(Vertx vertx, VertxTestContext ctx) {
    SimulatedGateway sim = simulator(vertx, "latency_ms=0,conn_kibps=0,part_kib=512");
    List<Future<Buffer>> calls = List.of(
        sim.readPart(InMemoryGateway.FILE_ID, 100, 4096),
        sim.readPart(InMemoryGateway.FILE_ID, -4096, 4096),
        sim.readPart(InMemoryGateway.FILE_ID, 0, 1000),
        sim.readPart(InMemoryGateway.FILE_ID, 0, 3 * 4096),
        sim.readPart(InMemoryGateway.FILE_ID, 0, 0),
        sim.readPart(InMemoryGateway.FILE_ID, 0, MIB),
        sim.readPart(InMemoryGateway.FILE_ID, MIB - 4096, 8192),
        sim.readPart(InMemoryGateway.FILE_ID, 512 * 1024 + 4096, 512 * 1024));
    List<String> expected = List.of("OFFSET_INVALID", "OFFSET_INVALID", "LIMIT_INVALID", "LIMIT_INVALID",
        "LIMIT_INVALID", "LIMIT_INVALID", "LIMIT_INVALID", "LIMIT_INVALID");
    Future.join(calls).onComplete(done -> ctx.verify(() -> {
      for (int i = 0; i < calls.size(); i++) {
        Throwable cause = calls.get(i).cause();
        assertTrue(calls.get(i).failed(), "call " + i + " should fail");
        assertEquals(GatewayException.Kind.INVALID_REQUEST, GatewayException.kindOf(cause), "call " + i);
        assertEquals(expected.get(i), cause.getMessage(), "call " + i);
      }
      assertEquals(8, sim.stats().invalidCalls());
      assertEquals(8, sim.totalCalls());
      assertEquals(0, sim.executing());
      ctx.completeNow();
    }));
  }

  @Test
  void alignedReadsReturnExactBytesIncludingTheShortTail(Vertx vertx, VertxTestContext ctx) {
    SimulatedGateway sim = simulator(vertx, "latency_ms=0,conn_kibps=0");
    long[][] reads = {{0, MIB}, {MIB, MIB}, {4096, 4096}, {2 * MIB + 512 * 1024, 512 * 1024}, {3 * MIB, MIB},
        {3 * MIB, 4096}};
    List<Future<Buffer>> calls = new ArrayList<>();
    for (long[] r : reads) {
      calls.add(sim.readPart(InMemoryGateway.FILE_ID, r[0], (int) r[1]));
    }
    Future.all(calls).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      for (int i = 0; i < reads.length; i++) {
        int from = (int) reads[i][0];
        int to = (int) Math.min(DATA.length, reads[i][0] + reads[i][1]);
        assertEquals(sha256(Arrays.copyOfRange(DATA, from, to)), sha256(calls.get(i).result().getBytes()),
            "read " + i);
      }
      assertEquals(1234, calls.get(4).result().length());
      assertEquals(1234, calls.get(5).result().length());
      ctx.completeNow();
    })));
  }

  @Test
  void readAtTheEndPassesTheDelegatesErrorThrough(Vertx vertx, VertxTestContext ctx) {
    SimulatedGateway sim = simulator(vertx, "latency_ms=0,conn_kibps=0");
    sim.readPart(InMemoryGateway.FILE_ID, 4 * MIB, 4096).onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertEquals(GatewayException.Kind.INVALID_REQUEST, GatewayException.kindOf(e));
      assertEquals(0, sim.executing());
      ctx.completeNow();
    })));
  }

  @Test
  void parallelCallsAreCappedAndQueuedNotFailed(Vertx vertx, VertxTestContext ctx) {
    SimulatedGateway sim = simulator(vertx, "latency_ms=200,conn_kibps=0,max_parallel=8");
    onLoop(vertx, ctx, () -> {
      List<Future<Buffer>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(sim.readPart(InMemoryGateway.FILE_ID, (long) i % 3 * MIB, 64 * 1024));
      }
      assertEquals(8, sim.executing());
      assertEquals(12, sim.stats().queued());
      clock.drive(Future.all(calls)).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        assertEquals(8, sim.maxObservedParallel());
        assertEquals(0, sim.executing());
        assertEquals(0, sim.stats().queued());
        assertEquals(20, sim.totalCalls());
        assertEquals(20L * 64 * 1024, sim.stats().bytesRead());
        assertEquals(600, clock.elapsedMs(), "three rounds of 8, 8 and 4 calls");
        ctx.completeNow();
      })));
    });
  }

  @Test
  void queuedCallsWaitForSlotsSoTimeAddsUp(Vertx vertx, VertxTestContext ctx) {
    // 10 calls, 2 at a time, 100 ms each: 5 rounds, exactly 2 calls done at the end of each.
    SimulatedGateway sim = simulator(vertx, "latency_ms=100,conn_kibps=0,max_parallel=2");
    onLoop(vertx, ctx, () -> {
      List<Future<Buffer>> calls = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        calls.add(sim.readPart(InMemoryGateway.FILE_ID, 0, 4096));
      }
      rounds(sim, calls, 1).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
        assertEquals(500, clock.elapsedMs());
        assertEquals(2, sim.maxObservedParallel());
        ctx.completeNow();
      })));
    });
  }

  /** Round {@code r} of 100 ms: nothing more completes at 99 ms, two more at 100 ms. */
  private Future<Void> rounds(SimulatedGateway sim, List<Future<Buffer>> calls, int r) {
    return clock.whenPending(2).compose(v -> {
      assertEquals(2, sim.executing());
      clock.advance(99);
      assertEquals(2 * (r - 1), calls.stream().filter(Future::isComplete).count(), "after " + clock.elapsedMs());
      clock.advance(1);
      assertEquals(2 * r, calls.stream().filter(Future::succeeded).count(), "after " + clock.elapsedMs());
      return r == 5 ? Future.succeededFuture() : rounds(sim, calls, r + 1);
    });
  }

  @Test
  void waitingCallsStartInArrivalOrder(Vertx vertx, VertxTestContext ctx) {
    SimulatedGateway sim = simulator(vertx, "latency_ms=20,conn_kibps=0,max_parallel=1");
    List<Integer> completed = new ArrayList<>();
    onLoop(vertx, ctx, () -> {
      List<Future<Buffer>> calls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        int n = i;
        calls.add(sim.readPart(InMemoryGateway.FILE_ID, (long) i * 4096, 4096).onSuccess(b -> completed.add(n)));
      }
      clock.drive(Future.all(calls)).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        assertEquals(List.of(0, 1, 2, 3, 4, 5), completed);
        assertEquals(1, sim.maxObservedParallel());
        assertEquals(120, clock.elapsedMs(), "one call at a time");
        ctx.completeNow();
      })));
    });
  }

  @Test
  void latencyAndBandwidthAreRespected(Vertx vertx, VertxTestContext ctx) {
    SimulatedGateway sim = simulator(vertx, "latency_ms=0,conn_kibps=2048");
    SimulatedGateway withLatency = simulator(vertx, "latency_ms=200,conn_kibps=1024");
    onLoop(vertx, ctx, () -> {
      Future<Buffer> whole = sim.readPart(InMemoryGateway.FILE_ID, 0, MIB);
      clock.whenPending(1).compose(v -> {
        // 1 MiB at 2048 KiB/s: 500 ms.
        clock.advance(499);
        assertFalse(whole.isComplete(), "1 MiB at 2048 KiB/s done after 499 ms");
        clock.advance(1);
        assertEquals(MIB, whole.result().length());
        Future<Buffer> quarter = withLatency.readPart(InMemoryGateway.FILE_ID, 0, 256 * 1024);
        return clock.whenPending(1).map(w -> quarter);
      }).onComplete(ctx.succeeding(quarter -> ctx.verify(() -> {
        // 200 ms latency + 256 KiB at 1024 KiB/s = 450 ms
        clock.advance(449);
        assertFalse(quarter.isComplete(), "done 449 ms after it started");
        clock.advance(1);
        assertEquals(256 * 1024, quarter.result().length());
        assertEquals(950, clock.elapsedMs());
        ctx.completeNow();
      })));
    });
  }

  @Test
  void metadataCallsPassThroughAfterLatency(Vertx vertx, VertxTestContext ctx) {
    SimulatedGateway sim = simulator(vertx, "latency_ms=120");
    onLoop(vertx, ctx, () -> {
      Future<List<Channel>> channels = sim.channels();
      clock.advance(119);
      assertFalse(channels.isComplete(), "answered before its latency");
      Future<MediaFile> missing = channels
          .compose(list -> {
            assertEquals(InMemoryGateway.CHANNEL_ID, list.get(0).id());
            return sim.file(InMemoryGateway.FILE_ID);
          })
          .compose(file -> {
            assertEquals(DATA.length, file.size());
            return sim.file("nope");
          });
      clock.drive(missing).onComplete(ctx.failing(e -> ctx.verify(() -> {
        assertEquals(GatewayException.Kind.NOT_FOUND, GatewayException.kindOf(e));
        assertEquals(360, clock.elapsedMs(), "three calls one after the other, 120 ms each");
        assertEquals(0, sim.totalCalls());
        ctx.completeNow();
      })));
    });
  }

  @Test
  void floodWaitEveryNthCallBlocksUntilTheWaitHasPassed(Vertx vertx, VertxTestContext ctx) {
    SimulatedGateway sim = simulator(vertx, "latency_ms=0,conn_kibps=0,flood_every=3,flood_wait_s=1");
    IntFunction<Future<Buffer>> read = i -> sim.readPart(InMemoryGateway.FILE_ID, 0, 4096);
    List<String> outcomes = new ArrayList<>();
    sequence(read, 4, outcomes)
        .compose(v -> {
          ctx.verify(() -> {
            assertEquals(List.of("ok", "ok", "FLOOD_WAIT_1/1", "FLOOD_WAIT_1/1"), outcomes);
            assertEquals(2, sim.floodWaits());
          });
          // One millisecond before the wait is over the server still refuses, naming a whole second.
          clock.advance(999);
          return sequence(read, 1, outcomes);
        })
        .compose(v -> {
          clock.advance(1);
          return sequence(read, 4, outcomes);
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertEquals(List.of("ok", "ok", "FLOOD_WAIT_1/1", "FLOOD_WAIT_1/1", "FLOOD_WAIT_1/1", "ok", "ok",
              "FLOOD_WAIT_1/1", "FLOOD_WAIT_1/1"), outcomes);
          assertEquals(5, sim.floodWaits());
          assertEquals(9, sim.totalCalls());
          assertEquals(0, sim.failures());
          ctx.completeNow();
        })));
  }

  @Test
  void floodWaitNamesTheRemainingSecondsRoundedUp(Vertx vertx, VertxTestContext ctx) {
    SimulatedGateway sim = simulator(vertx, "latency_ms=0,conn_kibps=0,flood_every=1,flood_wait_s=3");
    sim.readPart(InMemoryGateway.FILE_ID, 0, 4096)
        .recover(first -> {
          ctx.verify(() -> assertEquals(3, ((GatewayException) first).retryAfterSeconds()));
          clock.advance(1200);
          return sim.readPart(InMemoryGateway.FILE_ID, 0, 4096);
        })
        .onComplete(ctx.failing(second -> ctx.verify(() -> {
          GatewayException g = (GatewayException) second;
          assertEquals(GatewayException.Kind.FLOOD_WAIT, g.kind());
          assertEquals(2, g.retryAfterSeconds());
          assertEquals("FLOOD_WAIT_2", g.getMessage());
          ctx.completeNow();
        })));
  }

  @Test
  void seededFailRateIsRepeatable(Vertx vertx, VertxTestContext ctx) {
    String config = "latency_ms=0,conn_kibps=0,fail_rate=0.5,seed=42";
    SimulatedGateway first = simulator(vertx, config);
    SimulatedGateway second = simulator(vertx, config);
    IntFunction<Future<Buffer>> readFirst = i -> first.readPart(InMemoryGateway.FILE_ID, 0, 4096);
    IntFunction<Future<Buffer>> readSecond = i -> second.readPart(InMemoryGateway.FILE_ID, 0, 4096);
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    sequence(readFirst, 200, a)
        .compose(v -> sequence(readSecond, 200, b))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertEquals(a, b);
          long failed = a.stream().filter("UNAVAILABLE:INTERNAL_SERVER_ERROR (simulated)"::equals).count();
          assertEquals(failed, first.failures());
          assertEquals(200 - failed, a.stream().filter("ok"::equals).count());
          assertTrue(failed > 60 && failed < 140, failed + " of 200 failed at rate 0.5");
          ctx.completeNow();
        })));
  }

  @Test
  void nearlyCertainFailRateFailsNearlyEverything(Vertx vertx, VertxTestContext ctx) {
    SimulatedGateway sim = simulator(vertx, "latency_ms=0,conn_kibps=0,fail_rate=0.999,seed=1");
    List<String> outcomes = new ArrayList<>();
    sequence(i -> sim.readPart(InMemoryGateway.FILE_ID, 0, 4096), 100, outcomes)
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertTrue(sim.failures() >= 97, sim.failures() + " failures");
          assertEquals(0, sim.executing());
          ctx.completeNow();
        })));
  }

  /** Runs {@code count} calls one after the other, recording each outcome as "ok", "KIND:message" or flood text. */
  private static Future<Void> sequence(IntFunction<Future<Buffer>> call, int count, List<String> outcomes) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < count; i++) {
      int n = i;
      chain = chain.compose(v -> call.apply(n).transform(ar -> {
        if (ar.succeeded()) {
          outcomes.add("ok");
        } else if (ar.cause() instanceof GatewayException g && g.kind() == GatewayException.Kind.FLOOD_WAIT) {
          outcomes.add(g.getMessage() + "/" + g.retryAfterSeconds());
        } else {
          outcomes.add(GatewayException.kindOf(ar.cause()) + ":" + ar.cause().getMessage());
        }
        return Future.succeededFuture();
      }));
    }
    return chain;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
