package dev.tgstream.stream.engine;

/**
 * Tuning of the {@link StreamEngine}.
 *
 * @param readAhead        parts kept in flight ahead of a reader (0 = sequential baseline)
 * @param cacheBytes       bound of the shared in-memory part cache
 * @param firstPartBytes   size of the small first part of a request (power of two, 4 KiB..1 MiB)
 * @param maxInFlightParts bound on part fetches in flight across all readers (memory and source fairness)
 * @param maxRetries       attempts after the first for a failing part before the response is cut
 */
public record EngineConfig(int readAhead, long cacheBytes, int firstPartBytes, int maxInFlightParts, int maxRetries) {

  public static final int DEFAULT_READAHEAD = 8;
  public static final int DEFAULT_CACHE_MB = 64;

  public static EngineConfig defaults() {
    return new EngineConfig(DEFAULT_READAHEAD, DEFAULT_CACHE_MB * 1024L * 1024L, 128 * 1024, 48, 4);
  }

  public EngineConfig withReadAhead(int n) {
    return new EngineConfig(n, cacheBytes, firstPartBytes, maxInFlightParts, maxRetries);
  }

  public EngineConfig withCacheBytes(long bytes) {
    return new EngineConfig(readAhead, bytes, firstPartBytes, maxInFlightParts, maxRetries);
  }
}
