package dev.tgstream.stream.engine;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.tgstream.stream.engine.SimulatedSource.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Part buffers are released deterministically, never left to the collector: a server process ({@link ChurnServer})
 * runs under {@code -XX:MaxDirectMemorySize=32m -XX:+ExitOnOutOfMemoryError -XX:+DisableExplicitGC} (the last stops the
 * JDK's fallback of calling System.gc() when direct memory runs out, so only releases free it) with a young generation
 * large enough that no collection runs while the test churns 2 GiB of parts through its engine, 64 times the cap.
 * Real HTTP readers seek at random, read bounded and open-ended ranges, and hang up mid-body; every byte that arrives
 * is checked against the file, every complete response is complete, the server stays up, and once the readers are done
 * the part buffers outstanding are exactly the cached parts, none after the cache is cleared.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class PartBufferChurnTest {

  private static final int FILES = 4;
  private static final long FILE_SIZE = 40L * MIB + 777;
  private static final int READERS = 4;
  private static final long CHURN_BYTES = 2048L * MIB;
  private static final long DIRECT_CAP = 32L * MIB;

  @TempDir
  Path dir;

  private Process server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.destroyForcibly();
    }
  }

  @Test
  void churningFarMorePartsThanTheDirectMemoryCapHolds(Vertx vertx, VertxTestContext ctx) throws Exception {
    byte[][] files = new byte[FILES][];
    Path channel = dir.resolve("channel");
    Files.createDirectories(channel);
    for (int i = 0; i < FILES; i++) {
      files[i] = ManualGateway.randomBytes(FILE_SIZE, 700 + i);
      Files.write(channel.resolve("f" + i + ".bin"), files[i]);
    }
    // Kept after the run (the temporary folder is not): what the server said when something went wrong.
    Path log = Path.of("target", "churn-server.log");
    server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:MaxDirectMemorySize=" + DIRECT_CAP, "-XX:+ExitOnOutOfMemoryError", "-XX:+DisableExplicitGC",
        "-XX:+UseSerialGC", "-Xms512m", "-Xmx512m", "-Xmn448m",
        "-cp", System.getProperty("java.class.path"), ChurnServer.class.getName(),
        dir.toString(), "6", "4", "4")
        .redirectError(log.toFile())
        .start();
    int port = awaitPort(server);
    // No keep-alive: a connection a reader hangs up on is never one the pool already gave another request (a response
    // fully received is recycled before its last chunks reach the handler).
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false),
        new PoolOptions().setHttp1MaxSize(READERS * 2));

    AtomicLong received = new AtomicLong();
    AtomicLong complete = new AtomicLong();
    AtomicLong cut = new AtomicLong();
    List<Future<Void>> readers = new ArrayList<>();
    for (int r = 0; r < READERS; r++) {
      Random random = new Random(31 * r + 7);
      readers.add(readLoop(client, port, files, random, received, complete, cut));
    }
    Future.all(readers)
        .compose(all -> awaitIdle(vertx, client, port))
        .compose(stats -> {
          System.out.println("churn server after the readers: " + stats + "; " + complete + " responses complete, "
              + cut + " cut by their reader");
          ctx.verify(() -> {
            assertTrue(server.isAlive(), "the server survived the churn");
            assertTrue(stats.getLong("partFetches") * MIB >= CHURN_BYTES / 2,
                "parts read from disk: " + stats.getLong("partFetches") + " MiB");
            assertTrue(stats.getLong("partFetches") * MIB >= 32 * DIRECT_CAP, "far more than the cap holds");
            assertEquals(0, stats.getLong("fetchFailures"), "no read failed (no direct memory ran out)");
            assertEquals(stats.getLong("cachedParts"), stats.getLong("outstanding"),
                "the part buffers left are the cache's: " + stats);
            assertTrue(complete.get() > 0 && cut.get() > 0, complete + " complete, " + cut + " cut");
          });
          return call(client, port, HttpMethod.POST, "/clear");
        })
        .onComplete(ctx.succeeding(cleared -> ctx.verify(() -> {
          assertEquals(0, cleared.getLong("outstanding"), "none once the cache is cleared: " + cleared);
          assertTrue(server.isAlive());
          ctx.completeNow();
        })));
  }

  /** Reads random ranges until {@link #CHURN_BYTES} arrived in total (over all readers). */
  private static Future<Void> readLoop(HttpClient client, int port, byte[][] files, Random random,
                                       AtomicLong received, AtomicLong complete, AtomicLong cut) {
    if (received.get() >= CHURN_BYTES) {
      return Future.succeededFuture();
    }
    int f = random.nextInt(FILES);
    long start = random.nextInt(4) == 0 ? random.nextInt((int) (FILE_SIZE / MIB)) * (long) MIB
        : (long) (random.nextDouble() * (FILE_SIZE - 1));
    long length = random.nextBoolean() ? FILE_SIZE - start
        : 1 + (long) (random.nextDouble() * Math.min(FILE_SIZE - start - 1, 12L * MIB));
    long hangUpAt = random.nextInt(3) == 0 ? (long) (random.nextDouble() * length) : -1;
    return readRange(client, port, files[f], f, start, length, hangUpAt, received)
        .map(whole -> {
          (whole ? complete : cut).incrementAndGet();
          return null;
        })
        .compose(v -> readLoop(client, port, files, random, received, complete, cut));
  }

  /**
   * One GET; every chunk compared with the file as it arrives. Completes true when the whole range arrived, false when
   * this reader hung up at {@code hangUpAt}; fails on a wrong byte, a short body or a cut it did not make.
   */
  private static Future<Boolean> readRange(HttpClient client, int port, byte[] file, int f, long start, long length,
                                           long hangUpAt, AtomicLong received) {
    Promise<Boolean> done = Promise.promise();
    String what = "f" + f + " bytes " + start + "+" + length;
    client.request(new RequestOptions().setHost("127.0.0.1").setPort(port)
            .setURI("/f" + f + ".bin?start=" + start + "&length=" + length))
        .compose(req -> req.send())
        .onFailure(done::tryFail)
        .onSuccess(res -> {
          if (res.statusCode() != 200) {
            done.tryFail(new AssertionError(what + ": status " + res.statusCode()));
            return;
          }
          long[] at = {start};
          res.handler(chunk -> {
            if (done.future().isComplete()) {
              return;
            }
            byte[] bytes = chunk.getBytes();
            int from = (int) at[0];
            if (Arrays.mismatch(bytes, 0, bytes.length, file, from, from + bytes.length) != -1) {
              done.tryFail(new AssertionError(what + ": wrong bytes at " + at[0]));
              res.request().connection().close();
              return;
            }
            at[0] += bytes.length;
            received.addAndGet(bytes.length);
            if (hangUpAt >= 0 && at[0] - start >= hangUpAt && at[0] - start < length) {
              res.request().connection().close(); // before the next request can be given a connection
              done.tryComplete(false);
            }
          });
          res.exceptionHandler(err -> done.tryFail(new AssertionError(what + " cut at " + at[0] + ": " + err)));
          res.endHandler(v -> {
            if (at[0] - start == length) {
              done.tryComplete(true);
            } else {
              done.tryFail(new AssertionError(what + " ended at " + at[0]));
            }
          });
        });
    return done.future();
  }

  /** The server's stats once no transfer, read or queued fetch is left (hung-up responses end asynchronously). */
  private static Future<JsonObject> awaitIdle(Vertx vertx, HttpClient client, int port) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Await.LIVENESS_MS);
    Promise<JsonObject> idle = Promise.promise();
    pollIdle(vertx, client, port, deadline, idle);
    return idle.future();
  }

  private static void pollIdle(Vertx vertx, HttpClient client, int port, long deadline, Promise<JsonObject> idle) {
    call(client, port, HttpMethod.GET, "/stats").onComplete(ar -> {
      if (ar.failed()) {
        idle.fail(ar.cause());
        return;
      }
      JsonObject s = ar.result();
      // The stats request itself is no transfer; the cut responses' cancels have all landed once these are 0.
      if (s.getLong("activeTransfers") == 0 && s.getLong("partsInFlight") == 0 && s.getLong("queuedFetches") == 0
          && s.getLong("outstanding").equals(s.getLong("cachedParts"))) {
        idle.complete(s);
      } else if (System.nanoTime() > deadline) {
        idle.complete(s); // the assertions say what was left
      } else {
        vertx.setTimer(10, id -> pollIdle(vertx, client, port, deadline, idle));
      }
    });
  }

  private static Future<JsonObject> call(HttpClient client, int port, HttpMethod method, String uri) {
    return client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri))
        .compose(req -> req.send().compose(HttpClientResponse::body))
        .map(Buffer::toJsonObject);
  }

  /** Reads the child's stdout until it says its port; keeps draining it after. */
  private static int awaitPort(Process process) throws Exception {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("PORT ")) {
            port.complete(Integer.parseInt(line.substring(5).trim()));
          }
        }
        port.completeExceptionally(new IllegalStateException("the server exited with " + process.waitFor()));
      } catch (IOException | InterruptedException e) {
        port.completeExceptionally(e);
      }
    }, "churn-server-stdout");
    reader.setDaemon(true);
    reader.start();
    return port.get(60, TimeUnit.SECONDS);
  }
}
