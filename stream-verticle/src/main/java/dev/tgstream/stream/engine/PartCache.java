package dev.tgstream.stream.engine;

import dev.tgstream.telegram.PartBuffers;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one in-memory LRU of whole parts shared by every transfer. Bounded in bytes: adding a part evicts the least
 * recently used whole parts until the total fits. Thread-safe; every operation is a short critical section.
 *
 * <p>Ownership ({@link PartBuffers}): the cache holds one reference to every part in it, taken by {@link #put} and
 * dropped when the part is evicted, replaced, removed or {@link #clear}ed; {@link #acquire} hands out a reference of
 * the caller's own, taken under the cache's lock, so an eviction racing the lookup can never free it under the caller.
 */
final class PartCache {

  private final long capacityBytes;
  /** Access order: iteration starts at the least recently used part. */
  private final LinkedHashMap<PieceKey, Buffer> parts = new LinkedHashMap<>(64, 0.75f, true);
  private long bytes;
  /** The most bytes ever held once a put had evicted what it must: the bound a test checks exactly. */
  private long peakBytes;

  PartCache(long capacityBytes) {
    this.capacityBytes = capacityBytes;
  }

  /** The cached part, now the most recently used, with a reference the caller must release; null when absent. */
  synchronized Buffer acquire(PieceKey key) {
    Buffer part = parts.get(key);
    return part == null ? null : PartBuffers.retain(part);
  }

  /** Whether the part is cached (without touching its recency). */
  synchronized boolean contains(PieceKey key) {
    return parts.containsKey(key);
  }

  /** Caches a whole part (taking a reference of its own); a part larger than the whole cache is not kept. */
  void put(PieceKey key, Buffer part) {
    List<Buffer> dropped = new ArrayList<>(2);
    synchronized (this) {
      if (part.length() > capacityBytes) {
        return;
      }
      Buffer previous = parts.put(key, PartBuffers.retain(part));
      if (previous != null) {
        bytes -= previous.length();
        dropped.add(previous);
      }
      bytes += part.length();
      Iterator<Map.Entry<PieceKey, Buffer>> eldest = parts.entrySet().iterator();
      while (bytes > capacityBytes && eldest.hasNext()) {
        Map.Entry<PieceKey, Buffer> e = eldest.next();
        bytes -= e.getValue().length();
        dropped.add(e.getValue());
        eldest.remove();
      }
      peakBytes = Math.max(peakBytes, bytes);
    }
    dropped.forEach(PartBuffers::release);
  }

  void remove(PieceKey key) {
    Buffer previous;
    synchronized (this) {
      previous = parts.remove(key);
      if (previous != null) {
        bytes -= previous.length();
      }
    }
    if (previous != null) {
      PartBuffers.release(previous);
    }
  }

  /** Drops every part (shutdown, tests): the memory of those nobody else holds is freed now. */
  void clear() {
    List<Buffer> dropped;
    synchronized (this) {
      dropped = new ArrayList<>(parts.values());
      parts.clear();
      bytes = 0;
    }
    dropped.forEach(PartBuffers::release);
  }

  synchronized long bytes() {
    return bytes;
  }

  synchronized long peakBytes() {
    return peakBytes;
  }

  synchronized int size() {
    return parts.size();
  }

  long capacityBytes() {
    return capacityBytes;
  }
}
