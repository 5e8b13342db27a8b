package dev.tgstream.stream.engine;

import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.library.LibraryGateway;
import dev.tgstream.telegram.simulated.SimulatedGateway;
import dev.tgstream.telegram.simulated.SimulationConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The source the engine tests read: a seeded random file in a library folder, served by {@link LibraryGateway} behind
 * {@link SimulatedGateway}, so every read the engine makes must obey Telegram's alignment rules.
 */
final class SimulatedSource {

  static final int MIB = 1024 * 1024;
  /** Fast enough for unit tests, slow enough that fetches overlap and queue. */
  static final String FAST = "latency_ms=5,conn_kibps=65536,max_parallel=8";

  final LibraryGateway library;
  final SimulatedGateway gateway;
  final MediaFile file;
  final byte[] data;
  final Path path;

  private SimulatedSource(LibraryGateway library, SimulatedGateway gateway, MediaFile file, byte[] data, Path path) {
    this.library = library;
    this.gateway = gateway;
    this.file = file;
    this.data = data;
    this.path = path;
  }

  /** Writes {@code size} seeded random bytes to {@code dir}/channel/sample.bin and opens it behind the simulator. */
  static Future<SimulatedSource> create(Vertx vertx, Path dir, long size, long seed, String simulation) {
    byte[] data = new byte[Math.toIntExact(size)];
    new Random(seed).nextBytes(data);
    Path path = dir.resolve("channel").resolve("sample.bin");
    try {
      Files.createDirectories(path.getParent());
      Files.write(path, data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return LibraryGateway.open(vertx, dir).compose(library -> library.channels()
        .compose(channels -> library.files(channels.get(0).id(), FileQuery.all()))
        .map(page -> {
          MediaFile file = page.items().stream().filter(f -> f.name().equals("sample.bin")).findFirst()
              .orElseThrow(() -> new IllegalStateException("sample.bin not listed"));
          SimulatedGateway sim = new SimulatedGateway(vertx, library, SimulationConfig.parse(simulation));
          return new SimulatedSource(library, sim, file, data, path);
        }));
  }

  /** The same source behind another gateway (e.g. a fault-injecting wrapper of {@link #gateway}). */
  StreamEngine engine(Vertx vertx, TelegramGateway through, EngineConfig config) {
    return new StreamEngine(vertx, through, config);
  }

  StreamEngine engine(Vertx vertx, EngineConfig config) {
    return new StreamEngine(vertx, gateway, config);
  }

  /** SHA-256 of the source bytes [start, start + length). */
  String sha256(long start, long length) {
    return Digests.sha256(data, (int) start, (int) length);
  }
}
