package dev.tgstream.telegram.library;

import dev.tgstream.telegram.MediaFile;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A channel's scan is reused until its TTL passes (where the folder cannot be watched) or the watcher clears it. */
class ScanCacheTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final AtomicInteger scans = new AtomicInteger();
  private final ScanCache cache = new ScanCache(2_000, now::get);

  private Future<List<MediaFile>> get() {
    return cache.get("c", () -> {
      scans.incrementAndGet();
      return Future.succeededFuture(List.of());
    });
  }

  @Test
  void reusedWithinTheTtlAndScannedAgainAfterIt() {
    get();
    now.addAndGet(1_999);
    get();
    assertEquals(1, scans.get());
    now.addAndGet(1);
    get();
    assertEquals(2, scans.get());
  }

  @Test
  void clearingMakesTheNextRequestScan() {
    get();
    cache.clear();
    get();
    assertEquals(2, scans.get());
  }

  @Test
  void aFailedScanIsNotKept() {
    cache.get("c", () -> {
      scans.incrementAndGet();
      return Future.failedFuture("disk gone");
    });
    get();
    assertEquals(2, scans.get());
  }
}
