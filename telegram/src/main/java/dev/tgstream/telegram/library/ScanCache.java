package dev.tgstream.telegram.library;

import dev.tgstream.telegram.MediaFile;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Keeps each channel's scan for a short while, so paging through a channel costs one scan, while files added to
 * the folder still show up within seconds. Concurrent requests during a scan share it; a failed scan is not kept.
 */
final class ScanCache {

  private record Entry(long startedMillis, Future<List<MediaFile>> scan) {
  }

  private final long ttlMillis;
  private final LongSupplier clockMillis;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  ScanCache(long ttlMillis, LongSupplier clockMillis) {
    this.ttlMillis = ttlMillis;
    this.clockMillis = clockMillis;
  }

  Future<List<MediaFile>> get(String channelId, Supplier<Future<List<MediaFile>>> scan) {
    Entry entry = entries.compute(channelId, (id, cached) -> {
      long now = clockMillis.getAsLong();
      boolean fresh = cached != null && !cached.scan.failed()
          && (!cached.scan.isComplete() || now - cached.startedMillis < ttlMillis);
      return fresh ? cached : new Entry(now, scan.get());
    });
    entry.scan.onFailure(e -> entries.remove(channelId, entry));
    // A shared future calls back on the context that made it; each caller must be called back on its own.
    Context context = Vertx.currentContext();
    if (context == null) {
      return entry.scan;
    }
    Promise<List<MediaFile>> own = ((ContextInternal) context).promise();
    entry.scan.onComplete(own);
    return own.future();
  }
}
