package dev.tgstream.stream.engine;

import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.PartBuffers;
import dev.tgstream.telegram.library.LibraryGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The process {@link PartBufferChurnTest} starts under a small direct-memory cap: the library gateway (real part
 * buffers read from disk) behind the engine, served over HTTP. {@code GET /<file name>?start=&length=} streams a range
 * (a failed transfer cuts the connection, as the stream handler does); {@code GET /stats} and {@code POST /clear}
 * (drops the cache) answer the engine's counters and the outstanding part buffers as JSON. Prints {@code PORT <n>}
 * once listening.
 *
 * <p>Arguments: library folder, cache MiB, read-ahead budget MiB, parts in flight.
 */
public final class ChurnServer {

  private static final AtomicLong DIRECT_PEAK = new AtomicLong();

  private ChurnServer() {
  }

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    EngineConfig config = EngineConfig.defaults()
        .withCacheBytes(Long.parseLong(args[1]) * SimulatedSource.MIB)
        .withReadAheadBudgetBytes(Long.parseLong(args[2]) * SimulatedSource.MIB)
        .withMaxInFlightParts(Integer.parseInt(args[3]));
    Vertx vertx = Vertx.vertx();
    // Direct memory in use, sampled: how close the run came to the cap (reported, not asserted).
    BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
    vertx.setPeriodic(2, id -> DIRECT_PEAK.accumulateAndGet(direct.getMemoryUsed(), Math::max));
    LibraryGateway.open(vertx, dir)
        .compose(library -> library.channels()
            .compose(channels -> library.files(channels.get(0).id(), FileQuery.all()))
            .compose(page -> {
              Map<String, MediaFile> files = page.items().stream()
                  .collect(Collectors.toMap(MediaFile::name, Function.identity()));
              StreamEngine engine = new StreamEngine(vertx, library, config);
              return vertx.createHttpServer()
                  .requestHandler(req -> handle(req, engine, files))
                  .listen(0, "127.0.0.1");
            }))
        .onSuccess(server -> System.out.println("PORT " + server.actualPort()))
        .onFailure(err -> {
          err.printStackTrace();
          System.exit(3);
        });
  }

  private static void handle(HttpServerRequest req, StreamEngine engine, Map<String, MediaFile> files) {
    String name = req.path().substring(1);
    if (name.equals("stats")) {
      req.response().end(stats(engine).encode());
      return;
    }
    if (name.equals("clear")) {
      engine.clearCache();
      req.response().end(stats(engine).encode());
      return;
    }
    MediaFile file = files.get(name);
    if (file == null) {
      req.response().setStatusCode(404).end();
      return;
    }
    long start = Long.parseLong(req.getParam("start"));
    long length = Long.parseLong(req.getParam("length"));
    HttpServerResponse res = req.response().putHeader("Content-Length", Long.toString(length));
    RangeTransfer t = engine.transfer(file, start, length, res);
    res.closeHandler(v -> t.cancel());
    t.result().onSuccess(v -> res.end()).onFailure(err -> req.connection().close());
  }

  private static JsonObject stats(StreamEngine engine) {
    EngineStats s = engine.stats();
    return new JsonObject()
        .put("outstanding", PartBuffers.outstanding())
        .put("cachedParts", engine.cachedParts())
        .put("activeTransfers", s.activeTransfers())
        .put("partsInFlight", s.partsInFlight())
        .put("queuedFetches", s.queuedFetches())
        .put("partFetches", s.partFetches())
        .put("fetchFailures", s.fetchFailures())
        .put("allocations", PartBuffers.allocations())
        .put("directPeakMiB", DIRECT_PEAK.get() / SimulatedSource.MIB)
        .put("collections", ManagementFactory.getGarbageCollectorMXBeans().stream()
            .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum());
  }
}
