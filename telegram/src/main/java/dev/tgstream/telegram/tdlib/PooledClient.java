package dev.tgstream.telegram.tdlib;

import io.vertx.core.Future;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client of the streaming pool and what belongs to it alone: its download windows, the messages it has looked
 * up (its file ids are valid in it only), how many reads it is serving, and until when it is in FLOOD_WAIT. The
 * windows and the message cache are used on the client's context only; load and flood state from any thread.
 */
final class PooledClient {

  private static final int MESSAGE_CACHE = 4096;

  final TdClient client;
  final int index;
  final FileDownloads downloads;
  private final AtomicInteger load = new AtomicInteger();
  private volatile long floodUntilMillis;
  /**
   * Which bytes of which files this client has served: a hint only (TDLib's storage optimizer may have deleted them
   * since). Dropped with the file's window ({@link #forgetFile}), so it is bounded like the windows.
   */
  private final Map<String, ServedBytes> served = new java.util.concurrent.ConcurrentHashMap<>();

  /** The bytes served of one file, and its TDLib file id in this client (what the windows are keyed by). */
  private record ServedBytes(int tdFileId, ByteRanges ranges) {
  }
  private final Map<String, Future<MappedMessage>> messages = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Future<MappedMessage>> eldest) {
      return size() > MESSAGE_CACHE;
    }
  };

  PooledClient(TdClient client, int index, FileDownloads downloads) {
    this.client = client;
    this.index = index;
    this.downloads = downloads;
  }

  int load() {
    return load.get();
  }

  void started() {
    load.incrementAndGet();
  }

  void finished() {
    load.decrementAndGet();
  }

  boolean flooded(long nowMillis) {
    return floodUntilMillis > nowMillis;
  }

  long floodUntilMillis() {
    return floodUntilMillis;
  }

  void floodFor(int seconds, long nowMillis) {
    floodUntilMillis = Math.max(floodUntilMillis, nowMillis + seconds * 1000L);
  }

  /** This client's lookup of a message (shared by concurrent reads; failures are not kept). */
  Future<MappedMessage> message(String fileId, java.util.function.Supplier<Future<MappedMessage>> lookup) {
    Future<MappedMessage> cached = messages.get(fileId);
    if (cached != null && !cached.failed()) {
      return cached;
    }
    Future<MappedMessage> fresh = lookup.get();
    messages.put(fileId, fresh);
    fresh.onFailure(e -> messages.remove(fileId, fresh));
    return fresh;
  }

  /** Remembers that this client served (so holds on disk) bytes [offset, end) of a file, TDLib's file id here. */
  void served(String fileId, int tdFileId, long offset, long end) {
    ServedBytes bytes = served.compute(fileId, (id, old) -> old != null && old.tdFileId() == tdFileId ? old
        : new ServedBytes(tdFileId, new ByteRanges()));
    synchronized (bytes.ranges()) {
      bytes.ranges().add(offset, end);
    }
  }

  /** The window of TDLib file {@code tdFileId} was forgotten (its copy deleted, or nothing held): so is what it served. */
  void forgetFile(int tdFileId) {
    served.values().removeIf(s -> s.tdFileId() == tdFileId);
  }

  /** Files whose served bytes are remembered (for tests). */
  int filesServed() {
    return served.size();
  }

  /** Whether this client served bytes [offset, end) of a file before (they are likely on its disk still). */
  boolean probablyHolds(String fileId, long offset, long end) {
    ServedBytes bytes = served.get(fileId);
    if (bytes == null) {
      return false;
    }
    synchronized (bytes.ranges()) {
      return bytes.ranges().covers(offset, end);
    }
  }

  void forgetMessage(String fileId) {
    messages.remove(fileId);
  }
}
