package dev.tgstream.stream.engine;

import dev.tgstream.telegram.SourceChange;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.tgstream.stream.engine.SimulatedSource.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A head piece read before the file is described ({@link StreamEngine#anticipate}) is taken over by the transfer that
 * follows: no second read, and its bytes are the first ones out. Never at the cost of a read somebody waits for, never
 * for a part already cached, never across a change of the file. Observed on a source answered on command.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class AnticipationTest {

  private static final long SIZE = 8L * MIB + 1234;
  private static final int PIECE = EngineConfig.DEFAULT_FIRST_PART_BYTES;

  private final byte[] data = ManualGateway.randomBytes(SIZE, 5);
  private final ManualGateway gateway = new ManualGateway(data);

  private static void onLoop(Context loop, VertxTestContext ctx, Runnable scenario) {
    loop.runOnContext(v -> ctx.verify(scenario::run));
  }

  /** Starts a transfer; {@code next} runs once it has laid out its first reads. */
  private static void afterStart(Context loop, VertxTestContext ctx, Runnable next) {
    loop.runOnContext(v -> ctx.verify(next::run));
  }

  @Test
  void theTransferTakesOverTheReadStartedBeforeTheDescribe(Vertx vertx, VertxTestContext ctx) {
    StreamEngine engine = new StreamEngine(vertx, gateway, EngineConfig.defaults());
    long start = 5L * MIB + 70_000;
    Context loop = vertx.getOrCreateContext();
    onLoop(loop, ctx, () -> {
      assertTrue(engine.anticipate(ManualGateway.FILE_ID, start));
      assertEquals(List.of(start / PIECE * PIECE), gateway.offsets(), "the head piece, before any describe");
      RecordingSink sink = new RecordingSink();
      RangeTransfer t = engine.transfer(gateway.file(), start, SIZE - start, sink);
      afterStart(loop, ctx, () -> {
        long heads = gateway.pending().stream().filter(c -> c.length() == PIECE).count();
        assertEquals(1, heads, "no second read of the head piece: " + gateway.pending());
        gateway.call(0).succeed();
        long pieceEnd = (start / PIECE + 1) * PIECE;
        assertEquals(Digests.sha256(data, (int) start, (int) (pieceEnd - start)), Digests.sha256(sink.received()),
            "the anticipated bytes went out first");
        assertEquals(1, engine.stats().anticipationsAdopted());
        assertTrue(engine.stats().peakPartsInFlight() <= EngineConfig.DEFAULT_MAX_IN_FLIGHT_PARTS);
        t.cancel();
        gateway.answerRound();
        assertEquals(0, engine.stats().partsInFlight(), "every slot given back");
        ctx.completeNow();
      });
    });
  }

  @Test
  void aReadThatCameBackBeforeTheTransferIsStillTakenOver(Vertx vertx, VertxTestContext ctx) {
    StreamEngine engine = new StreamEngine(vertx, gateway, EngineConfig.defaults());
    Context loop = vertx.getOrCreateContext();
    onLoop(loop, ctx, () -> {
      assertTrue(engine.anticipate(ManualGateway.FILE_ID, 0));
      gateway.call(0).succeed();
      assertEquals(0, engine.stats().partsInFlight(), "its slot is free while it waits to be taken over");
      RecordingSink sink = new RecordingSink();
      RangeTransfer t = engine.transfer(gateway.file(), 0, SIZE, sink);
      afterStart(loop, ctx, () -> {
        assertEquals(Digests.sha256(data, 0, PIECE), Digests.sha256(sink.received()), "out before any new answer");
        assertTrue(gateway.pending().stream().noneMatch(c -> c.length() == PIECE), "not read again");
        assertEquals(1, engine.stats().anticipationsAdopted());
        int runningNow = gateway.inFlight();
        assertEquals(runningNow, engine.stats().partsInFlight(), "slots counted once");
        t.cancel();
        gateway.answerRound();
        assertEquals(0, engine.stats().partsInFlight());
        ctx.completeNow();
      });
    });
  }

  @Test
  void notWhenThePartIsCachedNorWhenNoSlotIsFree(Vertx vertx, VertxTestContext ctx) {
    StreamEngine engine = new StreamEngine(vertx, gateway, EngineConfig.defaults().withMaxInFlightParts(2));
    Context loop = vertx.getOrCreateContext();
    onLoop(loop, ctx, () -> {
      RecordingSink first = new RecordingSink();
      RangeTransfer t = engine.transfer(gateway.file(), 0, MIB, first);
      afterStart(loop, ctx, () -> {
        for (int rounds = 0; !t.result().isComplete(); rounds++) {
          assertTrue(rounds < 10 && gateway.answerRound() > 0, "the transfer waits but asked for nothing");
        }
        int reads = gateway.count();
        assertFalse(engine.anticipate(ManualGateway.FILE_ID, 1000), "part 0 is cached");
        assertEquals(reads, gateway.count());
        assertTrue(engine.anticipate(ManualGateway.FILE_ID, 3L * MIB));
        assertTrue(engine.anticipate(ManualGateway.FILE_ID, 5L * MIB));
        assertFalse(engine.anticipate(ManualGateway.FILE_ID, 7L * MIB), "both slots are taken");
        assertEquals(reads + 2, gateway.count());
        gateway.answerRound();
        assertEquals(0, engine.stats().partsInFlight());
        ctx.completeNow();
      });
    });
  }

  @Test
  void aChangeOfTheFileForgetsWhatWasReadBeforeIt(Vertx vertx, VertxTestContext ctx) {
    StreamEngine engine = new StreamEngine(vertx, gateway, EngineConfig.defaults());
    Context loop = vertx.getOrCreateContext();
    onLoop(loop, ctx, () -> {
      assertTrue(engine.anticipate(ManualGateway.FILE_ID, 0));
      gateway.call(0).succeed();
      gateway.announce(SourceChange.files(List.of(ManualGateway.FILE_ID)));
      RecordingSink sink = new RecordingSink();
      engine.transfer(gateway.file(), 0, SIZE, sink);
      afterStart(loop, ctx, () -> {
        assertEquals(0, sink.received().length(), "nothing read before the change went out");
        assertEquals(0, engine.stats().anticipationsAdopted());
        assertTrue(gateway.pending().stream().anyMatch(c -> c.offset() == 0 && c.length() == PIECE),
            "the head piece is read again");
        ctx.completeNow();
      });
    });
  }
}
