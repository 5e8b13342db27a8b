package dev.tgstream.stream.engine;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

import java.util.function.Consumer;

/**
 * A {@link WriteStream} standing in for an HTTP response: keeps every byte, and optionally a bounded write queue that is
 * drained by a timer, on each stall, or by the test itself (a slow client), writes that fail after some bytes (a client
 * gone), and a hook called on every write.
 * Used from the transfer's own context only.
 */
final class RecordingSink implements WriteStream<Buffer> {

  private final Buffer received = Buffer.buffer();
  private int maxQueueBytes = Integer.MAX_VALUE;
  private long queuedBytes;
  private long maxQueuedBytes;
  private long failAfterBytes = Long.MAX_VALUE;
  private Handler<Void> drainHandler;
  private Consumer<RecordingSink> onWrite = s -> { };
  private int writes;
  private int writesAfterMark = -1;
  private long drainTimer = -1;
  private Context stallContext;
  private int stallDrainBytes;
  private int stalls;

  /** A write queue of {@code bytes}; nothing leaves it until {@link #drainEvery} or {@link #drain} takes it. */
  RecordingSink queueLimit(int bytes) {
    this.maxQueueBytes = bytes;
    return this;
  }

  /** Writes fail once {@code bytes} were accepted, like a response whose client disconnected. */
  RecordingSink failAfter(long bytes) {
    this.failAfterBytes = bytes;
    return this;
  }

  RecordingSink onWrite(Consumer<RecordingSink> hook) {
    this.onWrite = hook;
    return this;
  }

  /** Takes {@code bytes} out of the queue every {@code periodMs} on the current context (a reader at a fixed rate). */
  RecordingSink drainEvery(Vertx vertx, long periodMs, int bytes) {
    drainTimer = vertx.setPeriodic(periodMs, id -> drain(bytes));
    return this;
  }

  /**
   * Each time the writer stops for a full queue, takes {@code bytes} out of it per turn of {@code context}'s event loop
   * until the drain handler fires: a slow client paced by events, not by a clock.
   */
  RecordingSink drainWhenStalled(Context context, int bytes) {
    this.stallContext = context;
    this.stallDrainBytes = bytes;
    return this;
  }

  private void drainStep() {
    stallContext.runOnContext(v -> {
      if (drainHandler != null) {
        drain(stallDrainBytes);
        if (drainHandler != null) {
          drainStep();
        }
      }
    });
  }

  void stopDraining(Vertx vertx) {
    if (drainTimer >= 0) {
      vertx.cancelTimer(drainTimer);
    }
  }

  void drain(long bytes) {
    queuedBytes = Math.max(0, queuedBytes - bytes);
    if (drainHandler != null && queuedBytes <= maxQueueBytes / 2) {
      Handler<Void> h = drainHandler;
      drainHandler = null;
      h.handle(null);
    }
  }

  /** From now on, count writes separately (e.g. right after cancel()). */
  void mark() {
    writesAfterMark = 0;
  }

  @Override
  public Future<Void> write(Buffer data) {
    writes++;
    if (writesAfterMark >= 0) {
      writesAfterMark++;
    }
    if (received.length() + (long) data.length() > failAfterBytes) {
      return Future.failedFuture(new IllegalStateException("connection closed (simulated)"));
    }
    received.appendBuffer(data);
    queuedBytes += data.length();
    maxQueuedBytes = Math.max(maxQueuedBytes, queuedBytes);
    onWrite.accept(this);
    return Future.succeededFuture();
  }

  @Override
  public boolean writeQueueFull() {
    return queuedBytes >= maxQueueBytes;
  }

  @Override
  public RecordingSink drainHandler(Handler<Void> handler) {
    this.drainHandler = handler;
    if (handler != null) {
      stalls++;
      if (stallContext != null) {
        drainStep();
      }
    }
    return this;
  }

  /** Whether the writer waits for this sink to drain (it registered a drain handler that has not fired yet). */
  boolean awaitingDrain() {
    return drainHandler != null;
  }

  /** How many times the writer stopped for a full queue. */
  int stalls() {
    return stalls;
  }

  long queuedBytes() {
    return queuedBytes;
  }

  @Override
  public RecordingSink exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public Future<Void> end() {
    return Future.succeededFuture();
  }

  @Override
  public RecordingSink setWriteQueueMaxSize(int maxSize) {
    return queueLimit(maxSize);
  }

  Buffer received() {
    return received;
  }

  long maxQueuedBytes() {
    return maxQueuedBytes;
  }

  int writes() {
    return writes;
  }

  int writesAfterMark() {
    return writesAfterMark;
  }
}
