package dev.tgstream.telegram;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers {@link #file(String)} answers for a short time. Every stream request (and every seek a player makes)
 * starts by describing its file; against Telegram that is a round trip, which would add itself to every first byte.
 * TDLib keeps file metadata locally too, so a few seconds of staleness is what a real client sees anyway. Failed
 * lookups are not remembered. A source that announces changes ({@link TelegramGateway#onChange}) has what it names
 * forgotten at once: a deleted or replaced library file is never described from before the change.
 */
public final class MetadataCache extends ForwardingGateway {

  private final Clock clock;
  private final long ttlMillis;
  private final int maxEntries;
  private final Map<String, Entry> entries;

  private record Entry(Future<MediaFile> file, long expiresAt) {
  }

  public MetadataCache(TelegramGateway delegate, Clock clock, long ttlMillis, int maxEntries) {
    super(delegate);
    this.clock = clock;
    this.ttlMillis = ttlMillis;
    this.maxEntries = maxEntries;
    this.entries = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > MetadataCache.this.maxEntries;
      }
    };
    delegate.onChange(this::forget);
  }

  /** Drops what the change names; lookups already under way still answer their callers. */
  private void forget(SourceChange change) {
    synchronized (entries) {
      if (change.all()) {
        entries.clear();
      } else {
        change.fileIds().forEach(entries::remove);
      }
    }
  }

  // onChange is forwarded (ForwardingGateway): a listener registered here is called after this cache, registered
  // first, has forgotten what the change names. Everything but file() is forwarded as it is: this caches no bytes and
  // adds no cost to reads, so the source's local copies are offered as they are.

  @Override
  public Future<MediaFile> file(String fileId) {
    Future<MediaFile> shared = sharedLookup(fileId);
    // A future calls back on the context that made it; each caller must be called back on its own event loop.
    Context context = Vertx.currentContext();
    if (context == null) {
      return shared;
    }
    Promise<MediaFile> own = ((ContextInternal) context).promise();
    shared.onComplete(own);
    return own.future();
  }

  private Future<MediaFile> sharedLookup(String fileId) {
    long now = clock.millis();
    Future<MediaFile> pending;
    synchronized (entries) {
      Entry e = entries.get(fileId);
      if (e != null && e.expiresAt > now && !e.file.failed()) {
        return e.file;
      }
      // Concurrent requests for one file share one lookup.
      pending = delegate.file(fileId);
      entries.put(fileId, new Entry(pending, now + ttlMillis));
    }
    return pending.onFailure(err -> {
      synchronized (entries) {
        Entry e = entries.get(fileId);
        if (e != null && e.file == pending) {
          entries.remove(fileId);
        }
      }
    });
  }
}
