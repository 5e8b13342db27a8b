package dev.tgstream.stream.engine;

import dev.tgstream.telegram.PartBuffers;
import dev.tgstream.telegram.MediaFile;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;

/**
 * One byte range of one file written to one sink, on the Vert.x context that asked for it.
 *
 * <p>It keeps a window of parts requested from the {@link FetchScheduler}: the part being written (urgent) and up to
 * {@code readAhead} parts after it (ranked by distance), never beyond the range's own end. When the part holding the
 * first byte is neither cached nor being fetched, a small head piece is requested first and the first bytes are served
 * from it while the part is still on its way. Parts the range only partly needs may be read as a smaller aligned
 * block ({@link #pieceFor}). Bytes go out in slices of {@link #SLICE_BYTES}; when the sink's
 * write queue is full it waits for the sink's drain handler, so a slow client holds back the read-ahead instead of
 * piling bytes up in memory.
 *
 * <p>Outcomes of {@link #result()}: completes once every byte was written (the last write acknowledged); fails with
 * the gateway's failure when a part could not be read (nothing wrong was written, the caller cuts the connection);
 * fails with a {@link CancellationException} after {@link #cancel()} or when a write to the sink failed (the client
 * went away).
 */
final class RangeWriter implements RangeTransfer {

  private static final Logger LOG = LoggerFactory.getLogger(RangeWriter.class);

  /** Write granularity: small enough that a full sink is overshot by at most this much. */
  static final int SLICE_BYTES = 64 * 1024;

  private enum State { ACTIVE, FLUSHING, DONE }

  private final Context context;
  private final FetchScheduler scheduler;
  private final EngineCounters counters;
  private final MediaFile file;
  private final long start;
  private final long end;
  private final WriteStream<Buffer> sink;
  private final int readAhead;
  private final int headPieceBytes;
  /** Open-ended (to the end of the file): the client may drop it for a seek at any moment. */
  private final boolean leavesReserve;
  private final Promise<Void> result = Promise.promise();

  /** The window's piece for each part index; released as soon as writing moves past it. */
  private final TreeMap<Long, FetchTicket> parts = new TreeMap<>();
  private FetchTicket head;
  private boolean headConsidered;
  private long windowPart = -1;
  private volatile long position;
  private State state = State.ACTIVE;
  /** Set from any thread by cancel(); checked before every write so nothing is written after it. */
  private volatile boolean cancelRequested;
  private boolean pumping;
  private boolean pumpAgain;
  private boolean awaitingDrain;
  private Future<Void> lastWrite;

  RangeWriter(Context context, FetchScheduler scheduler, EngineCounters counters, EngineConfig config, MediaFile file,
              long start, long length, WriteStream<Buffer> sink) {
    this.context = context;
    this.scheduler = scheduler;
    this.counters = counters;
    this.file = file;
    this.start = start;
    this.end = start + length;
    this.sink = sink;
    this.readAhead = config.readAhead();
    this.headPieceBytes = config.firstPartBytes();
    this.leavesReserve = end == file.size();
    this.position = start;
  }

  void begin() {
    counters.activeTransfers.increment();
    context.runOnContext(v -> pump());
  }

  @Override
  public Future<Void> result() {
    return result.future();
  }

  @Override
  public void cancel() {
    cancelRequested = true;
    onContext(() -> terminate(new CancellationException("transfer cancelled")));
  }

  /** Runs the write loop; re-entrant calls (a cached piece delivered while requesting it) just ask for another turn. */
  private void pump() {
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        writeWhatIsReady();
      } while (pumpAgain && state == State.ACTIVE);
    } catch (RuntimeException e) {
      LOG.error("{} failed unexpectedly", this, e);
      terminate(e);
    } finally {
      pumping = false;
    }
  }

  private void writeWhatIsReady() {
    while (state == State.ACTIVE) {
      if (cancelRequested) {
        terminate(new CancellationException("transfer cancelled"));
        return;
      }
      if (position >= end) {
        flush();
        return;
      }
      long part = PartGeometry.partIndex(position);
      if (part != windowPart) {
        layOutWindow(part);
      }
      if (sinkQueueFull()) {
        awaitDrain();
        return;
      }
      if (head != null && head.future().failed()) {
        // The whole part serves these bytes too; a head piece is only a shortcut.
        scheduler.release(head);
        head = null;
      }
      FetchTicket source;
      if (head != null && head.isReady() && head.key.holds(position, file.size())) {
        source = head;
      } else {
        source = parts.get(part);
        Future<Buffer> piece = source.future();
        if (piece.failed()) {
          if (head != null && head.key.holds(position, file.size())) {
            return; // the head piece may still bring these bytes
          }
          fail(piece.cause());
          return;
        }
        if (!piece.succeeded()) {
          return; // its delivery pumps again
        }
      }
      writeSlice(source.future().result(), source.key.offset());
    }
  }

  private void writeSlice(Buffer piece, long pieceOffset) {
    int from = (int) (position - pieceOffset);
    int n = (int) Math.min(SLICE_BYTES, Math.min(piece.length() - from, end - position));
    position += n;
    counters.bytesServed.add(n);
    Future<Void> written;
    // The write holds the piece until it completes: Netty reads the slice's memory until then, and the ticket that
    // holds the piece is released as soon as writing moves past it. Vert.x hands Netty an unreleasable view of a
    // buffer that it did not allocate, so only this reference is dropped, once, whatever the outcome.
    PartBuffers.retain(piece);
    try {
      written = sink.write(piece.slice(from, from + n));
    } catch (RuntimeException e) {
      // A sink that throws (e.g. a response already closed) is as gone as one whose write fails.
      written = Future.failedFuture(e);
    }
    written.onComplete(ar -> PartBuffers.release(piece));
    lastWrite = written;
    written.onFailure(err -> onContext(() -> terminate(cancellation("writing to the sink failed", err))));
    releasePassed();
  }

  /** Requests the window's parts (the one holding {@code part} urgent, then read-ahead by distance). */
  private void layOutWindow(long part) {
    windowPart = part;
    long farthest = Math.min(PartGeometry.partIndex(end - 1), part + readAhead);
    for (long k = part; k <= farthest && state == State.ACTIVE; k++) {
      int rank = (int) (k - part);
      FetchTicket ticket = parts.get(k);
      if (ticket != null) {
        scheduler.rerank(ticket, rank);
        continue;
      }
      PieceKey key = pieceFor(k);
      if (!headConsidered) {
        headConsidered = true;
        requestHeadPieceIfUseful(key);
      }
      ticket = scheduler.request(key, key.expectedLength(file.size()), rank, leavesReserve, context);
      parts.put(k, ticket);
      ticket.future().onComplete(ar -> pump());
    }
  }

  /**
   * What to read for part {@code k} of the range: normally the whole part. At the range's edges a part is only partly
   * needed, and one of the two edges always needs at most half a part; reading just that aligned block costs a round
   * trip plus half the transfer time, which keeps a range that spans one part more than the slots can take in two
   * rounds from needing a third. Not done when the whole part is cached or on its way (no new read at all), nor for a
   * range inside a single part (a probe: reading it whole puts it in the cache for the request that follows).
   */
  private PieceKey pieceFor(long k) {
    PieceKey whole = PartGeometry.part(file.id(), file.uniqueId(), k);
    long from = Math.max(start, whole.offset());
    long to = Math.min(end, whole.offset() + whole.expectedLength(file.size()));
    boolean partial = to - from < whole.expectedLength(file.size());
    boolean singlePart = PartGeometry.partIndex(start) == PartGeometry.partIndex(end - 1);
    if (!partial || singlePart || scheduler.isCachedOrFetching(whole)) {
      return whole;
    }
    return PartGeometry.smallestBlock(file.id(), file.uniqueId(), from, to);
  }

  /**
   * The first bytes of a request would otherwise wait for a whole part (latency + 1 MiB at the per-call bandwidth);
   * a small piece around {@code start} arrives after latency + a few ms. Requested before the part so it gets the first
   * free slot. Useless when the part is cached, already on its way, or hardly larger than the piece.
   */
  private void requestHeadPieceIfUseful(PieceKey firstPiece) {
    if (headPieceBytes >= firstPiece.expectedLength(file.size()) || scheduler.isCachedOrFetching(firstPiece)) {
      return;
    }
    PieceKey key = PartGeometry.headPiece(file.id(), file.uniqueId(), start, headPieceBytes);
    head = scheduler.request(key, key.expectedLength(file.size()), FetchTicket.URGENT, leavesReserve, context);
    head.future().onComplete(ar -> pump());
  }

  private void releasePassed() {
    if (head != null && position >= head.key.offset() + head.key.expectedLength(file.size())) {
      scheduler.release(head);
      head = null;
    }
    long current = PartGeometry.partIndex(position);
    while (!parts.isEmpty() && parts.firstKey() < current) {
      scheduler.release(parts.pollFirstEntry().getValue());
    }
  }

  private boolean sinkQueueFull() {
    try {
      return sink.writeQueueFull();
    } catch (RuntimeException e) {
      terminate(cancellation("the sink failed", e));
      return true;
    }
  }

  private void awaitDrain() {
    if (awaitingDrain || state != State.ACTIVE) {
      return;
    }
    awaitingDrain = true;
    try {
      sink.drainHandler(v -> onContext(() -> {
        awaitingDrain = false;
        pump();
      }));
    } catch (RuntimeException e) {
      terminate(cancellation("the sink failed", e));
    }
  }

  /** Every byte is with the sink: let go of the parts and complete once the last write is acknowledged. */
  private void flush() {
    state = State.FLUSHING;
    releaseAll();
    Future<Void> last = lastWrite != null ? lastWrite : Future.succeededFuture();
    last.onComplete(ar -> onContext(() -> terminate(ar.succeeded() ? null
        : cancellation("writing to the sink failed", ar.cause()))));
  }

  private void fail(Throwable cause) {
    LOG.warn("transfer of file {} failed at offset {} (range {}-{}): {}", file.id(), position, start, end - 1,
        cause.toString());
    terminate(cause);
  }

  private void terminate(Throwable failure) {
    if (state == State.DONE) {
      return;
    }
    state = State.DONE;
    releaseAll();
    counters.activeTransfers.decrement();
    if (failure == null) {
      result.tryComplete();
    } else {
      result.tryFail(failure);
    }
  }

  private void releaseAll() {
    if (head != null) {
      scheduler.release(head);
      head = null;
    }
    for (Map.Entry<Long, FetchTicket> e : parts.entrySet()) {
      scheduler.release(e.getValue());
    }
    parts.clear();
  }

  private void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  private static CancellationException cancellation(String message, Throwable cause) {
    CancellationException e = new CancellationException(message + ": " + cause);
    e.initCause(cause);
    return e;
  }

  @Override
  public String toString() {
    return "transfer of file " + file.id() + " bytes " + start + "-" + (end - 1) + " at offset " + position;
  }
}
