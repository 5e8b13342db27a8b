package dev.tgstream.stream.engine;

import io.vertx.core.buffer.Buffer;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one in-memory LRU of whole parts shared by every transfer. Bounded in bytes: adding a part evicts the least
 * recently used whole parts until the total fits. Thread-safe; every operation is a short critical section.
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

  /** The cached part, now the most recently used; null when absent. */
  synchronized Buffer get(PieceKey key) {
    return parts.get(key);
  }

  /** Caches a whole part; a part larger than the whole cache is not kept. */
  synchronized void put(PieceKey key, Buffer part) {
    if (part.length() > capacityBytes) {
      return;
    }
    Buffer previous = parts.put(key, part);
    if (previous != null) {
      bytes -= previous.length();
    }
    bytes += part.length();
    Iterator<Map.Entry<PieceKey, Buffer>> eldest = parts.entrySet().iterator();
    while (bytes > capacityBytes && eldest.hasNext()) {
      Map.Entry<PieceKey, Buffer> e = eldest.next();
      bytes -= e.getValue().length();
      eldest.remove();
    }
    peakBytes = Math.max(peakBytes, bytes);
  }

  synchronized void remove(PieceKey key) {
    Buffer previous = parts.remove(key);
    if (previous != null) {
      bytes -= previous.length();
    }
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
