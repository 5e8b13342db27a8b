package dev.tgstream.stream.metrics;

import dev.tgstream.stream.engine.EngineConfig;
import dev.tgstream.stream.engine.StreamEngine;
import dev.tgstream.telegram.library.LibraryGateway;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Engine meters: totals are counters (monotonic, {@code _total}), levels are gauges, and every one has a help text. */
class MetricsEngineMetersTest {

  private final Vertx vertx = Vertx.vertx();

  @TempDir
  Path library;

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void totalsAreCountersLevelsAreGaugesAllWithHelp() throws Exception {
    var gateway = LibraryGateway.open(vertx, library).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    StreamEngine engine = new StreamEngine(vertx, gateway, EngineConfig.defaults().withCacheBytes(8L << 20));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new EngineMeters(engine).bindTo(registry);

    for (String total : List.of("fetches", "piece.fetches", "fetch.failures", "retries", "cache.hits", "cache.misses",
        "coalesced", "bytes.served", "local.file.sends", "local.file.bytes")) {
      assertInstanceOf(FunctionCounter.class, meter(registry, total), total);
    }
    for (String level : List.of("parts.in.flight", "queued.fetches", "readahead.parts", "active.transfers", "cache",
        "cache.capacity", "part.buffers", "part.buffers.memory", "part.buffers.free")) {
      assertInstanceOf(Gauge.class, meter(registry, level), level);
    }
    for (Meter m : registry.getMeters()) {
      assertNotNull(m.getId().getDescription(), m.getId().getName());
      assertFalse(m.getId().getDescription().isBlank(), m.getId().getName());
    }
    assertEquals(8L << 20, ((Gauge) meter(registry, "cache.capacity")).value());
    assertEquals(0.0, ((FunctionCounter) meter(registry, "bytes.served")).count());
    assertInstanceOf(FunctionTimer.class, meter(registry, "gateway.reads"));
    assertEquals(20, registry.getMeters().size());
  }

  private static Meter meter(SimpleMeterRegistry registry, String name) {
    Meter m = registry.find(EngineMeters.PREFIX + name).meter();
    assertNotNull(m, name);
    return m;
  }
}
