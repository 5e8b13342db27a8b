package dev.tgstream.telegram.library;

import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.LocalCopies;
import dev.tgstream.telegram.LocalRegion;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.MetadataCache;
import dev.tgstream.telegram.SourceChange;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.simulated.SimulatedGateway;
import dev.tgstream.telegram.simulated.SimulationConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library's local regions: the described file itself, open, and only while it is still that file inside the
 * library; the simulator never offers one (every byte must pay Telegram's costs), a metadata cache passes them on.
 */
class LibraryRegionsTest {

  @TempDir
  Path temp;
  private Path lib;
  private Vertx vertx;
  private LibraryGateway gateway;
  private byte[] movie;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    lib = Files.createDirectories(temp.resolve("lib"));
    Files.createDirectories(lib.resolve("Movies"));
    movie = new byte[1_500_000];
    new Random(3).nextBytes(movie);
    Files.write(lib.resolve("Movies/movie.mp4"), movie);
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("secret.mp4"), "outside secret");
    Files.createSymbolicLink(lib.resolve("Movies/outside.mp4"), outside.resolve("secret.mp4"));
    gateway = await(LibraryGateway.open(vertx, lib));
  }

  @AfterEach
  void close() throws Exception {
    await(gateway.close());
    await(vertx.close());
  }

  @Test
  void theRegionIsTheDescribedFileWholeAndOpen() throws Exception {
    assertEquals(LocalCopies.ALL, gateway.localCopies());
    MediaFile file = await(gateway.file(LibraryIds.fileId("Movies/movie.mp4")));
    try (LocalRegion region = await(gateway.localRegion(file)).orElseThrow()) {
      assertEquals(movie.length, region.size());
      assertArrayEquals(movie, readAll(region));
    }
  }

  @Test
  void anOpenRegionKeepsItsCheckedBytesWhenTheFileIsDeletedOrReplaced() throws Exception {
    MediaFile file = await(gateway.file(LibraryIds.fileId("Movies/movie.mp4")));
    try (LocalRegion region = await(gateway.localRegion(file)).orElseThrow()) {
      replace(lib.resolve("Movies/movie.mp4"), new byte[movie.length]);
      assertArrayEquals(movie, readAll(region));
      Files.delete(lib.resolve("Movies/movie.mp4"));
      assertArrayEquals(movie, readAll(region));
    }
  }

  @Test
  void aFileThatIsNoLongerTheDescribedOneIsNotOffered() throws Exception {
    MediaFile file = await(gateway.file(LibraryIds.fileId("Movies/movie.mp4")));
    // Same size and mtime, a new inode: the content id changes, so the old description gets no region.
    replace(lib.resolve("Movies/movie.mp4"), new byte[movie.length]);
    assertTrue(await(gateway.localRegion(file)).isEmpty());
    // Grown in place: another size.
    MediaFile now = await(gateway.file(LibraryIds.fileId("Movies/movie.mp4")));
    Files.write(lib.resolve("Movies/movie.mp4"), new byte[10], java.nio.file.StandardOpenOption.APPEND);
    assertTrue(await(gateway.localRegion(now)).isEmpty());
  }

  @Test
  void aDeletedFileOrOneOutsideTheLibraryIsNotFound() throws Exception {
    MediaFile file = await(gateway.file(LibraryIds.fileId("Movies/movie.mp4")));
    Files.delete(lib.resolve("Movies/movie.mp4"));
    assertEquals(GatewayException.Kind.NOT_FOUND, failure(gateway.localRegion(file)));
    // Never described (the describe refuses it too), but a region must not trust its caller either.
    MediaFile escaping = new MediaFile(LibraryIds.fileId("Movies/outside.mp4"), file.channelId(), "outside.mp4", 14,
        "video/mp4", file.type(), Instant.EPOCH, null, null, null, null, "x", false);
    assertEquals(GatewayException.Kind.NOT_FOUND, failure(gateway.localRegion(escaping)));
  }

  @Test
  void theNextRegionOfAFileJustSentIsHandedOutAtOnceWithoutAWorkerAndAllShareOneOpenFile() throws Exception {
    MediaFile file = await(gateway.file(LibraryIds.fileId("Movies/movie.mp4")));
    LocalRegion first = await(gateway.localRegion(file)).orElseThrow();
    Future<Optional<LocalRegion>> next = gateway.localRegion(file);
    assertTrue(next.isComplete(), "a kept file needs no trip to a worker");
    LocalRegion second = next.result().orElseThrow();
    assertArrayEquals(movie, readAll(second));
    assertEquals(1, gateway.openFiles());
    first.close();
    second.close();
    assertEquals(1, gateway.openFiles(), "kept open for the next range");
    await(gateway.close());
    assertEquals(0, gateway.openFiles(), "closing the gateway lets go of every kept file");
    gateway = await(LibraryGateway.open(vertx, lib));
  }

  @Test
  void aKeptFileReplacedOrDeletedIsNotOfferedOnceTheWatcherSawTheChange() throws Exception {
    Path path = lib.resolve("Movies/movie.mp4");
    String id = LibraryIds.fileId("Movies/movie.mp4");
    MediaFile old = await(gateway.file(id));
    await(gateway.localRegion(old)).orElseThrow().close();

    byte[] fresh = new byte[movie.length];
    new Random(4).nextBytes(fresh);
    Future<SourceChange> replaced = changeOf(id);
    replace(path, fresh);
    await(replaced);
    assertTrue(await(gateway.localRegion(old)).isEmpty(), "the old description must not get the kept old file");
    MediaFile now = await(gateway.file(id));
    try (LocalRegion region = await(gateway.localRegion(now)).orElseThrow()) {
      assertArrayEquals(fresh, readAll(region));
    }

    Future<SourceChange> deleted = changeOf(id);
    Files.delete(path);
    await(deleted);
    assertEquals(GatewayException.Kind.NOT_FOUND, failure(gateway.localRegion(now)));
    assertEquals(0, gateway.openFiles(), "a deleted file is not held open");
  }

  /** The next change the gateway announces for {@code fileId}: its kept files were let go before any listener. */
  private Future<SourceChange> changeOf(String fileId) {
    io.vertx.core.Promise<SourceChange> seen = io.vertx.core.Promise.promise();
    gateway.onChange(change -> {
      if (change.affects(fileId)) {
        seen.tryComplete(change);
      }
    });
    return seen.future();
  }

  @Test
  void theSimulatorNeverOffersARegionAndAMetadataCachePassesThemOn() throws Exception {
    MediaFile file = await(gateway.file(LibraryIds.fileId("Movies/movie.mp4")));
    TelegramGateway simulated = new SimulatedGateway(vertx, gateway, SimulationConfig.DEFAULTS);
    assertEquals(LocalCopies.NONE, simulated.localCopies());
    assertTrue(await(simulated.localRegion(file)).isEmpty());
    TelegramGateway cached = new MetadataCache(gateway, Clock.systemUTC(), 60_000, 10);
    assertEquals(LocalCopies.ALL, cached.localCopies());
    try (LocalRegion region = await(cached.localRegion(file)).orElseThrow()) {
      assertArrayEquals(movie, readAll(region));
    }
    TelegramGateway cachedSimulation = new MetadataCache(simulated, Clock.systemUTC(), 60_000, 10);
    assertEquals(LocalCopies.NONE, cachedSimulation.localCopies());
    assertTrue(await(cachedSimulation.localRegion(file)).isEmpty());
  }

  private static byte[] readAll(LocalRegion region) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) region.size());
    while (buffer.hasRemaining() && region.channel().read(buffer, buffer.position()) >= 0) {
      // positional reads until full
    }
    return buffer.array();
  }

  private static void replace(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".part");
    Files.write(tmp, bytes);
    Files.setLastModifiedTime(tmp, Files.getLastModifiedTime(file));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static GatewayException.Kind failure(Future<?> future) throws Exception {
    try {
      await(future);
    } catch (ExecutionException e) {
      return GatewayException.kindOf(e.getCause());
    }
    throw new AssertionError("succeeded");
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
