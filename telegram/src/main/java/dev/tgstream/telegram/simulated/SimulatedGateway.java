package dev.tgstream.telegram.simulated;

import dev.tgstream.telegram.Channel;
import dev.tgstream.telegram.FilePage;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.LocalCopies;
import dev.tgstream.telegram.LocalRegion;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.SourceChange;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.Thumbnail;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Wraps any gateway so that it behaves like Telegram's upload.getFile: enforced part alignment, a round-trip latency,
 * a per-call bandwidth, a cap on parallel calls (extra calls wait in FIFO order), FLOOD_WAIT every N-th call and
 * random server errors. Lets the engine and the benchmark meet Telegram's constraints without an account.
 *
 * <p>All waiting is done with Vert.x timers; results are delivered on the caller's context.
 */
public final class SimulatedGateway implements TelegramGateway {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedGateway.class);
  private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

  private final Vertx vertx;
  private final TelegramGateway delegate;
  private final SimulationConfig config;
  private final SimulationClock clock;

  /** Guards the slot accounting, the flood window and the dice: calls may come from several event loops. */
  private final Object lock = new Object();
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private final Random dice;
  private int executing;
  private int maxObservedParallel;
  private long floodSequence;
  private long floodUntilNanos;
  private long totalCalls;
  private long floodWaits;
  private long failures;
  private long invalidCalls;
  private long bytesRead;

  public SimulatedGateway(Vertx vertx, TelegramGateway delegate, SimulationConfig config) {
    this(vertx, delegate, config, SimulationClock.system(vertx));
  }

  /** With the time taken from {@code clock} (tests move it forward themselves). */
  public SimulatedGateway(Vertx vertx, TelegramGateway delegate, SimulationConfig config, SimulationClock clock) {
    this.vertx = vertx;
    this.delegate = delegate;
    this.config = config;
    this.clock = clock;
    this.dice = config.seed() == null ? new Random() : new Random(config.seed());
    this.floodUntilNanos = clock.nanoTime();
    LOG.info("Simulating Telegram in front of {}: {}", delegate.getClass().getSimpleName(), config);
  }

  public SimulationConfig config() {
    return config;
  }

  @Override
  public Future<List<Channel>> channels() {
    return afterLatency(delegate::channels);
  }

  @Override
  public Future<FilePage> files(String channelId, FileQuery query) {
    return afterLatency(() -> delegate.files(channelId, query));
  }

  @Override
  public Future<MediaFile> file(String fileId) {
    return afterLatency(() -> delegate.file(fileId));
  }

  @Override
  public Future<Thumbnail> thumbnail(String fileId) {
    return afterLatency(() -> delegate.thumbnail(fileId));
  }

  @Override
  public Future<List<dev.tgstream.telegram.SubtitleFile>> subtitleFiles(String fileId) {
    return delegate.subtitleFiles(fileId);
  }

  @Override
  public Future<Buffer> readPart(String fileId, long offset, int length) {
    String violation = alignmentViolation(offset, length);
    Runnable start = null;
    synchronized (lock) {
      totalCalls++;
      if (violation != null) {
        invalidCalls++;
      }
    }
    if (violation != null) {
      return Future.failedFuture(GatewayException.invalid(violation));
    }
    Context context = vertx.getOrCreateContext();
    Promise<Buffer> promise = Promise.promise();
    Runnable execute = () -> context.runOnContext(v -> execute(context, fileId, offset, length, promise));
    synchronized (lock) {
      if (executing < config.maxParallel()) {
        executing++;
        maxObservedParallel = Math.max(maxObservedParallel, executing);
        start = execute;
      } else {
        waiting.addLast(execute);
      }
    }
    if (start != null) {
      start.run();
    }
    return promise.future();
  }

  /**
   * None, whatever the wrapped source could offer: the simulator stands for Telegram, so every byte must pay its
   * latency, bandwidth and parallelism cap through {@link #readPart}.
   */
  @Override
  public LocalCopies localCopies() {
    return LocalCopies.NONE;
  }

  @Override
  public Future<Optional<LocalRegion>> localRegion(MediaFile file) {
    return Future.succeededFuture(Optional.empty());
  }

  /** Changes are announced without a simulated delay: Telegram pushes its updates. */
  @Override
  public void onChange(Consumer<SourceChange> listener) {
    delegate.onChange(listener);
  }

  @Override
  public Future<Void> close() {
    return delegate.close();
  }

  public SimulationStats stats() {
    synchronized (lock) {
      return new SimulationStats(totalCalls, executing, waiting.size(), maxObservedParallel, floodWaits, failures,
          invalidCalls, bytesRead);
    }
  }

  public long totalCalls() {
    return stats().totalCalls();
  }

  public int executing() {
    return stats().executing();
  }

  public int maxObservedParallel() {
    return stats().maxObservedParallel();
  }

  public long floodWaits() {
    return stats().floodWaits();
  }

  public long failures() {
    return stats().failures();
  }

  /** Telegram's upload.getFile rules, with its error texts; null when the request is acceptable. */
  String alignmentViolation(long offset, int length) {
    if (offset < 0 || offset % ALIGNMENT != 0) {
      return "OFFSET_INVALID";
    }
    if (length <= 0 || length % ALIGNMENT != 0 || MAX_PART % length != 0 || length > config.partBytes()) {
      return "LIMIT_INVALID";
    }
    if (offset / MAX_PART != (offset + length - 1) / MAX_PART) {
      return "LIMIT_INVALID";
    }
    return null;
  }

  /** Runs on the caller's context once a slot is held; decides the call's fate, then delivers it in time. */
  private void execute(Context context, String fileId, long offset, int length, Promise<Buffer> promise) {
    long startedNanos = clock.nanoTime();
    GatewayException fault = null;
    synchronized (lock) {
      long remainingNanos = floodUntilNanos - startedNanos;
      if (remainingNanos > 0) {
        fault = GatewayException.floodWait((int) ((remainingNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND));
      } else {
        long sequence = ++floodSequence;
        if (config.floodEvery() > 0 && sequence % config.floodEvery() == 0) {
          floodUntilNanos = startedNanos + config.floodWaitS() * NANOS_PER_SECOND;
          fault = GatewayException.floodWait(config.floodWaitS());
        } else if (config.failRate() > 0 && dice.nextDouble() < config.failRate()) {
          fault = new GatewayException(GatewayException.Kind.UNAVAILABLE, "INTERNAL_SERVER_ERROR (simulated)");
        }
      }
      if (fault != null) {
        if (fault.kind() == GatewayException.Kind.FLOOD_WAIT) {
          floodWaits++;
        } else {
          failures++;
        }
      }
    }
    if (fault != null) {
      deliver(context, startedNanos, config.latencyMs(), Future.failedFuture(fault), promise);
      return;
    }
    Future<Buffer> read;
    try {
      read = delegate.readPart(fileId, offset, length);
    } catch (RuntimeException e) {
      read = Future.failedFuture(e);
    }
    read.onComplete(result -> {
      long dueMs = config.latencyMs();
      if (result.succeeded()) {
        int bytes = result.result().length();
        synchronized (lock) {
          bytesRead += bytes;
        }
        dueMs += transferMillis(bytes);
      }
      deliver(context, startedNanos, dueMs, result, promise);
    });
  }

  /** Completes the call {@code dueMs} after it started, on its context, releasing its slot first. */
  private void deliver(Context context, long startedNanos, long dueMs, AsyncResult<Buffer> result,
      Promise<Buffer> promise) {
    context.runOnContext(v -> {
      long leftMs = dueMs - TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - startedNanos);
      if (leftMs >= 1) {
        clock.schedule(leftMs, () -> finish(result, promise));
      } else {
        finish(result, promise);
      }
    });
  }

  private void finish(AsyncResult<Buffer> result, Promise<Buffer> promise) {
    releaseSlot();
    promise.handle(result);
  }

  private void releaseSlot() {
    Runnable next;
    synchronized (lock) {
      next = waiting.pollFirst();
      if (next == null) {
        executing--;
      }
      // else: the slot passes straight to the oldest waiting call, so executing stays the same.
    }
    if (next != null) {
      next.run();
    }
  }

  private long transferMillis(long bytes) {
    if (config.connKibps() == 0) {
      return 0;
    }
    long bytesPerSecond = config.connKibps() * 1024;
    return (bytes * 1000 + bytesPerSecond - 1) / bytesPerSecond;
  }

  private <T> Future<T> afterLatency(Supplier<Future<T>> call) {
    if (config.latencyMs() <= 0) {
      return call.get();
    }
    // Bound to the caller's context, so the answer arrives there whichever context completed the delegate's future.
    Promise<T> promise = ((ContextInternal) vertx.getOrCreateContext()).promise();
    clock.schedule(config.latencyMs(), () -> {
      try {
        call.get().onComplete(promise);
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }
}
