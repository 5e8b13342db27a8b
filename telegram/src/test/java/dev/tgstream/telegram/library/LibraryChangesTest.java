package dev.tgstream.telegram.library;

import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.MetadataCache;
import dev.tgstream.telegram.SourceChange;
import dev.tgstream.telegram.TelegramGateway;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A library that changes under a running server, as the app wires it: the real gateway behind a {@link MetadataCache}
 * with a TTL far longer than the test. A deleted file is not found, a replaced one is described (and so cached) under
 * a new content id and read from its new bytes, a new one is listed, as soon as the watcher announces the change: each
 * test waits for that event, never for a clock.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class LibraryChangesTest {

  /** Far longer than the test: only the change announcement can make the cache forget. */
  private static final long METADATA_TTL_MS = 3_600_000;
  private static final Instant LONG_AGO = Instant.parse("2024-05-01T10:00:00Z");

  @TempDir
  Path temp;

  private Path lib;
  private LibraryGateway library;
  private TelegramGateway gateway;

  @BeforeEach
  void open(Vertx vertx, VertxTestContext ctx) {
    lib = temp.resolve("lib");
    write("Movies/keep.mp4", LibraryGatewayTest.random(10_000, 1));
    write("Movies/movie.mp4", LibraryGatewayTest.random(20_000, 2));
    LibraryGateway.open(vertx, lib).onComplete(ctx.succeeding(g -> {
      library = g;
      gateway = new MetadataCache(g, Clock.systemUTC(), METADATA_TTL_MS, 100);
      ctx.completeNow();
    }));
  }

  @AfterEach
  void close(VertxTestContext ctx) {
    gateway.close().onComplete(ctx.succeedingThenComplete());
  }

  private static String id(String relative) {
    return LibraryIds.fileId(relative);
  }

  /** Completes when the watcher announces a change naming {@code fileId}; register before changing the disk. */
  private Future<SourceChange> changeOf(String fileId) {
    Promise<SourceChange> seen = Promise.promise();
    gateway.onChange(change -> {
      if (change.affects(fileId)) {
        seen.tryComplete(change);
      }
    });
    return seen.future();
  }

  private Future<List<String>> names(String folder) {
    return gateway.files(LibraryIds.folderChannelId(folder), FileQuery.all())
        .map(page -> page.items().stream().map(MediaFile::name).sorted().toList());
  }

  @Test
  void aDeletedFileIsNotFoundAndNotListedOnceTheWatcherSaysSo(VertxTestContext ctx) {
    String movie = id("Movies/movie.mp4");
    gateway.file(movie)
        .compose(cached -> names("Movies"))
        .compose(before -> {
          ctx.verify(() -> assertEquals(List.of("keep.mp4", "movie.mp4"), before));
          Future<SourceChange> announced = changeOf(movie);
          delete("Movies/movie.mp4");
          return announced;
        })
        .compose(change -> gateway.file(movie).transform(ar -> {
          ctx.verify(() -> {
            assertTrue(ar.failed(), "described from the cache after deletion");
            assertEquals(GatewayException.Kind.NOT_FOUND, GatewayException.kindOf(ar.cause()));
          });
          return names("Movies");
        }))
        .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
          assertEquals(List.of("keep.mp4"), after);
          ctx.completeNow();
        })));
  }

  @Test
  void aFileReplacedByAMoveGetsANewContentIdEvenWithTheSameSizeAndMtime(VertxTestContext ctx) {
    String movie = id("Movies/movie.mp4");
    byte[] fresh = LibraryGatewayTest.random(20_000, 3);
    gateway.file(movie)
        .compose(before -> {
          Future<SourceChange> announced = changeOf(movie);
          // What a sync tool does: write a hidden temporary file, give it the old mtime, move it over the old one.
          Path tmp = lib.resolve("Movies/.movie.mp4.part");
          write("Movies/.movie.mp4.part", fresh);
          setMtime(tmp, before.date());
          move(tmp, lib.resolve("Movies/movie.mp4"));
          return announced.compose(change -> gateway.file(movie)).map(after -> List.of(before, after));
        })
        .compose(both -> {
          ctx.verify(() -> {
            assertEquals(both.get(0).size(), both.get(1).size());
            assertEquals(both.get(0).date(), both.get(1).date());
            assertNotEquals(both.get(0).uniqueId(), both.get(1).uniqueId(), "the content id follows the inode");
          });
          return gateway.readPart(movie, 0, 20_000);
        })
        .onComplete(ctx.succeeding(bytes -> ctx.verify(() -> {
          assertArrayEquals(fresh, bytes.getBytes());
          ctx.completeNow();
        })));
  }

  @Test
  void aFileRewrittenInPlaceGetsANewContentId(VertxTestContext ctx) {
    String movie = id("Movies/movie.mp4");
    gateway.file(movie)
        .compose(before -> {
          Future<SourceChange> announced = changeOf(movie);
          overwriteStart("Movies/movie.mp4", new byte[] {1, 2, 3, 4});
          return announced.compose(change -> gateway.file(movie)).map(after -> List.of(before, after));
        })
        .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
          assertEquals(both.get(0).size(), both.get(1).size());
          assertNotEquals(both.get(0).uniqueId(), both.get(1).uniqueId());
          assertNotEquals(both.get(0).etag(), both.get(1).etag());
          ctx.completeNow();
        })));
  }

  @Test
  void aNewFileIsListedOnceTheWatcherSaysSo(VertxTestContext ctx) {
    names("Movies")
        .compose(before -> {
          ctx.verify(() -> assertEquals(List.of("keep.mp4", "movie.mp4"), before));
          Future<SourceChange> announced = changeOf(id("Movies/new.webm"));
          write("Movies/new.webm", LibraryGatewayTest.random(500, 4));
          return announced;
        })
        .compose(change -> names("Movies"))
        .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
          assertEquals(List.of("keep.mp4", "movie.mp4", "new.webm"), after);
          ctx.completeNow();
        })));
  }

  @Test
  void aNewChannelFolderAndFilesInsideItAreSeen(VertxTestContext ctx) {
    gateway.channels()
        .compose(before -> {
          ctx.verify(() -> assertEquals(1, before.size()));
          Future<SourceChange> folder = Future.future(p -> gateway.onChange(c -> {
            if (c.all()) {
              p.tryComplete(c);
            }
          }));
          mkdir("Shows");
          return folder;
        })
        .compose(change -> {
          // The new folder is watched from its creation on: a file put in it is announced too.
          Future<SourceChange> file = changeOf(id("Shows/pilot.mkv"));
          write("Shows/pilot.mkv", LibraryGatewayTest.random(800, 5));
          return file;
        })
        .compose(change -> names("Shows"))
        .onComplete(ctx.succeeding(shows -> ctx.verify(() -> {
          assertEquals(List.of("pilot.mkv"), shows);
          ctx.completeNow();
        })));
  }

  @Test
  void aThumbnailAddedBesideAFileChangesItsDescription(VertxTestContext ctx) {
    String movie = id("Movies/movie.mp4");
    gateway.file(movie)
        .compose(before -> {
          ctx.verify(() -> assertFalse(before.hasThumbnail()));
          Future<SourceChange> announced = changeOf(movie);
          write("Movies/movie.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
          return announced.compose(change -> gateway.file(movie));
        })
        .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
          assertTrue(after.hasThumbnail(), "the sidecar's change named the file it belongs to");
          ctx.completeNow();
        })));
  }

  private void write(String relative, byte[] bytes) {
    try {
      Path file = lib.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
      // Long ago, so that a rewrite "now" has another mtime whatever the file system's timestamp granularity.
      setMtime(file, LONG_AGO);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void overwriteStart(String relative, byte[] bytes) {
    try (FileChannel channel = FileChannel.open(lib.resolve(relative), StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(bytes), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void mkdir(String relative) {
    try {
      Files.createDirectories(lib.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void delete(String relative) {
    try {
      Files.delete(lib.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void setMtime(Path file, Instant when) {
    try {
      Files.setLastModifiedTime(file, FileTime.from(when));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
