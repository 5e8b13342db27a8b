package dev.tgstream.app;

import dev.tgstream.stream.StreamRoutes;
import dev.tgstream.stream.engine.EngineConfig;
import dev.tgstream.stream.engine.StreamEngine;
import dev.tgstream.stream.http.MalformedPathGuard;
import dev.tgstream.stream.http.StreamHandler;
import dev.tgstream.stream.link.Disposition;
import dev.tgstream.stream.link.LinkSigner;
import dev.tgstream.telegram.Channel;
import dev.tgstream.telegram.FilePage;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.MediaType;
import dev.tgstream.telegram.MetadataCache;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.Thumbnail;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * Runs the stream request path end to end on a synthetic in-memory file before the service listens, so that the
 * first real request of a fresh process (a Render service woken from sleep) does not pay for class loading, lambda
 * and string-concatenation bootstraps, record methods and the first pass through the HTTP codec, the router, link
 * verification, range evaluation, the engine and the response writer.
 *
 * <p>Nothing of it can be seen from outside: it runs on a Vertx of its own without metrics, on a loopback port opened
 * and closed here, with a throw-away link secret (its link is valid nowhere else), its own engine (not bound to the
 * engine meters) and a gateway that holds one synthetic file in memory (the real backend is never called, so nothing
 * shows in listings or stats), and its handler prints no access lines. A warm-up that fails or hangs is logged and
 * otherwise ignored: it never costs more than about {@link #TIME_LIMIT_MS} of start-up. On a host that grants less than
 * {@link #MIN_CPUS} it does not run at all: there it cost more start-up than it saved the first request.
 */
final class RequestPathWarmUp {

  private static final Logger LOG = LoggerFactory.getLogger(RequestPathWarmUp.class);

  static final long TIME_LIMIT_MS = 3_000;
  /**
   * The least CPU the warm-up is worth it on. It takes about half a CPU-second; with the AppCDS archive it saves the
   * first request 15–25 ms on two cores. Under a quota of 0.1 CPU (Render's free instances) it ran into its limit
   * after 4.5–5 s every time, and the first byte came later from the container's start (median 14.9 s with it, 13.5 s
   * without, 5 runs each with `podman run --cpus 0.1`), although the first request alone was faster (0.4 s against
   * 1.0 s): the port opens seconds sooner. With C1 only, as the image runs there now: ready at 10.7 s and first byte
   * 0.30 s later with it, 9.5 s and 0.69 s without (`bash bench/run.sh --only render`, 5 runs each).
   */
  static final double MIN_CPUS = 1.0;
  static final String PREFIX = "/warm-up";
  static final String FILE_ID = "warm-up";
  /**
   * A whole part and a short last one: the head piece, the rest of its part, read-ahead and an unaligned end all run.
   * Small on purpose: every byte moved here is heap and pooled direct memory the process keeps for a while.
   */
  static final long FILE_SIZE = TelegramGateway.MAX_PART + 12_345;
  /** The ranges players ask for first: from the start, and a seek (the 90 % case of a player resuming). */
  static final List<Long> RANGE_STARTS = List.of(0L, TelegramGateway.MAX_PART + 4_321L);
  private static final int SOCKET_TIMEOUT_MS = 2_000;

  private RequestPathWarmUp() {
  }

  /**
   * As {@link #run(EngineConfig)}, unless the host grants less than {@link #MIN_CPUS} (its cgroup's {@code cpuQuota}):
   * then it is skipped, and says so.
   */
  static Future<Void> run(EngineConfig engineConfig, OptionalDouble cpuQuota) {
    if (cpuQuota.isPresent() && cpuQuota.getAsDouble() < MIN_CPUS) {
      LOG.info("request path warm-up skipped: the CPU quota is {} CPU, where it would hold the port for seconds to "
          + "save a fraction of one on the first request", String.format(Locale.ROOT, "%.2f", cpuQuota.getAsDouble()));
      return Future.succeededFuture();
    }
    return run(engineConfig);
  }

  /**
   * Warms the path with the engine settings the service will use; always succeeds (a failure is only logged), within
   * about {@link #TIME_LIMIT_MS}.
   */
  static Future<Void> run(EngineConfig engineConfig) {
    long started = System.nanoTime();
    return attempt(engineConfig)
        .map(bytes -> {
          LOG.info("request path warmed in {} ms ({} requests on a synthetic in-memory file)",
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), RANGE_STARTS.size());
          return (Void) null;
        })
        .otherwise(err -> {
          LOG.warn("request path warm-up skipped after {} ms: {}",
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), err.toString());
          return null;
        });
  }

  /**
   * The warm-up itself: the body bytes the synthetic requests received (all of them, or it fails), within
   * {@link #TIME_LIMIT_MS}. Its Vertx is closed once it ends; the caller does not wait for the threads to go.
   */
  static Future<Long> attempt(EngineConfig engineConfig) {
    Vertx warm = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
        .setInternalBlockingPoolSize(1)
        .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
    Promise<Long> done = Promise.promise();
    requests(warm, engineConfig)
        .timeout(TIME_LIMIT_MS, TimeUnit.MILLISECONDS)
        .onComplete(ar -> {
          warm.close();
          done.handle(ar);
        });
    return done.future();
  }

  private static Future<Long> requests(Vertx warm, EngineConfig engineConfig) {
    TelegramGateway gateway = new MetadataCache(new SyntheticGateway(warm), Clock.systemUTC(),
        Backends.METADATA_TTL_MS, 16);
    StreamEngine engine = new StreamEngine(warm, gateway, engineConfig.withCacheBytes(FILE_SIZE * 2));
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    LinkSigner signer = new LinkSigner(secret, Clock.systemUTC());
    String path = PREFIX + "/" + signer.sign(FILE_ID, 300, Disposition.INLINE) + "/warm-up.mp4";
    Router router = Router.router(warm);
    StreamHandler.mount(router, PREFIX, new StreamHandler(signer, gateway, engine).withoutAccessLog());
    return warm.createHttpServer(new HttpServerOptions().setIdleTimeout(StreamRoutes.IDLE_TIMEOUT_SECONDS))
        .requestHandler(new MalformedPathGuard(router))
        .listen(0, InetAddress.getLoopbackAddress().getHostAddress())
        .compose(server -> warm.executeBlocking(() -> {
          long bytes = 0;
          for (long start : RANGE_STARTS) {
            bytes += get(server, path, start);
          }
          return bytes;
        }).eventually(server::close));
  }

  /**
   * One GET with {@code Range: bytes=start-} on a new connection, read to its end: the body's length, which must be
   * the whole rest of the file after a 206.
   */
  private static long get(HttpServer server, String path, long start) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.actualPort()), SOCKET_TIMEOUT_MS);
      socket.setSoTimeout(SOCKET_TIMEOUT_MS);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nRange: bytes=" + start
          + "-\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String status = headEnd(in);
      long body = in.transferTo(OutputStream.nullOutputStream());
      if (!status.startsWith("HTTP/1.1 206") || body != FILE_SIZE - start) {
        throw new IOException("the warm-up request for bytes=" + start + "- got '" + status + "' and " + body
            + " bytes of body, not 206 and " + (FILE_SIZE - start));
      }
      return body;
    }
  }

  /** Reads the response head up to its blank line; returns its status line. */
  private static String headEnd(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (head.length() < 16_384 && (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n"))) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    int eol = head.indexOf("\r\n");
    return eol < 0 ? head.toString() : head.substring(0, eol);
  }

  /** One file, answered from memory: the part reads come a moment after the describe, as a real source's would. */
  private static final class SyntheticGateway implements TelegramGateway {

    private final Vertx vertx;
    private final MediaFile file = new MediaFile(FILE_ID, FILE_ID, "warm-up.mp4", FILE_SIZE, "video/mp4",
        MediaType.VIDEO, Instant.now(), null, null, null, null, FILE_ID, false);

    SyntheticGateway(Vertx vertx) {
      this.vertx = vertx;
    }

    @Override
    public Future<List<Channel>> channels() {
      return Future.succeededFuture(List.of());
    }

    @Override
    public Future<FilePage> files(String channelId, FileQuery query) {
      return Future.failedFuture(GatewayException.notFound("no channel " + channelId));
    }

    @Override
    public Future<MediaFile> file(String fileId) {
      return FILE_ID.equals(fileId) ? Future.succeededFuture(file)
          : Future.failedFuture(GatewayException.notFound("no file " + fileId));
    }

    @Override
    public Future<Buffer> readPart(String fileId, long offset, int length) {
      if (!FILE_ID.equals(fileId) || offset < 0 || offset >= FILE_SIZE) {
        return Future.failedFuture(GatewayException.invalid("no such part"));
      }
      int n = (int) Math.min(length, FILE_SIZE - offset);
      Promise<Buffer> promise = Promise.promise();
      vertx.setTimer(1, id -> promise.complete(Buffer.buffer(new byte[n])));
      return promise.future();
    }

    @Override
    public Future<Thumbnail> thumbnail(String fileId) {
      return Future.failedFuture(GatewayException.notFound("no thumbnail"));
    }
  }
}
