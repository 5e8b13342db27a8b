package dev.tgstream.stream.engine;

/** A snapshot of the engine's counters (for tests, stats and /metrics). */
public record EngineStats(
    long partsInFlight,
    long fetches,
    long fetchFailures,
    long cacheHits,
    long cacheMisses,
    long coalesced,
    long bytesServed,
    long cachedBytes,
    long activeTransfers) {
}
