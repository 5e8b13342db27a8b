package dev.tgstream.ui.io;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Saves a store's state to one file without a write per change: a change schedules one atomic write a short delay
 * later, and everything that changed meanwhile rides along. Writes run one after another on a worker, each with the
 * state encoded when it starts; a failed write is logged and retried with the next change. Thread-safe: the UI's
 * event loops report changes at once. The encoder runs on the worker, never under this writer's lock, so a store may
 * report changes while holding its own lock (and encode under it) without the two locks ever being taken the other
 * way round.
 */
public final class CoalescedWriter {

  private static final Logger log = LoggerFactory.getLogger(CoalescedWriter.class);

  private final Vertx vertx;
  private final Path file;
  private final long delayMs;
  private final Supplier<byte[]> encoder;
  // Guarded by this.
  private long timer = -1;
  private boolean dirty;
  private Future<Void> lastWrite = Future.succeededFuture();
  private long writes;

  /** @param encoder the state as file content, called on a worker thread when a write starts (must be thread-safe) */
  public CoalescedWriter(Vertx vertx, Path file, long delayMs, Supplier<byte[]> encoder) {
    this.vertx = vertx;
    this.file = file;
    this.delayMs = delayMs;
    this.encoder = encoder;
  }

  /** Something changed that must reach the disk soon: a write within the delay. */
  public synchronized void changed() {
    dirty = true;
    if (timer == -1) {
      timer = vertx.setTimer(delayMs, this::timerFired);
    }
  }

  /** Something changed that may wait for the next write or {@link #saveIfDirty()} (e.g. a "last used" time). */
  public synchronized void changedQuietly() {
    dirty = true;
  }

  /** Writes now when anything changed and no write is scheduled anyway (periodic housekeeping). */
  public synchronized void saveIfDirty() {
    if (dirty && timer == -1) {
      save();
    }
  }

  /**
   * Writes pending changes now; completes when they are on disk. Also the way out for a scheduled write whose timer
   * went with the verticle that set it (timers end with their verticle): shutdown flushes after the servers stopped.
   */
  public Future<Void> flush() {
    Future<Void> done;
    synchronized (this) {
      if (timer != -1) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
      done = dirty ? save() : lastWrite;
    }
    return CallerContext.of(done);
  }

  /** How many writes finished (tests check that bursts coalesce). */
  public synchronized long writes() {
    return writes;
  }

  private synchronized void timerFired(long id) {
    if (timer != id) {
      return; // flushed meanwhile
    }
    timer = -1;
    save();
  }

  // Called holding the lock. The chain keeps writes in order; each encodes the state as it is when it starts.
  private Future<Void> save() {
    dirty = false;
    Future<Void> write = lastWrite.transform(ignored -> vertx.<Void>executeBlocking(() -> {
      AtomicFiles.write(file, encoder.get());
      return null;
    }, false)).andThen(ar -> {
      synchronized (this) {
        writes++;
        if (ar.failed()) {
          log.error("Could not write {}; will retry with the next change: {}", file, ar.cause().toString());
          dirty = true;
        }
      }
    });
    lastWrite = write;
    return write;
  }
}
