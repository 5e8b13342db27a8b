package dev.tgstream.ui.io;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Saves a store's state to one file without a write per change: a change schedules one atomic write a short delay
 * later, and everything that changed meanwhile rides along. Writes run one after another on a worker, each with the
 * state encoded when it starts; a failed write is logged and retried with the next change. Not thread-safe: the
 * owning verticle's context only.
 */
public final class CoalescedWriter {

  private static final Logger log = LoggerFactory.getLogger(CoalescedWriter.class);

  private final Vertx vertx;
  private final Path file;
  private final long delayMs;
  private final Supplier<byte[]> encoder;
  private long timer = -1;
  private boolean dirty;
  private Future<Void> lastWrite = Future.succeededFuture();
  private long writes;

  /** @param encoder the state as file content, called on the owner's context when a write starts */
  public CoalescedWriter(Vertx vertx, Path file, long delayMs, Supplier<byte[]> encoder) {
    this.vertx = vertx;
    this.file = file;
    this.delayMs = delayMs;
    this.encoder = encoder;
  }

  /** Something changed that must reach the disk soon: a write within the delay. */
  public void changed() {
    dirty = true;
    if (timer == -1) {
      timer = vertx.setTimer(delayMs, id -> {
        timer = -1;
        save();
      });
    }
  }

  /** Something changed that may wait for the next write or {@link #saveIfDirty()} (e.g. a "last used" time). */
  public void changedQuietly() {
    dirty = true;
  }

  /** Writes now when anything changed and no write is scheduled anyway (periodic housekeeping). */
  public void saveIfDirty() {
    if (dirty && timer == -1) {
      save();
    }
  }

  /** Writes pending changes now; completes when they are on disk. */
  public Future<Void> flush() {
    if (timer != -1) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    return dirty ? save() : lastWrite;
  }

  /** How many writes finished (tests check that bursts coalesce). */
  public long writes() {
    return writes;
  }

  private Future<Void> save() {
    dirty = false;
    byte[] content = encoder.get();
    Promise<Void> done = Promise.promise();
    lastWrite = lastWrite.transform(ignored -> vertx.executeBlocking(() -> {
      AtomicFiles.write(file, content);
      return null;
    }, true)).<Void>mapEmpty().onComplete(ar -> {
      writes++;
      if (ar.failed()) {
        log.error("Could not write {}; will retry with the next change: {}", file, ar.cause().toString());
        dirty = true;
      }
    }).onComplete(done);
    return done.future();
  }
}
