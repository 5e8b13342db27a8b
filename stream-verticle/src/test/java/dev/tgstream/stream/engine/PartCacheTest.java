package dev.tgstream.stream.engine;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The shared part cache evicts the least recently used parts and never holds more than its bound. */
class PartCacheTest {

  private static PieceKey part(long k) {
    return PartGeometry.part("f", k);
  }

  private static Buffer bytes(int n) {
    return Buffer.buffer(new byte[n]);
  }

  @Test
  void evictsTheLeastRecentlyUsedParts() {
    PartCache cache = new PartCache(3000);
    cache.put(part(0), bytes(1000));
    cache.put(part(1), bytes(1000));
    cache.put(part(2), bytes(1000));
    assertNotNull(cache.acquire(part(0))); // now part 1 is the least recently used
    cache.put(part(3), bytes(1000));
    assertNull(cache.acquire(part(1)));
    assertNotNull(cache.acquire(part(0)));
    assertNotNull(cache.acquire(part(2)));
    assertEquals(3000, cache.bytes());
    cache.put(part(4), bytes(2500));
    assertEquals(2500, cache.bytes());
    assertEquals(1, cache.size());
  }

  @Test
  void aPartLargerThanTheCacheIsNotKept() {
    PartCache cache = new PartCache(100);
    cache.put(part(0), bytes(50));
    cache.put(part(1), bytes(101));
    assertNull(cache.acquire(part(1)));
    assertEquals(50, cache.bytes());
    PartCache none = new PartCache(0);
    none.put(part(0), bytes(1));
    assertEquals(0, none.bytes());
  }

  @Test
  void replacingAPartKeepsTheCountRight() {
    PartCache cache = new PartCache(1000);
    cache.put(part(0), bytes(400));
    cache.put(part(0), bytes(300));
    assertEquals(300, cache.bytes());
    cache.remove(part(0));
    assertEquals(0, cache.bytes());
  }
}
