package dev.tgstream.telegram.library;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers {@link Mp4Probe} results by the file's unique id (path, size and mtime), so rescanning a channel every
 * few seconds does not re-read every video's moov box. Bounded, least recently used out first.
 */
final class ProbeCache {

  private final Map<String, Mp4Probe.Result> results;

  ProbeCache(int capacity) {
    this.results = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Mp4Probe.Result> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Blocks on a miss: call on a worker. */
  Mp4Probe.Result probe(String uniqueId, Path file) {
    synchronized (results) {
      Mp4Probe.Result known = results.get(uniqueId);
      if (known != null) {
        return known;
      }
    }
    Mp4Probe.Result result = Mp4Probe.probe(file);
    synchronized (results) {
      results.put(uniqueId, result);
    }
    return result;
  }
}
