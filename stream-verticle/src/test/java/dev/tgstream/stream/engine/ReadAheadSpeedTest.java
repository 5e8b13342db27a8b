package dev.tgstream.stream.engine;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static dev.tgstream.stream.engine.SimulatedSource.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the speed comes from, observed read by read on a source that answers only when told to (so the figures are
 * round trips and reads in flight, which no machine's speed can change; the timed figures are in bench/): the first
 * byte comes from a small head piece while the whole part is still on its way, a seek right after a dropped read
 * starts its first read at once instead of queueing behind the orphaned read-ahead, and read-ahead needs as few round
 * trips as the source's parallelism allows where the sequential baseline needs one per part.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ReadAheadSpeedTest {

  private static final long SIZE = 40L * MIB + 123;
  /** No run of these scenarios needs more; a loop beyond it means the engine stopped asking. */
  private static final int MAX_ROUNDS = 200;

  private final byte[] data = ManualGateway.randomBytes(SIZE, 71);
  private final ManualGateway gateway = new ManualGateway(data);

  /**
   * Starts a transfer on {@code loop} and runs {@code next} there once the transfer has asked for its first reads
   * (it does so on the loop's next turn, see {@link RangeWriter#begin}); failures of {@code next} fail the test.
   */
  private void start(Context loop, VertxTestContext ctx, StreamEngine engine, long from, long length,
                     RecordingSink sink, Consumer<RangeTransfer> next) {
    loop.runOnContext(v -> {
      RangeTransfer t = engine.transfer(gateway.file(), from, length, sink);
      loop.runOnContext(w -> ctx.verify(() -> next.accept(t)));
    });
  }

  /** The pending head piece (a read smaller than a part) that starts at the piece holding {@code position}. */
  private ManualGateway.Call headPieceAt(long position) {
    int piece = EngineConfig.DEFAULT_FIRST_PART_BYTES;
    List<ManualGateway.Call> heads = gateway.pending().stream()
        .filter(c -> c.length() == piece && c.offset() == position / piece * piece).toList();
    assertEquals(1, heads.size(), "one head piece at " + position + " among " + gateway.pending());
    return heads.get(0);
  }

  private boolean wholePartPendingAt(long position) {
    long part = position / MIB * MIB;
    return gateway.pending().stream().anyMatch(c -> c.offset() == part && c.length() == MIB);
  }

  /** Answers the oldest pending read, one at a time, until the transfer ends. */
  private void oneByOneUntilDone(RangeTransfer t) {
    for (int answered = 0; !t.result().isComplete(); answered++) {
      assertTrue(gateway.inFlight() > 0, "the transfer waits but asked for nothing");
      assertTrue(answered < MAX_ROUNDS, "still not done after " + answered + " reads");
      gateway.pending().get(0).succeed();
    }
  }

  /** Answers round after round until the transfer ends; returns the number of rounds (source round trips). */
  private int roundsUntilDone(RangeTransfer t) {
    int rounds = 0;
    while (!t.result().isComplete()) {
      assertTrue(gateway.inFlight() > 0, "the transfer waits but asked for nothing");
      assertTrue(rounds < MAX_ROUNDS, "still not done after " + rounds + " rounds");
      gateway.answerRound();
      rounds++;
    }
    return rounds;
  }

  @Test
  void firstByteAndSeekDoNotWaitForWholeParts(Vertx vertx, VertxTestContext ctx) {
    StreamEngine engine = new StreamEngine(vertx, gateway, EngineConfig.defaults());
    Context loop = vertx.getOrCreateContext();
    int piece = EngineConfig.DEFAULT_FIRST_PART_BYTES;
    long seekTo = SIZE * 9 / 10;
    RecordingSink first = new RecordingSink();
    start(loop, ctx, engine, 0, SIZE, first, opening -> {
      headPieceAt(0).succeed();
      assertTrue(wholePartPendingAt(0), "part 0 is still on its way");
      assertEquals(Digests.sha256(data, 0, piece), Digests.sha256(first.received()),
          "the head piece's bytes went out before their part arrived");
      opening.cancel();
      RecordingSink seek = new RecordingSink();
      start(loop, ctx, engine, seekTo, SIZE - seekTo, seek, seeking -> {
        headPieceAt(seekTo).succeed();
        long pieceEnd = (seekTo / piece + 1) * piece;
        assertEquals(Digests.sha256(data, (int) seekTo, (int) (pieceEnd - seekTo)), Digests.sha256(seek.received()),
            "the seek's first bytes came from its head piece alone");
        seeking.cancel();
        assertEquals(0, gateway.invalidCalls());
        ctx.completeNow();
      });
    });
  }

  @Test
  void aSeekAfterPlayingIsNotStuckBehindTheDroppedReadAhead(Vertx vertx, VertxTestContext ctx) {
    StreamEngine engine = new StreamEngine(vertx, gateway, EngineConfig.defaults());
    Context loop = vertx.getOrCreateContext();
    long seekTo = SIZE * 9 / 10;
    RangeTransfer[] playing = new RangeTransfer[1];
    RecordingSink played = new RecordingSink().onWrite(s -> {
      if (s.received().length() >= 2L * MIB) {
        playing[0].cancel(); // the player jumps away after 2 MiB
      }
    });
    start(loop, ctx, engine, 0, SIZE, played, t -> {
      playing[0] = t;
      oneByOneUntilDone(t);
      List<ManualGateway.Call> orphans = gateway.pending();
      assertTrue(orphans.size() >= 6, "the dropped read-ahead is still running: " + orphans);
      assertEquals(orphans.size(), engine.stats().partsInFlight());
      RecordingSink seek = new RecordingSink();
      start(loop, ctx, engine, seekTo, SIZE - seekTo, seek, seeking -> {
        // Not one orphan has been answered: the seek's first read started at once, beside them.
        headPieceAt(seekTo).succeed();
        assertTrue(seek.received().length() > 0, "the seek's first bytes went out while the orphans still run");
        assertTrue(orphans.stream().allMatch(ManualGateway.Call::isPending));
        assertTrue(engine.stats().peakPartsInFlight() <= EngineConfig.DEFAULT_MAX_IN_FLIGHT_PARTS);
        assertEquals(Digests.sha256(data, (int) seekTo, seek.received().length()), Digests.sha256(seek.received()));
        seeking.cancel();
        ctx.completeNow();
      });
    });
  }

  @Test
  void readAheadNeedsAsFewRoundTripsAsTheSlotsAllow(Vertx vertx, VertxTestContext ctx) {
    long from = SIZE / 2;
    long length = 12L * MIB;
    long parts = (from + length - 1) / MIB - from / MIB + 1;
    int slots = EngineConfig.DEFAULT_MAX_IN_FLIGHT_PARTS;
    StreamEngine sequential = new StreamEngine(vertx, gateway, EngineConfig.defaults().withReadAhead(0));
    StreamEngine parallel = new StreamEngine(vertx, gateway, EngineConfig.defaults());
    RecordingSink slow = new RecordingSink();
    RecordingSink fast = new RecordingSink();
    Context loop = vertx.getOrCreateContext();
    String expected = Digests.sha256(data, (int) from, (int) length);
    start(loop, ctx, sequential, from, length, slow, baseline -> {
      int sequentialRounds = roundsUntilDone(baseline);
      assertTrue(baseline.result().succeeded());
      assertEquals(expected, Digests.sha256(slow.received()));
      assertEquals(2, sequential.stats().peakPartsInFlight(), "the baseline: one part (and its head piece)");
      start(loop, ctx, parallel, from, length, fast, tuned -> {
        int parallelRounds = roundsUntilDone(tuned);
        assertTrue(tuned.result().succeeded());
        assertEquals(expected, Digests.sha256(fast.received()));
        assertTrue(sequentialRounds >= parts, "sequential: one round trip per part, got " + sequentialRounds);
        assertTrue(parallelRounds <= (parts + slots - 1) / slots, parts + " parts over " + slots + " slots took "
            + parallelRounds + " round trips");
        assertTrue(sequentialRounds >= 6 * parallelRounds, sequentialRounds + " vs " + parallelRounds);
        assertEquals(slots, parallel.stats().peakPartsInFlight(), "read-ahead filled every slot");
        assertTrue(gateway.peakInFlight() <= slots);
        assertEquals(0, gateway.invalidCalls());
        ctx.completeNow();
      });
    });
  }
}
