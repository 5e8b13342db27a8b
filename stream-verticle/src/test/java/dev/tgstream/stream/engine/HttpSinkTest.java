package dev.tgstream.stream.engine;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.tgstream.stream.engine.SimulatedSource.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The engine writing into real HTTP responses over loopback: the same cached part sent to several sockets at once
 * (slices of one shared buffer), a client that reads slowly, and one that hangs up mid-body.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class HttpSinkTest {

  private static final long SIZE = 20L * MIB + 3;

  @TempDir
  Path dir;

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
    return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
            .setURI("/?start=" + start + "&length=" + length))
        .compose(req -> req.send().compose(HttpClientResponse::body));
  }

  @Test
  void concurrentResponsesOfSharedPartsCarryExactBytes(Vertx vertx, VertxTestContext ctx) {
    SimulatedSource.create(vertx, dir, SIZE, 61, SimulatedSource.FAST).onComplete(ctx.succeeding(source -> {
      StreamEngine engine = source.engine(vertx, EngineConfig.defaults());
      serve(vertx, engine, source).onComplete(ctx.succeeding(server -> {
        HttpClient client = vertx.createHttpClient();
        long[][] ranges = {{0, SIZE}, {0, SIZE}, {5L * MIB + 17, 3L * MIB}, {5L * MIB + 17, 3L * MIB}, {SIZE - 9, 9}};
        List<Future<Buffer>> bodies = new ArrayList<>();
        for (long[] r : ranges) {
          bodies.add(get(client, server.actualPort(), r[0], r[1]));
        }
        Future.all(bodies).compose(all -> {
          ctx.verify(() -> {
            for (int i = 0; i < ranges.length; i++) {
              assertEquals(source.sha256(ranges[i][0], ranges[i][1]), Digests.sha256(bodies.get(i).result()),
                  "response " + i);
            }
          });
          // Once more, now entirely from the cache: the same buffers written to new sockets.
          return get(client, server.actualPort(), 0, SIZE);
        }).onComplete(ctx.succeeding(again -> ctx.verify(() -> {
          assertEquals(source.sha256(0, SIZE), Digests.sha256(again));
          ctx.completeNow();
        })));
      }));
    }));
  }

  @Test
  void aClientThatHangsUpStopsTheWork(Vertx vertx, VertxTestContext ctx) {
    SimulatedSource.create(vertx, dir, SIZE, 62, "latency_ms=20,conn_kibps=8192,max_parallel=8")
        .onComplete(ctx.succeeding(source -> {
          StreamEngine engine = source.engine(vertx, EngineConfig.defaults());
          serve(vertx, engine, source).onComplete(ctx.succeeding(server -> {
            HttpClient client = vertx.createHttpClient();
            AtomicReference<Long> received = new AtomicReference<>(0L);
            client.request(new RequestOptions().setHost("127.0.0.1").setPort(server.actualPort())
                    .setURI("/?start=0&length=" + SIZE))
                .compose(req -> req.send())
                .onComplete(ctx.succeeding(res -> {
                  res.handler(chunk -> {
                    long total = received.updateAndGet(n -> n + chunk.length());
                    if (total >= MIB && total - chunk.length() < MIB) {
                      res.request().connection().close();
                    }
                  });
                  Await.until(vertx, Await.LIVENESS_MS, "the engine idle after the hang-up", () -> {
                    EngineStats s = engine.stats();
                    return s.activeTransfers() == 0 && s.partsInFlight() == 0 && s.queuedFetches() == 0;
                  }).onComplete(ctx.succeeding(ms -> ctx.verify(() -> {
                    EngineStats s = engine.stats();
                    assertEquals(0, s.readAheadParts());
                    ctx.completeNow();
                  })));
                }));
          }));
        }));
  }
}
