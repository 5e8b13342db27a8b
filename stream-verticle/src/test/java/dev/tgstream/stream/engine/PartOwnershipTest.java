package dev.tgstream.stream.engine;

import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.PartBuffers;
import dev.tgstream.telegram.SourceChange;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.WriteStream;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.tgstream.stream.engine.SimulatedSource.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who owns a part's memory ({@link PartBuffers}): the cache one reference per part, a ticket one while its transfer
 * needs the piece, a write one until the sink is done with it. Whatever way a transfer ends (done, cancelled with
 * writes still in flight, failed by the source, its client gone mid-body) and whatever a read's fate (late after its
 * timeout, anticipated and never adopted), once nothing runs the part buffers left are exactly the cache's, and none
 * after the cache is cleared. Sources answer with real part buffers (the library gateway's, or the manual one's).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class PartOwnershipTest {

  private static final long SIZE = 24L * MIB + 5;
  private static final long CACHE = 4L * MIB;

  @TempDir
  Path dir;

  /** Part buffers outstanding before the test: earlier tests' leftovers are not this test's business. */
  private long base;

  @BeforeEach
  void countBefore() {
    base = PartBuffers.outstanding();
  }

  private long outstanding() {
    return PartBuffers.outstanding() - base;
  }

  private static boolean idle(StreamEngine engine) {
    EngineStats s = engine.stats();
    return s.activeTransfers() == 0 && s.partsInFlight() == 0 && s.queuedFetches() == 0;
  }

  /** Waits until nothing runs and the only part buffers are the cache's; then clears it and expects none. */
  private Future<Void> onlyTheCacheHoldsParts(Vertx vertx, StreamEngine engine, VertxTestContext ctx) {
    return Await.until(vertx, Await.LIVENESS_MS, "the part buffers back to the cache's", () -> idle(engine)
            && outstanding() == engine.cachedParts())
        .map(ms -> {
          ctx.verify(() -> {
            assertEquals(engine.cachedParts(), outstanding(), "one buffer per cached part, nothing else");
            engine.clearCache();
            assertEquals(0, engine.cachedParts());
            assertEquals(0, outstanding(), "no part buffer left once the cache is cleared");
          });
          return null;
        });
  }

  @Test
  void evictionReleasesWhatTheCacheDrops(Vertx vertx, VertxTestContext ctx) {
    SimulatedSource.create(vertx, dir, SIZE, 91, SimulatedSource.FAST).onComplete(ctx.succeeding(source -> {
      StreamEngine engine = source.engine(vertx, EngineConfig.defaults().withCacheBytes(CACHE));
      Transfers.run(vertx.getOrCreateContext(), engine, 0, SIZE, source)
          .compose(outcome -> {
            ctx.verify(() -> {
              assertTrue(outcome.result().succeeded());
              assertEquals(source.sha256(0, SIZE), Digests.sha256(outcome.bytes()));
              assertEquals(CACHE / MIB, engine.cachedParts(), "the cache full, the other 21 parts evicted");
            });
            return onlyTheCacheHoldsParts(vertx, engine, ctx);
          })
          .onComplete(ctx.succeedingThenComplete());
    }));
  }

  @Test
  void theCacheReleasesWhatItReplacesRemovesAndClears() {
    PartCache cache = new PartCache(3L * MIB);
    byte[] bytes = ManualGateway.randomBytes(MIB, 3);
    Buffer first = ManualGateway.part(bytes, 0, MIB);
    cache.put(PartGeometry.part("f", 0), first);
    PartBuffers.release(first); // the reader's own reference: the cache keeps its one
    assertEquals(1, PartBuffers.refCount(first));
    Buffer second = ManualGateway.part(bytes, 0, MIB);
    cache.put(PartGeometry.part("f", 0), second);
    PartBuffers.release(second);
    assertEquals(0, PartBuffers.refCount(first), "the replaced part released");
    Buffer got = cache.acquire(PartGeometry.part("f", 0));
    assertEquals(2, PartBuffers.refCount(second), "acquire hands out a reference of its own");
    cache.remove(PartGeometry.part("f", 0));
    assertEquals(1, PartBuffers.refCount(got), "removal dropped the cache's reference, not the holder's");
    assertEquals(Buffer.buffer(bytes), got);
    PartBuffers.release(got);
    for (int i = 0; i < 3; i++) {
      Buffer p = ManualGateway.part(bytes, 0, MIB);
      cache.put(PartGeometry.part("f", i), p);
      PartBuffers.release(p);
    }
    assertEquals(3, outstanding());
    cache.clear();
    assertEquals(0, outstanding());
  }

  @Test
  void aCancelledTransferWithWritesInFlightReleasesEverythingOnceTheWritesEnd(Vertx vertx, VertxTestContext ctx) {
    SimulatedSource.create(vertx, dir, SIZE, 92, SimulatedSource.FAST).onComplete(ctx.succeeding(source -> {
      StreamEngine engine = source.engine(vertx, EngineConfig.defaults().withCacheBytes(CACHE));
      Context loop = vertx.getOrCreateContext();
      HeldWritesSink sink = new HeldWritesSink(8 * RangeWriter.SLICE_BYTES);
      long start = 3L * MIB + 12_345;
      loop.runOnContext(v -> {
        RangeTransfer t = engine.transfer(source.file, start, SIZE - start, sink);
        Await.until(vertx, Await.LIVENESS_MS, "the writer stalled on the held writes", sink::stalled)
            .compose(ms -> {
              t.cancel();
              return t.result().transform(ar -> {
                ctx.verify(() -> assertInstanceOf(CancellationException.class, ar.cause()));
                return Await.until(vertx, Await.LIVENESS_MS, "the engine idle", () -> idle(engine));
              });
            })
            .compose(ms -> {
              // The writes Netty would still be sending hold their parts: nothing of theirs was freed or reused.
              ctx.verify(() -> assertTrue(outstanding() > engine.cachedParts() || sink.pending() > 0));
              sink.completeAll(); // sent: each checks its slice's bytes at this moment
              ctx.verify(() -> assertEquals(source.sha256(start, sink.sentBytes()), sink.sentDigest(),
                  "every byte sent was still the part's when the write ended"));
              return onlyTheCacheHoldsParts(vertx, engine, ctx);
            })
            .onComplete(ctx.succeedingThenComplete());
      });
    }));
  }

  @Test
  void writesFailedByAClosedConnectionReleaseTheirParts(Vertx vertx, VertxTestContext ctx) {
    SimulatedSource.create(vertx, dir, SIZE, 93, SimulatedSource.FAST).onComplete(ctx.succeeding(source -> {
      StreamEngine engine = source.engine(vertx, EngineConfig.defaults().withCacheBytes(CACHE));
      Context loop = vertx.getOrCreateContext();
      HeldWritesSink sink = new HeldWritesSink(8 * RangeWriter.SLICE_BYTES);
      loop.runOnContext(v -> {
        RangeTransfer t = engine.transfer(source.file, 0, SIZE, sink);
        Await.until(vertx, Await.LIVENESS_MS, "the writer stalled on the held writes", sink::stalled)
            .compose(ms -> {
              sink.failAll(); // the client went away: Netty fails what it had not sent
              return t.result().transform(ar -> {
                ctx.verify(() -> assertInstanceOf(CancellationException.class, ar.cause()));
                return onlyTheCacheHoldsParts(vertx, engine, ctx);
              });
            })
            .onComplete(ctx.succeedingThenComplete());
      });
    }));
  }

  @Test
  void aTransferFailedByTheSourceReleasesThePartsItHeld(Vertx vertx, VertxTestContext ctx) {
    SimulatedSource.create(vertx, dir, SIZE, 94, SimulatedSource.FAST).onComplete(ctx.succeeding(source -> {
      BrokenSource broken = new BrokenSource(source.gateway, 10L * MIB, GatewayException.Kind.NOT_FOUND);
      StreamEngine engine = source.engine(vertx, broken, EngineConfig.defaults().withCacheBytes(CACHE));
      Transfers.run(vertx.getOrCreateContext(), engine, 0, SIZE, source)
          .compose(outcome -> {
            ctx.verify(() -> {
              assertTrue(outcome.result().failed());
              assertEquals(source.sha256(0, outcome.bytes().length()), Digests.sha256(outcome.bytes()));
            });
            return onlyTheCacheHoldsParts(vertx, engine, ctx);
          })
          .onComplete(ctx.succeedingThenComplete());
    }));
  }

  @Test
  void aReadAnsweredAfterItsTimeoutIsReleased(Vertx vertx, VertxTestContext ctx) {
    ManualGateway gateway = new ManualGateway();
    PartCache cache = new PartCache(16L * MIB);
    FetchScheduler s = new FetchScheduler(vertx, gateway, cache, new EngineCounters(), EngineConfig.defaults(), 100);
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      PieceKey key = PartGeometry.part("f", 0);
      FetchTicket ticket = s.request(key, MIB, FetchTicket.URGENT, false, context);
      Await.until(vertx, Await.LIVENESS_MS, "the retry after the timeout", () -> gateway.count() == 2)
          .compose(ms -> {
            gateway.call(1).succeed();
            return ticket.future();
          })
          .onComplete(ctx.succeeding(bytes -> ctx.verify(() -> {
            s.release(ticket);
            assertEquals(1, outstanding(), "the cached part");
            gateway.call(0).succeed(); // the hung read answers at last: dropped, and released
            assertEquals(1, outstanding(), "still only the cached part");
            cache.clear();
            assertEquals(0, outstanding());
            ctx.completeNow();
          })));
    });
  }

  @Test
  void anticipatedReadsNobodyAdoptsAreReleased(Vertx vertx, VertxTestContext ctx) {
    byte[] data = ManualGateway.randomBytes(SIZE, 95);
    ManualGateway gateway = new ManualGateway(data);
    StreamEngine engine = new StreamEngine(vertx, gateway, EngineConfig.defaults());
    vertx.getOrCreateContext().runOnContext(v -> ctx.verify(() -> {
      assertTrue(engine.anticipate(ManualGateway.FILE_ID, 0));
      gateway.call(0).succeed();
      assertEquals(1, outstanding(), "the answer waits for its transfer");
      gateway.announce(SourceChange.files(List.of(ManualGateway.FILE_ID)));
      assertEquals(0, outstanding(), "a change of the file drops it");

      assertTrue(engine.anticipate(ManualGateway.FILE_ID, 2L * MIB));
      gateway.announce(SourceChange.everything()); // dropped before it answers
      gateway.call(1).succeed();
      assertEquals(0, outstanding(), "an answer for a dropped read is released on arrival");

      assertTrue(engine.anticipate(ManualGateway.FILE_ID, 4L * MIB));
      gateway.call(2).succeed();
      assertEquals(1, outstanding());
      engine.clearCache();
      assertEquals(0, outstanding(), "clearing drops anticipated reads too");
      ctx.completeNow();
    }));
  }

  @Test
  void httpClientsThatHangUpMidBodyLeaveOnlyTheCache(Vertx vertx, VertxTestContext ctx) {
    SimulatedSource.create(vertx, dir, SIZE, 96, SimulatedSource.FAST).onComplete(ctx.succeeding(source -> {
      StreamEngine engine = source.engine(vertx, EngineConfig.defaults().withCacheBytes(CACHE));
      serve(vertx, engine, source).onComplete(ctx.succeeding(server -> {
        // No keep-alive: hanging up never closes a connection the pool already recycled for another request.
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
        List<Future<Void>> readers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          long start = i * 5L * MIB + i * 4099L;
          readers.add(hangUpAfter(client, server.actualPort(), start, SIZE - start, (i + 1) * MIB / 2));
        }
        Future<Buffer> whole = get(client, server.actualPort(), 7, SIZE - 7);
        Future.all(readers).compose(all -> whole)
            .compose(body -> {
              ctx.verify(() -> assertEquals(source.sha256(7, SIZE - 7), Digests.sha256(body)));
              return onlyTheCacheHoldsParts(vertx, engine, ctx);
            })
            .onComplete(ctx.succeedingThenComplete());
      }));
    }));
  }

  /** GET /?start=&length= streams that range; a failed transfer cuts the connection, as the real handler does. */
  private static Future<HttpServer> serve(Vertx vertx, StreamEngine engine, SimulatedSource source) {
    return vertx.createHttpServer().requestHandler(req -> {
      long start = Long.parseLong(req.getParam("start"));
      long length = Long.parseLong(req.getParam("length"));
      HttpServerResponse res = req.response().putHeader("Content-Length", Long.toString(length));
      RangeTransfer t = engine.transfer(source.file, start, length, res);
      res.closeHandler(v -> t.cancel());
      t.result().onSuccess(v -> res.end()).onFailure(err -> req.connection().close());
    }).listen(0, "127.0.0.1");
  }

  private static Future<Buffer> get(HttpClient client, int port, long start, long length) {
    return client.request(new RequestOptions().setHost("127.0.0.1").setPort(port)
            .setURI("/?start=" + start + "&length=" + length))
        .compose(req -> req.send().compose(HttpClientResponse::body));
  }

  /**
   * Reads {@code after} bytes, then stops reading and closes the connection while the server is still writing;
   * completes when the connection is closed.
   */
  private static Future<Void> hangUpAfter(HttpClient client, int port, long start, long length, long after) {
    Promise<Void> closed = Promise.promise();
    client.request(new RequestOptions().setHost("127.0.0.1").setPort(port)
            .setURI("/?start=" + start + "&length=" + length))
        .compose(req -> req.send())
        .onFailure(closed::tryFail)
        .onSuccess(res -> {
          AtomicLong received = new AtomicLong();
          res.handler(chunk -> {
            if (received.addAndGet(chunk.length()) >= after && received.get() - chunk.length() < after) {
              res.pause();
              res.request().connection().closeHandler(v -> closed.tryComplete());
              res.request().connection().close();
            }
          });
        });
    return closed.future();
  }

  /**
   * A sink that holds every write until the test ends it, as Netty holds a slice until it is on the wire: a write ended
   * as sent digests its slice at that moment, so memory released or reused too early shows up as wrong bytes (or as
   * Netty's refusal to read a released buffer).
   */
  private static final class HeldWritesSink implements WriteStream<Buffer> {

    private final int queueLimit;
    private final List<Buffer> slices = new ArrayList<>();
    private final List<Promise<Void>> writes = new ArrayList<>();
    private final MessageDigest sent = sha256();
    private long sentBytes;
    private long queued;
    private Handler<Void> drainHandler;

    HeldWritesSink(int queueLimit) {
      this.queueLimit = queueLimit;
    }

    private static MessageDigest sha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public synchronized Future<Void> write(Buffer data) {
      Promise<Void> p = Promise.promise();
      slices.add(data);
      writes.add(p);
      queued += data.length();
      return p.future();
    }

    synchronized boolean stalled() {
      return drainHandler != null;
    }

    synchronized int pending() {
      return writes.size();
    }

    void completeAll() {
      List<Promise<Void>> done;
      synchronized (this) {
        for (Buffer slice : slices) {
          sent.update(slice.getBytes());
          sentBytes += slice.length();
        }
        slices.clear();
        done = new ArrayList<>(writes);
        writes.clear();
      }
      done.forEach(Promise::complete);
    }

    void failAll() {
      List<Promise<Void>> done;
      synchronized (this) {
        slices.clear();
        done = new ArrayList<>(writes);
        writes.clear();
      }
      done.forEach(p -> p.fail("connection closed"));
    }

    synchronized long sentBytes() {
      return sentBytes;
    }

    synchronized String sentDigest() {
      try {
        return HexFormat.of().formatHex(((MessageDigest) sent.clone()).digest());
      } catch (CloneNotSupportedException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public synchronized boolean writeQueueFull() {
      return queued >= queueLimit;
    }

    @Override
    public synchronized WriteStream<Buffer> drainHandler(Handler<Void> handler) {
      this.drainHandler = handler;
      return this;
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public Future<Void> end() {
      return Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }
  }
}
