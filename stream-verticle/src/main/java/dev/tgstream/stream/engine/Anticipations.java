package dev.tgstream.stream.engine;

import dev.tgstream.telegram.PartBuffers;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Head-piece reads started before their file was described ({@link StreamEngine#anticipate}), waiting for the transfer
 * that will want them. A read is known by file id, offset and limit only: the content id comes with the describe it
 * overlaps. So that no transfer is ever served bytes read before a change of its file, a read is adopted only while
 * fresh ({@link #TTL_NANOS}), a new anticipation of the same piece replaces a finished one, and a source change
 * forgets the file's reads. Bounded; guarded by the {@link FetchScheduler}'s lock.
 *
 * <p>A read's successful outcome holds one reference to its piece ({@link PartBuffers}) until a fetch adopts it (the
 * reference moves to the fetch) or the read is dropped unadopted (replaced, stale, forgotten, evicted), which releases
 * it; a read dropped before it answers is marked {@link Read#discarded}, and its answer is released on arrival.
 */
final class Anticipations {

  /** Far beyond a describe round trip, far below the time a file takes to be replaced twice. */
  static final long TTL_NANOS = 10_000_000_000L;
  static final int MAX_ENTRIES = 32;

  record Key(String fileId, long offset, int limit) {
    static Key of(PieceKey piece) {
      return new Key(piece.fileId(), piece.offset(), piece.limit());
    }
  }

  /** One early read: when it started, its outcome once known, and whether a fetch took it over. */
  static final class Read {
    final long startedNanos;
    /** Completes with the gateway's answer (after the scheduler has seen it). */
    final Promise<Buffer> promise = Promise.promise();
    AsyncResult<Buffer> outcome;
    boolean adopted;
    /** Dropped unadopted: its answer, if any, is released (see {@link #answered}). */
    boolean discarded;

    Read(long startedNanos) {
      this.startedNanos = startedNanos;
    }

    Future<Buffer> future() {
      return promise.future();
    }
  }

  private final Map<Key, Read> reads = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Read> eldest) {
      if (size() > MAX_ENTRIES) {
        discard(eldest.getValue());
        return true;
      }
      return false;
    }
  };

  /** Whether a read of {@code key} is under way now (a second one would only duplicate it). */
  boolean running(Key key, long nowNanos) {
    Read r = reads.get(key);
    return r != null && r.outcome == null && nowNanos - r.startedNanos < TTL_NANOS;
  }

  void add(Key key, Read read) {
    Read previous = reads.remove(key); // re-inserted last: the eldest are the first to go
    if (previous != null && previous != read) {
      discard(previous);
    }
    reads.put(key, read);
  }

  /** The fresh, not failed read of {@code key}, removed: the caller's fetch takes it over. Null when there is none. */
  Read adopt(Key key, long nowNanos) {
    Read r = reads.remove(key);
    if (r == null) {
      return null;
    }
    if (nowNanos - r.startedNanos >= TTL_NANOS || (r.outcome != null && r.outcome.failed())) {
      discard(r);
      return null;
    }
    r.adopted = true;
    return r;
  }

  /** The read answered and nobody had adopted it: kept for an adopter, or released when it was already dropped. */
  void answered(Key key, Read read) {
    if (read.discarded) {
      discard(read);
    } else if (read.outcome.failed()) {
      reads.remove(key, read);
    }
  }

  void forget(String fileId) {
    Iterator<Map.Entry<Key, Read>> it = reads.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Key, Read> e = it.next();
      if (e.getKey().fileId().equals(fileId)) {
        discard(e.getValue());
        it.remove();
      }
    }
  }

  void clear() {
    reads.values().forEach(Anticipations::discard);
    reads.clear();
  }

  int size() {
    return reads.size();
  }

  /** Drops reads too old to be adopted. */
  void expire(long nowNanos) {
    Iterator<Read> it = reads.values().iterator();
    while (it.hasNext()) {
      Read r = it.next();
      if (nowNanos - r.startedNanos >= TTL_NANOS) {
        discard(r);
        it.remove();
      }
    }
  }

  /** Marks a read dropped unadopted and releases its piece if it has one (once: the outcome is then forgotten). */
  private static void discard(Read read) {
    read.discarded = true;
    AsyncResult<Buffer> outcome = read.outcome;
    if (outcome != null && outcome.succeeded()) {
      read.outcome = Future.failedFuture("discarded");
      PartBuffers.release(outcome.result());
    }
  }
}
