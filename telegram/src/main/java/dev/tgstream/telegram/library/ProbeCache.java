package dev.tgstream.telegram.library;

import dev.tgstream.telegram.media.MediaInfo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Remembers {@link dev.tgstream.telegram.media.MediaProbe} results by the file's unique id (path, size and mtime), so rescanning a channel every
 * few seconds does not re-read every file's headers. Bounded, least recently used out first.
 */
final class ProbeCache {

  private final Map<String, MediaInfo> results;

  ProbeCache(int capacity) {
    this.results = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, MediaInfo> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Blocks on a miss: call on a worker. */
  MediaInfo probe(String uniqueId, Supplier<MediaInfo> probe) {
    synchronized (results) {
      MediaInfo known = results.get(uniqueId);
      if (known != null) {
        return known;
      }
    }
    MediaInfo result = probe.get();
    synchronized (results) {
      results.put(uniqueId, result);
    }
    return result;
  }
}
