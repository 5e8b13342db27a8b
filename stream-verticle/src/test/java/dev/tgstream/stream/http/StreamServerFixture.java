package dev.tgstream.stream.http;

import dev.tgstream.stream.StreamRoutes;
import dev.tgstream.stream.api.LocalStreamerService;
import dev.tgstream.stream.engine.EngineConfig;
import dev.tgstream.stream.engine.StreamEngine;
import dev.tgstream.stream.link.Disposition;
import dev.tgstream.stream.link.LinkSigner;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.library.LibraryGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Random;
import java.util.function.UnaryOperator;

/** A streamer over a real library folder on a random loopback port, as the verticles mount it. */
final class StreamServerFixture {

  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  final Path library;
  final LinkSigner signer = new LinkSigner(SECRET, Clock.systemUTC());
  TelegramGateway gateway;
  StreamEngine engine;
  HttpServer server;

  StreamServerFixture(Path library) {
    this.library = library;
  }


  static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** New bytes of the same size and mtime, moved over the old file (a new inode): what sync tools do. */
  static void replace(Path file, byte[] bytes) {
    try {
      Path tmp = file.resolveSibling("." + file.getFileName() + ".part");
      Files.write(tmp, bytes);
      Files.setLastModifiedTime(tmp, Files.getLastModifiedTime(file));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
  /** Writes {@code size} seeded random bytes to {@code channel/name} and returns them. */
  static byte[] writeRandomFile(Path library, String channel, String name, int size, long seed) throws IOException {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    Path dir = Files.createDirectories(library.resolve(channel));
    Files.write(dir.resolve(name), bytes);
    return bytes;
  }

  Future<StreamServerFixture> start(Vertx vertx, UnaryOperator<TelegramGateway> wrap, EngineConfig config) {
    return LibraryGateway.open(vertx, library).compose(lib -> {
      gateway = wrap.apply(lib);
      engine = new StreamEngine(vertx, gateway, config);
      Router router = Router.router(vertx);
      new StreamRoutes(vertx, gateway, engine, new StreamHandler(signer, gateway, engine)).mount(router);
      return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1");
    }).map(s -> {
      server = s;
      return this;
    });
  }

  int port() {
    return server.actualPort();
  }

  /** The file of that name (first channel holding one). */
  Future<MediaFile> file(String name) {
    return gateway.channels().compose(channels -> {
      Future<MediaFile> found = Future.failedFuture("no file " + name);
      for (var channel : channels) {
        found = found.recover(err -> gateway.files(channel.id(), FileQuery.all()).compose(page -> page.items().stream()
            .filter(f -> f.name().equals(name)).findFirst()
            .map(Future::succeededFuture).orElseGet(() -> Future.failedFuture("no file " + name))));
      }
      return found;
    });
  }

  String path(MediaFile file, Disposition disposition) {
    return LocalStreamerService.streamPath(signer.sign(file.id(), 3600, disposition), file.name());
  }
}
