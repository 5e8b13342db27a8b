package dev.tgstream.stream.engine;

/**
 * Tuning of the {@link StreamEngine}.
 *
 * <p>The defaults are tuned for Telegram-like sources where every read is a round trip (~150 ms) with a per-call
 * bandwidth cap (~2 MiB/s) and about 8 calls served in parallel: the only way to be fast is to keep those 8 calls busy
 * with the right parts, and never to let read-ahead hold the slot a new request needs for its first bytes.
 *
 * @param readAhead            parts kept in flight ahead of the part being written (0 = sequential baseline)
 * @param cacheBytes           bound of the shared in-memory part cache
 * @param firstPartBytes       size of the small head piece that serves a request's first bytes when its part is
 *                             neither cached nor in flight (power of two, 4 KiB..1 MiB; 1 MiB turns head pieces off)
 * @param maxInFlightParts     bound on gateway reads running at once across all readers; set it to the source's own
 *                             parallelism (calls beyond it only queue at the source, behind read-ahead)
 * @param maxRetries           attempts after the first for a part failing UNAVAILABLE before the response is cut
 * @param reservedSlots        slots of {@code maxInFlightParts} that read-ahead for open-ended reads ({@code bytes=N-},
 *                             what players send) may not take, so that when a player drops its read to seek, the seek's
 *                             first read starts at once instead of queueing behind the orphaned read-ahead. Ranges
 *                             with a named end (downloads, segments) may use every slot.
 * @param readAheadBudgetBytes bound on read-ahead parts running or fetched but not yet written, across all readers
 *                             (memory: many stalled readers cannot each pile up {@code readAhead} parts)
 */
public record EngineConfig(int readAhead, long cacheBytes, int firstPartBytes, int maxInFlightParts, int maxRetries,
                           int reservedSlots, long readAheadBudgetBytes) {

  public static final int DEFAULT_READAHEAD = 8;
  public static final int DEFAULT_CACHE_MB = 64;
  public static final int DEFAULT_FIRST_PART_BYTES = 64 * 1024;
  public static final int DEFAULT_MAX_IN_FLIGHT_PARTS = 8;
  public static final int DEFAULT_MAX_RETRIES = 5;
  public static final int DEFAULT_RESERVED_SLOTS = 1;
  public static final long DEFAULT_READ_AHEAD_BUDGET_BYTES = 32L * 1024 * 1024;

  public EngineConfig {
    if (readAhead < 0) {
      throw new IllegalArgumentException("readAhead must be >= 0, got " + readAhead);
    }
    if (cacheBytes < 0) {
      throw new IllegalArgumentException("cacheBytes must be >= 0, got " + cacheBytes);
    }
    if (!PartGeometry.isValidPieceSize(firstPartBytes)) {
      throw new IllegalArgumentException("firstPartBytes must be a power of two from 4096 to 1048576, got "
          + firstPartBytes);
    }
    if (maxInFlightParts < 1) {
      throw new IllegalArgumentException("maxInFlightParts must be >= 1, got " + maxInFlightParts);
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
    }
    if (reservedSlots < 0 || reservedSlots >= maxInFlightParts) {
      throw new IllegalArgumentException("reservedSlots must be in [0, maxInFlightParts), got " + reservedSlots);
    }
    if (readAheadBudgetBytes < 0) {
      throw new IllegalArgumentException("readAheadBudgetBytes must be >= 0, got " + readAheadBudgetBytes);
    }
  }

  /** The five primary knobs; the slot reserve and the read-ahead budget take their defaults. */
  public EngineConfig(int readAhead, long cacheBytes, int firstPartBytes, int maxInFlightParts, int maxRetries) {
    this(readAhead, cacheBytes, firstPartBytes, maxInFlightParts, maxRetries,
        Math.min(DEFAULT_RESERVED_SLOTS, maxInFlightParts - 1), DEFAULT_READ_AHEAD_BUDGET_BYTES);
  }

  /**
   * Tuned for {@code latency_ms=150,conn_kibps=2048,max_parallel=8}: 8 reads in flight (the source's parallelism;
   * more would only queue there); read-ahead of 8 parts so one reader can keep all of them busy (16 MiB take two
   * rounds of 8 parallel reads instead of 16 sequential ones); a 64 KiB head piece (first byte after ~latency + 31 ms
   * instead of + 500 ms for a whole part); one slot kept from open-ended read-ahead (a player's seek starts at once);
   * 64 MiB of cache and 32 MiB of read-ahead across all readers (cache + read-ahead + in flight stay near 100 MiB
   * even with 100 readers on a 512 MB host).
   */
  public static EngineConfig defaults() {
    return new EngineConfig(DEFAULT_READAHEAD, DEFAULT_CACHE_MB * 1024L * 1024L, DEFAULT_FIRST_PART_BYTES,
        DEFAULT_MAX_IN_FLIGHT_PARTS, DEFAULT_MAX_RETRIES, DEFAULT_RESERVED_SLOTS, DEFAULT_READ_AHEAD_BUDGET_BYTES);
  }

  public EngineConfig withReadAhead(int n) {
    return new EngineConfig(n, cacheBytes, firstPartBytes, maxInFlightParts, maxRetries, reservedSlots,
        readAheadBudgetBytes);
  }

  public EngineConfig withCacheBytes(long bytes) {
    return new EngineConfig(readAhead, bytes, firstPartBytes, maxInFlightParts, maxRetries, reservedSlots,
        readAheadBudgetBytes);
  }

  public EngineConfig withFirstPartBytes(int bytes) {
    return new EngineConfig(readAhead, cacheBytes, bytes, maxInFlightParts, maxRetries, reservedSlots,
        readAheadBudgetBytes);
  }

  /** Also clamps the reserve so it stays below the new bound. */
  public EngineConfig withMaxInFlightParts(int n) {
    return new EngineConfig(readAhead, cacheBytes, firstPartBytes, n, maxRetries, Math.min(reservedSlots, n - 1),
        readAheadBudgetBytes);
  }

  public EngineConfig withMaxRetries(int n) {
    return new EngineConfig(readAhead, cacheBytes, firstPartBytes, maxInFlightParts, n, reservedSlots,
        readAheadBudgetBytes);
  }

  public EngineConfig withReservedSlots(int n) {
    return new EngineConfig(readAhead, cacheBytes, firstPartBytes, maxInFlightParts, maxRetries, n,
        readAheadBudgetBytes);
  }

  public EngineConfig withReadAheadBudgetBytes(long bytes) {
    return new EngineConfig(readAhead, cacheBytes, firstPartBytes, maxInFlightParts, maxRetries, reservedSlots,
        bytes);
  }

  /** The read-ahead budget in whole parts (at least one when the budget is not zero). */
  int readAheadBudgetParts() {
    if (readAheadBudgetBytes == 0) {
      return 0;
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, readAheadBudgetBytes / PartGeometry.PART_SIZE));
  }
}
