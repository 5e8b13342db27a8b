package dev.tgstream.stream.engine;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static dev.tgstream.stream.engine.SimulatedSource.MIB;

/**
 * The benchmark's scenarios at the benchmark's simulator settings, printed rather than asserted (they take ~40 s).
 * Run with {@code -Dtgstream.engine.figures=true}.
 */
@ExtendWith(VertxExtension.class)
@EnabledIfSystemProperty(named = "tgstream.engine.figures", matches = "true")
class BenchmarkFiguresTest {

  private static final Logger LOG = LoggerFactory.getLogger(BenchmarkFiguresTest.class);
  private static final String BENCH = "latency_ms=150,conn_kibps=2048,max_parallel=8";
  private static final long SIZE = 100_000_000L;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 10, timeUnit = TimeUnit.MINUTES)
  void figures(Vertx vertx, VertxTestContext ctx) {
    SimulatedSource.create(vertx, dir, SIZE, 77, BENCH).compose(source -> {
      Context loop = vertx.getOrCreateContext();
      long seek = SIZE * 9 / 10;
      long middle = SIZE / 2;
      long alignedMiddle = middle / MIB * MIB;
      return probeThenSeek(loop, source, seek, "probe cancelled at first byte, then seek")
          .compose(v -> playThenSeek(loop, source, seek))
          .compose(v -> probeThenSeekWhileReading(loop, source, seek))
          .compose(v -> throughput(loop, source, alignedMiddle, "aligned middle"))
          .compose(v -> throughput(loop, source, alignedMiddle + 300 * 1024, "middle + 300 KiB"))
          .compose(v -> throughput(loop, source, alignedMiddle + 700 * 1024, "middle + 700 KiB"))
          .compose(v -> throughput(loop, source, middle, "size/2"));
    }).onComplete(ctx.succeedingThenComplete());
  }

  private Future<Void> probeThenSeek(Context loop, SimulatedSource source, long seek, String label) {
    StreamEngine engine = source.engine(loopVertx(loop), EngineConfig.defaults());
    return Stopwatch.time(loop, engine, source, 0, SIZE, RangeTransfer::cancel).compose(first ->
        Stopwatch.time(loop, engine, source, seek, SIZE - seek, RangeTransfer::cancel).map(second -> {
          LOG.info(String.format(Locale.ROOT, "%s: first byte %.0f ms, seek to 90%% first byte %.0f ms", label,
              first.firstByteMs(), second.firstByteMs()));
          return null;
        }));
  }

  /** The benchmark's player: reads 2 MiB of {@code bytes=0-}, drops it, and asks for 90 % at once. */
  private Future<Void> playThenSeek(Context loop, SimulatedSource source, long seek) {
    StreamEngine engine = source.engine(loopVertx(loop), EngineConfig.defaults());
    return Stopwatch.time(loop, engine, source, 0, SIZE, 2L * MIB, t -> { }).compose(first -> {
      long orphans = engine.stats().partsInFlight();
      return Stopwatch.time(loop, engine, source, seek, SIZE - seek, RangeTransfer::cancel).map(second -> {
        LOG.info(String.format(Locale.ROOT, "play 2 MiB, drop, seek to 90%%: first byte %.0f ms (%d reads of the "
            + "dropped request still running)", second.firstByteMs(), orphans));
        return null;
      });
    });
  }

  /** Another viewer's seek while a player keeps streaming {@code bytes=0-} at full speed. */
  private Future<Void> probeThenSeekWhileReading(Context loop, SimulatedSource source, long seek) {
    StreamEngine engine = source.engine(loopVertx(loop), EngineConfig.defaults());
    Promise<RangeTransfer> playing = Promise.promise();
    Stopwatch.time(loop, engine, source, 0, SIZE, Long.MAX_VALUE, playing::tryComplete);
    return playing.future().compose(reader -> Await.delay(loopVertx(loop), 700).map(reader)).compose(reader ->
        Stopwatch.time(loop, engine, source, seek, SIZE - seek, RangeTransfer::cancel).map(second -> {
          reader.cancel();
          LOG.info(String.format(Locale.ROOT, "seek while another player streams at full speed: first byte %.0f ms",
              second.firstByteMs()));
          return null;
        }));
  }

  private Future<Void> throughput(Context loop, SimulatedSource source, long start, String label) {
    long length = 16L * MIB;
    StreamEngine fast = source.engine(loopVertx(loop), EngineConfig.defaults());
    StreamEngine baseline = source.engine(loopVertx(loop), EngineConfig.defaults().withReadAhead(0));
    return Stopwatch.time(loop, baseline, source, start, length, t -> { }).compose(base ->
        Stopwatch.time(loop, fast, source, start, length, t -> { }).map(ra -> {
          LOG.info(String.format(Locale.ROOT,
              "16 MiB from %s: readAhead=0 %.0f ms (%.2f MiB/s), default %.0f ms (%.2f MiB/s): %.2fx, first byte %.0f ms",
              label, base.totalMs(), 16000 / base.totalMs(), ra.totalMs(), 16000 / ra.totalMs(),
              base.totalMs() / ra.totalMs(), ra.firstByteMs()));
          return null;
        }));
  }

  private static Vertx loopVertx(Context loop) {
    return loop.owner();
  }
}
