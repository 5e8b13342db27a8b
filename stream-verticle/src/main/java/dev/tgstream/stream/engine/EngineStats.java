package dev.tgstream.stream.engine;

/**
 * A snapshot of the engine's counters (for tests, stats and /metrics).
 *
 * @param partsInFlight   gateway reads running right now
 * @param fetches         gateway reads started in total (every attempt, head pieces included)
 * @param fetchFailures   gateway reads that failed (including ones retried afterwards)
 * @param cacheHits       piece requests served from the part cache
 * @param cacheMisses     piece requests that started a new fetch
 * @param coalesced       piece requests that joined a fetch already queued or running
 * @param bytesServed     bytes handed to sinks
 * @param cachedBytes     bytes held by the part cache now
 * @param activeTransfers transfers not yet finished, failed or cancelled
 * @param queuedFetches   fetches waiting for a slot or for a retry delay
 * @param pieceFetches    gateway reads smaller than a whole part: head pieces and range edges (in {@code fetches})
 * @param retries         attempts made after a failure (UNAVAILABLE backoff or FLOOD_WAIT)
 * @param readAheadParts  read-ahead parts running or fetched and not yet reached by their reader (the memory that
 *                        {@link EngineConfig#readAheadBudgetBytes()} bounds)
 * @param peakPartsInFlight  the most gateway reads that ever ran at once (a high-water mark kept at every change, so
 *                           no overshoot can hide between two samples of {@code partsInFlight})
 * @param peakReadAheadParts the most read-ahead parts ever running or held at once (bounded by the budget)
 * @param peakCachedBytes    the most bytes the part cache ever held (bounded by {@link EngineConfig#cacheBytes()})
 * @param anticipatedReads   head-piece reads started before their file was described ({@link StreamEngine#anticipate},
 *                           in {@code fetches})
 * @param anticipationsAdopted anticipated reads a transfer took over (the others were wasted)
 * @param localFileSends  responses whose bytes went from a local file to the socket without the engine (sendfile),
 *                        counted when the send completed
 * @param localFileBytes  the bytes of those responses (included in {@code bytesServed}); a send the client broke off
 *                        counts none, as how far it got is not known
 */
public record EngineStats(
    long partsInFlight,
    long fetches,
    long fetchFailures,
    long cacheHits,
    long cacheMisses,
    long coalesced,
    long bytesServed,
    long cachedBytes,
    long activeTransfers,
    long queuedFetches,
    long pieceFetches,
    long retries,
    long readAheadParts,
    long peakPartsInFlight,
    long peakReadAheadParts,
    long peakCachedBytes,
    long anticipatedReads,
    long anticipationsAdopted,
    long localFileSends,
    long localFileBytes) {

  /** The original nine counters; the newer ones read 0. */
  public EngineStats(long partsInFlight, long fetches, long fetchFailures, long cacheHits, long cacheMisses,
                     long coalesced, long bytesServed, long cachedBytes, long activeTransfers) {
    this(partsInFlight, fetches, fetchFailures, cacheHits, cacheMisses, coalesced, bytesServed, cachedBytes,
        activeTransfers, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** Gateway reads of whole 1 MiB parts. */
  public long partFetches() {
    return fetches - pieceFetches;
  }
}
