package dev.tgstream.stream.engine;

import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.TelegramGateway;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

import java.util.ArrayList;
import java.util.List;

/**
 * Serves byte ranges of files through aligned part reads of a {@link TelegramGateway}: read-ahead, one shared LRU
 * part cache, coalescing of concurrent fetches of one part, backpressure to the sink, cancel on disconnect.
 * Thread-safe: one engine serves every verticle of the process; each transfer runs on the context that started it.
 *
 * <p>Pieces: {@link PartGeometry}; the cache: {@link PartCache}; fetching, coalescing, priorities, slots and retries:
 * {@link FetchScheduler}; one range to one sink: {@link RangeWriter}.
 */
public final class StreamEngine {

  /** Warm-up reads rank like the nearest read-ahead: wanted soon, but after anything a reader waits for now. */
  private static final int WARM_RANK = 1;

  private final Vertx vertx;
  private final TelegramGateway gateway;
  private final EngineConfig config;
  private final PartCache cache;
  private final EngineCounters counters = new EngineCounters();
  private final FetchScheduler scheduler;

  public StreamEngine(Vertx vertx, TelegramGateway gateway, EngineConfig config) {
    this.vertx = vertx;
    this.gateway = gateway;
    this.config = config;
    this.cache = new PartCache(config.cacheBytes());
    this.scheduler = new FetchScheduler(vertx, gateway, cache, counters, config);
    // A read anticipated before a change of its file must never be served after it.
    gateway.onChange(scheduler::forget);
  }

  /**
   * Starts reading the first bytes a transfer of {@code fileId} from {@code start} will want, before the file is
   * described: the describe round trip and the first read then overlap instead of adding up, so a cold request (a
   * fresh process, a file not seen for a while) gets its first byte after one round trip instead of two. Call it with
   * the range's start as soon as the request is parsed, then describe, then {@link #transfer} as usual: the transfer's
   * head piece takes the read over. Costs nothing when no transfer follows but the read itself (one slot for one
   * round trip); skipped when no slot is free, head pieces are off, or the part is known to be cached or on its way.
   *
   * @return whether a read was started
   */
  public boolean anticipate(String fileId, long start) {
    if (start < 0 || config.firstPartBytes() >= PartGeometry.PART_SIZE) {
      return false;
    }
    return scheduler.anticipate(fileId, start, config.firstPartBytes());
  }

  /**
   * Writes bytes [start, start + length) of {@code file} to {@code sink}, honouring its write queue. Callbacks and
   * writes happen on the calling thread's Vert.x context. See {@link RangeWriter} for what {@link RangeTransfer#result()}
   * reports.
   *
   * @throws IllegalArgumentException when the range is not inside the file
   */
  public RangeTransfer transfer(MediaFile file, long start, long length, WriteStream<Buffer> sink) {
    if (start < 0 || length < 0 || start + length > file.size()) {
      throw new IllegalArgumentException("range " + start + "+" + length + " is outside file " + file.id()
          + " of " + file.size() + " bytes");
    }
    RangeWriter writer = new RangeWriter(vertx.getOrCreateContext(), scheduler, counters, config, file, start, length,
        sink);
    writer.begin();
    return writer;
  }

  /** Prefetches the first part and the last one (where an MP4 keeps its moov atom) into the cache. */
  public Future<Void> warm(MediaFile file) {
    if (file.size() == 0) {
      return Future.succeededFuture();
    }
    Context context = vertx.getOrCreateContext();
    long last = PartGeometry.lastPartIndex(file.size());
    List<Future<Void>> parts = new ArrayList<>(2);
    for (long index : last == 0 ? new long[] {0} : new long[] {0, last}) {
      PieceKey key = PartGeometry.part(file.id(), file.uniqueId(), index);
      parts.add(scheduler.prefetch(key, key.expectedLength(file.size()), WARM_RANK, context));
    }
    return Future.all(parts).mapEmpty();
  }

  /**
   * Counts a response that sent {@code bytes} straight from a local file, past the engine (see
   * {@link dev.tgstream.telegram.TelegramGateway#localRegion}): they are served bytes like any other.
   */
  public void countLocalFileSend(long bytes) {
    counters.localFileSends.increment();
    counters.localFileBytes.add(bytes);
    counters.bytesServed.add(bytes);
  }

  /**
   * Drops every cached part and anticipated read, freeing the memory of those no transfer still holds (shutdown; tests
   * that check every part buffer was released).
   */
  public void clearCache() {
    scheduler.clear();
  }

  /** Whole parts in the cache now: each holds one part buffer ({@link dev.tgstream.telegram.PartBuffers}). */
  public int cachedParts() {
    return cache.size();
  }

  public EngineStats stats() {
    return counters.snapshot(scheduler.running(), scheduler.queued(), cache.bytes(), scheduler.readAheadParts(),
        scheduler.peakRunning(), scheduler.peakReadAheadParts(), cache.peakBytes());
  }

  /** Gateway reads that have answered, with data or an error (a read that never answers is not counted). */
  public long gatewayReadsAnswered() {
    return counters.readsAnswered.sum();
  }

  /** The summed duration of {@link #gatewayReadsAnswered()}, in nanoseconds (with it: a latency timer). */
  public long gatewayReadNanos() {
    return counters.readNanos.sum();
  }

  public EngineConfig config() {
    return config;
  }

  public TelegramGateway gateway() {
    return gateway;
  }
}
