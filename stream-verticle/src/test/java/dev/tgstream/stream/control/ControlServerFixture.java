package dev.tgstream.stream.control;

import dev.tgstream.stream.StreamRoutes;
import dev.tgstream.stream.api.LocalStreamerService;
import dev.tgstream.stream.api.StreamerException;
import dev.tgstream.stream.api.StreamerService;
import dev.tgstream.stream.engine.EngineConfig;
import dev.tgstream.stream.engine.StreamEngine;
import dev.tgstream.stream.http.StreamHandler;
import dev.tgstream.stream.link.Disposition;
import dev.tgstream.stream.link.LinkSigner;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.ForwardingGateway;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.library.LibraryGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A streamer with the control API over a real library folder on a loopback port, mounted by {@link StreamRoutes} as
 * the verticles do. Two file ids fail on purpose: {@link #SOURCE_DOWN} in the gateway (the real 502 path through
 * LocalStreamerService) and {@link #BUSY} in the service (503, which only a streamer's own state produces).
 */
final class ControlServerFixture {

  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  static final String SOURCE_DOWN = "source-down";
  static final String BUSY = "streamer-busy";

  final Path library;
  final LinkSigner signer = new LinkSigner(SECRET, Clock.systemUTC());
  TelegramGateway gateway;
  HttpServer server;
  MediaFile file;
  byte[] bytes;

  ControlServerFixture(Path library) {
    this.library = library;
  }

  Future<ControlServerFixture> start(Vertx vertx) {
    try {
      bytes = new byte[300_000];
      new java.util.Random(7).nextBytes(bytes);
      Files.createDirectories(library.resolve("films"));
      Files.write(library.resolve("films/clip one.mp4"), bytes);
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    return LibraryGateway.open(vertx, library).compose(lib -> {
      gateway = new FaultyGateway(lib);
      StreamEngine engine = new StreamEngine(vertx, gateway, EngineConfig.defaults());
      StreamerService service = new BusyStreamer(new LocalStreamerService(gateway, engine, signer));
      Router router = Router.router(vertx);
      new StreamRoutes(vertx, gateway, engine, new StreamHandler(signer, gateway, engine),
          new ControlApi(service, SECRET, Clock.systemUTC())).mount(router);
      return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1");
    }).compose(s -> {
      server = s;
      return gateway.channels();
    }).compose(channels -> gateway.files(channels.get(0).id(), FileQuery.all())).map(page -> {
      file = page.items().get(0);
      return this;
    });
  }

  int port() {
    return server.actualPort();
  }

  /** Fails {@link #SOURCE_DOWN} as Telegram being unreachable would. */
  static final class FaultyGateway extends ForwardingGateway {
    FaultyGateway(TelegramGateway delegate) {
      super(delegate);
    }

    @Override
    public Future<MediaFile> file(String fileId) {
      return SOURCE_DOWN.equals(fileId)
          ? Future.failedFuture(new GatewayException(GatewayException.Kind.UNAVAILABLE, "connection reset"))
          : delegate.file(fileId);
    }
  }

  /** Answers {@link #BUSY} with UNAVAILABLE, as a streamer shedding load would. */
  static final class BusyStreamer implements StreamerService {
    private final StreamerService delegate;

    BusyStreamer(StreamerService delegate) {
      this.delegate = delegate;
    }

    private static <T> Future<T> busy() {
      return Future.failedFuture(new StreamerException(UNAVAILABLE, "the streamer is overloaded"));
    }

    @Override
    public Future<MediaFile> describe(String fileId) {
      return BUSY.equals(fileId) ? busy() : delegate.describe(fileId);
    }

    @Override
    public Future<Void> warm(String fileId) {
      return BUSY.equals(fileId) ? busy() : delegate.warm(fileId);
    }

    @Override
    public Future<String> link(String fileId, Disposition disposition, long ttlSeconds) {
      return BUSY.equals(fileId) ? busy() : delegate.link(fileId, disposition, ttlSeconds);
    }

    @Override
    public Future<JsonObject> stats() {
      return delegate.stats();
    }
  }
}
