package dev.tgstream.ui.streamer;

import dev.tgstream.stream.StreamRoutes;
import dev.tgstream.stream.api.LocalStreamerService;
import dev.tgstream.stream.api.StreamerException;
import dev.tgstream.stream.api.StreamerService;
import dev.tgstream.stream.control.ControlApi;
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
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Random;
import java.util.function.Supplier;

/**
 * A streamer as role stream runs it: the real {@link StreamRoutes} with the real {@link ControlApi} over a
 * LocalStreamerService and a library folder, on a loopback port. A few file ids misbehave on purpose, each the way a
 * real streamer would: {@link #SOURCE_DOWN} fails in the source (502 through LocalStreamerService's own mapping),
 * {@link #BUSY} is refused by the streamer (503) and {@link #HANG} never answers.
 */
final class ControlStreamerServer {

  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  static final String SOURCE_DOWN = "source-down";
  static final String BUSY = "streamer-busy";
  static final String HANG = "hang";

  HttpServer server;
  MediaFile file;
  byte[] bytes;

  Future<ControlStreamerServer> start(Vertx vertx, Path library) {
    try {
      bytes = new byte[200_000];
      new Random(11).nextBytes(bytes);
      Files.createDirectories(library.resolve("films"));
      Files.write(library.resolve("films/clip.mp4"), bytes);
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    LinkSigner signer = new LinkSigner(SECRET, Clock.systemUTC());
    return LibraryGateway.open(vertx, library).compose(lib -> {
      TelegramGateway gateway = new FaultySource(lib);
      StreamEngine engine = new StreamEngine(vertx, gateway, EngineConfig.defaults());
      StreamerService local = new LocalStreamerService(gateway, engine, signer);
      Router router = Router.router(vertx);
      new StreamRoutes(vertx, gateway, engine, new StreamHandler(signer, gateway, engine),
          new ControlApi(new Misbehaving(local), SECRET, Clock.systemUTC())).mount(router);
      return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
          .compose(s -> {
            server = s;
            return gateway.channels();
          })
          .compose(channels -> gateway.files(channels.get(0).id(), FileQuery.all()))
          .map(page -> {
            file = page.items().get(0);
            return this;
          });
    });
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The library, except that {@link #SOURCE_DOWN} fails as an unreachable Telegram would. */
  private static final class FaultySource extends ForwardingGateway {
    FaultySource(TelegramGateway delegate) {
      super(delegate);
    }

    @Override
    public Future<MediaFile> file(String fileId) {
      return SOURCE_DOWN.equals(fileId)
          ? Future.failedFuture(new GatewayException(GatewayException.Kind.UNAVAILABLE, "connection reset"))
          : delegate.file(fileId);
    }
  }

  /** The real service, except that {@link #BUSY} is refused and {@link #HANG} never answers. */
  private static final class Misbehaving implements StreamerService {
    private final StreamerService local;

    Misbehaving(StreamerService local) {
      this.local = local;
    }

    private static <T> Future<T> call(String fileId, Supplier<Future<T>> real) {
      return switch (fileId) {
        case BUSY -> Future.failedFuture(new StreamerException(UNAVAILABLE, "the streamer is overloaded"));
        case HANG -> Promise.<T>promise().future();
        default -> real.get();
      };
    }

    @Override
    public Future<MediaFile> describe(String fileId) {
      return call(fileId, () -> local.describe(fileId));
    }

    @Override
    public Future<Void> warm(String fileId) {
      return call(fileId, () -> local.warm(fileId));
    }

    @Override
    public Future<String> link(String fileId, Disposition disposition, long ttlSeconds) {
      return call(fileId, () -> local.link(fileId, disposition, ttlSeconds));
    }

    @Override
    public Future<JsonObject> stats() {
      return local.stats();
    }
  }
}
