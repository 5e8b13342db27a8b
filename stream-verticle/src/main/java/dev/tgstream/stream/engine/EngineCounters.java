package dev.tgstream.stream.engine;

import java.util.concurrent.atomic.LongAdder;

/** The engine's monotonic counters, bumped from any thread; gauges are read from their owners at snapshot time. */
final class EngineCounters {

  final LongAdder fetches = new LongAdder();
  final LongAdder pieceFetches = new LongAdder();
  final LongAdder fetchFailures = new LongAdder();
  final LongAdder retries = new LongAdder();
  final LongAdder cacheHits = new LongAdder();
  final LongAdder cacheMisses = new LongAdder();
  final LongAdder coalesced = new LongAdder();
  final LongAdder bytesServed = new LongAdder();
  final LongAdder activeTransfers = new LongAdder();
  /** Gateway reads that answered (with data or an error) and their summed duration: a latency timer's count and sum. */
  final LongAdder readsAnswered = new LongAdder();
  final LongAdder readNanos = new LongAdder();

  void readAnswered(long nanos) {
    readsAnswered.increment();
    readNanos.add(nanos);
  }
  final LongAdder anticipatedReads = new LongAdder();
  final LongAdder anticipationsAdopted = new LongAdder();
  /** Responses sent from a local file past the engine, and their bytes (also in bytesServed). */
  final LongAdder localFileSends = new LongAdder();
  final LongAdder localFileBytes = new LongAdder();

  EngineStats snapshot(long partsInFlight, long queuedFetches, long cachedBytes, long readAheadParts,
                       long peakPartsInFlight, long peakReadAheadParts, long peakCachedBytes) {
    return new EngineStats(partsInFlight, fetches.sum(), fetchFailures.sum(), cacheHits.sum(), cacheMisses.sum(),
        coalesced.sum(), bytesServed.sum(), cachedBytes, activeTransfers.sum(), queuedFetches, pieceFetches.sum(),
        retries.sum(), readAheadParts, peakPartsInFlight, peakReadAheadParts, peakCachedBytes, anticipatedReads.sum(),
        anticipationsAdopted.sum(), localFileSends.sum(), localFileBytes.sum());
  }
}
