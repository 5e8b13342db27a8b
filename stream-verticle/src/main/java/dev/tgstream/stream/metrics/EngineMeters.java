package dev.tgstream.stream.metrics;

import dev.tgstream.stream.engine.EngineStats;
import dev.tgstream.stream.engine.StreamEngine;
import dev.tgstream.telegram.PartBuffers;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The engine's numbers as Prometheus meters: monotonic totals as counters ({@code _total}), levels as gauges. Each
 * meter reads {@link StreamEngine#stats()} when scraped, so the engine's hot path keeps its plain LongAdders and knows
 * nothing of Micrometer.
 *
 * <p>Names (Prometheus form): {@code tgstream_engine_fetches_total}, {@code tgstream_engine_piece_fetches_total},
 * {@code tgstream_engine_fetch_failures_total}, {@code tgstream_engine_retries_total},
 * {@code tgstream_engine_cache_hits_total}, {@code tgstream_engine_cache_misses_total},
 * {@code tgstream_engine_coalesced_total}, {@code tgstream_engine_bytes_served_total},
 * {@code tgstream_engine_local_file_sends_total}, {@code tgstream_engine_local_file_bytes_total};
 * gauges {@code tgstream_engine_parts_in_flight}, {@code tgstream_engine_queued_fetches},
 * {@code tgstream_engine_readahead_parts}, {@code tgstream_engine_active_transfers},
 * {@code tgstream_engine_cache_bytes}, {@code tgstream_engine_cache_capacity_bytes},
 * {@code tgstream_engine_part_buffers}, {@code tgstream_engine_part_buffers_memory_bytes},
 * {@code tgstream_engine_part_buffers_free_bytes}; the timer (a summary's count and
 * sum) {@code tgstream_engine_gateway_reads_seconds}.
 */
public final class EngineMeters implements MeterBinder {

  static final String PREFIX = "tgstream.engine.";

  private final StreamEngine engine;

  public EngineMeters(StreamEngine engine) {
    this.engine = engine;
  }

  /** Binds {@code engine}'s meters to the service's registry when metrics are on. */
  public static void bindToServiceRegistry(StreamEngine engine) {
    Metrics.registry().ifPresent(new EngineMeters(engine)::bindTo);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(registry, "fetches", EngineStats::fetches,
        "Gateway reads started: every attempt, whole parts, head pieces and range edges");
    counter(registry, "piece.fetches", EngineStats::pieceFetches,
        "Gateway reads smaller than a whole part (head pieces and range edges), included in fetches");
    counter(registry, "fetch.failures", EngineStats::fetchFailures,
        "Gateway reads that failed, including ones retried afterwards");
    counter(registry, "retries", EngineStats::retries,
        "Gateway read attempts made after a failure (UNAVAILABLE backoff or FLOOD_WAIT)");
    counter(registry, "cache.hits", EngineStats::cacheHits, "Piece requests served from the part cache");
    counter(registry, "cache.misses", EngineStats::cacheMisses, "Piece requests that started a new gateway read");
    counter(registry, "coalesced", EngineStats::coalesced,
        "Piece requests that joined a gateway read already queued or running");
    // No base unit on purpose: Prometheus would append it (tgstream_engine_bytes_served_bytes_total).
    counter(registry, "bytes.served", EngineStats::bytesServed, "Bytes handed to HTTP responses and other sinks");
    counter(registry, "local.file.sends", EngineStats::localFileSends,
        "Responses sent straight from a local file to the socket (sendfile), past the part cache");
    counter(registry, "local.file.bytes", EngineStats::localFileBytes,
        "Bytes of those responses, included in bytes served (a send the client broke off counts none)");

    gauge(registry, "parts.in.flight", EngineStats::partsInFlight, null, "Gateway reads running now");
    gauge(registry, "queued.fetches", EngineStats::queuedFetches, null,
        "Gateway reads waiting for a slot or a retry delay");
    gauge(registry, "readahead.parts", EngineStats::readAheadParts, null,
        "Read-ahead parts running or fetched and not yet reached by their reader (bounded by the read-ahead budget)");
    gauge(registry, "active.transfers", EngineStats::activeTransfers, null,
        "Range transfers not yet finished, failed or cancelled");
    gauge(registry, "cache", EngineStats::cachedBytes, BaseUnits.BYTES, "Bytes held by the shared part cache");
    FunctionTimer.builder(PREFIX + "gateway.reads", engine, StreamEngine::gatewayReadsAnswered,
            StreamEngine::gatewayReadNanos, TimeUnit.NANOSECONDS)
        .description("Gateway part reads that answered (data or error) and the time they took: Telegram's latency as "
            + "the engine sees it")
        .register(registry);
    Gauge.builder(PREFIX + "part.buffers", PartBuffers::outstanding)
        .description("Part buffers (off-heap part reads) not yet released: the cache's parts plus those that "
            + "transfers and writes hold now; growth with no traffic is a leak")
        .register(registry);
    Gauge.builder(PREFIX + "part.buffers.memory", PartBuffers::outstandingBytes)
        .description("Direct memory of the part buffers not yet released")
        .baseUnit(BaseUnits.BYTES)
        .register(registry);
    Gauge.builder(PREFIX + "part.buffers.free", PartBuffers::freeBytes)
        .description("Released part memory kept for reuse (bounded)")
        .baseUnit(BaseUnits.BYTES)
        .register(registry);
    Gauge.builder(PREFIX + "cache.capacity", engine, e -> e.config().cacheBytes())
        .description("Size limit of the shared part cache")
        .baseUnit(BaseUnits.BYTES)
        .register(registry);
  }

  private void counter(MeterRegistry registry, String name, ToLongFunction<EngineStats> value, String help) {
    FunctionCounter.builder(PREFIX + name, engine, e -> value.applyAsLong(e.stats()))
        .description(help)
        .register(registry);
  }

  private void gauge(MeterRegistry registry, String name, ToLongFunction<EngineStats> value, String unit, String help) {
    Gauge.builder(PREFIX + name, engine, e -> value.applyAsLong(e.stats()))
        .description(help)
        .baseUnit(unit)
        .register(registry);
  }
}
