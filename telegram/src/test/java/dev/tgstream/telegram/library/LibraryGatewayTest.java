package dev.tgstream.telegram.library;

import dev.tgstream.telegram.Channel;
import dev.tgstream.telegram.FilePage;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.FileSort;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.MediaType;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class LibraryGatewayTest {

  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final int ALPHA_SIZE = 3 * 1024 * 1024 + 777;

  @TempDir
  Path temp;
  private Path lib;
  private byte[] alpha;
  private LibraryGateway gateway;

  @BeforeEach
  void buildLibrary(Vertx vertx, VertxTestContext ctx) throws IOException {
    lib = temp.resolve("Library Root");
    alpha = random(ALPHA_SIZE, 1);
    write("intro.pdf", random(1000, 2), T0);
    write("Movies/alpha.mp4", alpha, T0.plusSeconds(3 * 3600));
    write("Movies/alpha.jpg", "JPEG-alpha".getBytes(StandardCharsets.US_ASCII), T0);
    write("Movies/alpha.txt", "\uFEFF The Alpha Caption about Zebras \n".getBytes(StandardCharsets.UTF_8), T0);
    write("Movies/beta.mkv", random(2000, 3), T0.plusSeconds(2 * 3600));
    write("Movies/beta.mkv.png", "PNG-beta".getBytes(StandardCharsets.US_ASCII), T0);
    write("Movies/Extras/Gamma.webm", random(5000, 4), T0.plusSeconds(3600));
    write("Movies/Extras/folder.png", "PNG-folder".getBytes(StandardCharsets.US_ASCII), T0);
    write("Movies/poster.png", random(300, 5), T0.plusSeconds(4 * 3600));
    write("Movies/notes.txt", "just notes".getBytes(StandardCharsets.US_ASCII), T0);
    write("Movies/.secret.mp4", random(100, 6), T0);
    write("Movies/.cache/hidden.mp4", random(100, 7), T0);
    write("Music/song.mp3", random(4000, 8), T0);
    write(".git/config", random(10, 9), T0);
    Files.createDirectories(lib.resolve("Empty"));
    LibraryGateway.open(vertx, lib).onComplete(ctx.succeeding(g -> {
      gateway = g;
      ctx.completeNow();
    }));
  }

  @AfterEach
  void close(VertxTestContext ctx) {
    gateway.close().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void subFoldersAreChannelsAndLooseFilesFormOneNamedAfterTheLibrary(VertxTestContext ctx) {
    gateway.channels().onComplete(ctx.succeeding(channels -> ctx.verify(() -> {
      assertEquals(List.of("Library Root", "Empty", "Movies", "Music"), channels.stream().map(Channel::title).toList());
      assertEquals(List.of(1, 0, 5, 1), channels.stream().map(Channel::count).toList());
      assertEquals("r" + LibraryIds.encode("Library Root"), channels.get(0).id());
      assertEquals("d" + LibraryIds.encode("Movies"), channels.get(2).id());
      for (Channel c : channels) {
        assertTrue(c.id().matches("[A-Za-z0-9_-]+"), c.id());
      }
      ctx.completeNow();
    })));
  }

  @Test
  void channelIdsAndFileIdentityAreStableAcrossRestarts(Vertx vertx, VertxTestContext ctx) {
    Future<List<Channel>> before = gateway.channels();
    Future<FilePage> filesBefore = gateway.files(movies(), FileQuery.all());
    Future<LibraryGateway> reopened = Future.all(before, filesBefore).compose(x -> LibraryGateway.open(vertx, lib));
    reopened
        .compose(again -> Future.all(again.channels(), again.files(movies(), FileQuery.all()))
            .eventually(again::close))
        .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
          assertEquals(before.result(), after.resultAt(0));
          assertEquals(filesBefore.result(), after.resultAt(1));
          ctx.completeNow();
        })));
  }

  @Test
  void openCreatesAMissingFolder(Vertx vertx, VertxTestContext ctx) {
    Path missing = temp.resolve("new/library");
    LibraryGateway.open(vertx, missing)
        .compose(g -> g.channels().eventually(g::close))
        .onComplete(ctx.succeeding(channels -> ctx.verify(() -> {
          assertTrue(Files.isDirectory(missing));
          assertEquals(List.of(), channels);
          ctx.completeNow();
        })));
  }

  @Test
  void openFailsWhenTheLibraryIsAFile(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = Files.writeString(temp.resolve("not-a-folder"), "x");
    LibraryGateway.open(vertx, file).onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertTrue(e.getMessage().contains("LIBRARY_DIR"), e.getMessage());
      ctx.completeNow();
    })));
  }

  @Test
  void channelListsFilesRecursivelyWithSidecarsFolded(VertxTestContext ctx) {
    gateway.files(movies(), query(null, null, FileSort.NAME, null, 50))
        .onComplete(ctx.succeeding(page -> ctx.verify(() -> {
          assertEquals(List.of("alpha.mp4", "beta.mkv", "Gamma.webm", "notes.txt", "poster.png"), names(page));
          assertNull(page.next());
          MediaFile a = page.items().get(0);
          assertEquals(LibraryIds.encode("Movies/alpha.mp4"), a.id());
          assertEquals(movies(), a.channelId());
          assertEquals(ALPHA_SIZE, a.size());
          assertEquals("video/mp4", a.mime());
          assertEquals(MediaType.VIDEO, a.type());
          assertEquals(T0.plusSeconds(3 * 3600), a.date());
          assertEquals("The Alpha Caption about Zebras", a.caption());
          assertTrue(a.hasThumbnail());
          assertTrue(a.uniqueId().matches("[0-9a-f]{20}"), a.uniqueId());
          MediaFile gamma = page.items().get(2);
          assertEquals(LibraryIds.encode("Movies/Extras/Gamma.webm"), gamma.id());
          assertEquals("video/webm", gamma.mime());
          assertTrue(gamma.hasThumbnail());
          MediaFile notes = page.items().get(3);
          assertEquals(MediaType.DOCUMENT, notes.type());
          assertEquals("text/plain", notes.mime());
          assertNull(notes.caption());
          assertFalse(notes.hasThumbnail());
          MediaFile poster = page.items().get(4);
          assertEquals(MediaType.PHOTO, poster.type());
          assertTrue(poster.hasThumbnail());
          ctx.completeNow();
        })));
  }

  @Test
  void sortOrders(VertxTestContext ctx) {
    Future<FilePage> byDate = gateway.files(movies(), query(null, null, FileSort.DATE, null, 50));
    Future<FilePage> bySize = gateway.files(movies(), query(null, null, FileSort.SIZE, null, 50));
    Future<FilePage> byName = gateway.files(movies(), query(null, null, FileSort.NAME, null, 50));
    Future.all(byDate, bySize, byName).onComplete(ctx.succeeding(x -> ctx.verify(() -> {
      assertEquals(List.of("poster.png", "alpha.mp4", "beta.mkv", "Gamma.webm", "notes.txt"), names(byDate.result()));
      assertEquals(List.of("alpha.mp4", "Gamma.webm", "beta.mkv", "poster.png", "notes.txt"), names(bySize.result()));
      assertEquals(List.of("alpha.mp4", "beta.mkv", "Gamma.webm", "notes.txt", "poster.png"), names(byName.result()));
      ctx.completeNow();
    })));
  }

  @Test
  void typeFilterAndSearch(VertxTestContext ctx) {
    Future<FilePage> videos = gateway.files(movies(), query(null, MediaType.VIDEO, FileSort.NAME, null, 50));
    Future<FilePage> photos = gateway.files(movies(), query(null, MediaType.PHOTO, FileSort.NAME, null, 50));
    Future<FilePage> audio = gateway.files(movies(), query(null, MediaType.AUDIO, FileSort.NAME, null, 50));
    Future<FilePage> byCaption = gateway.files(movies(), query("zEbRa", null, FileSort.NAME, null, 50));
    Future<FilePage> byName = gateway.files(movies(), query("GAM", null, FileSort.NAME, null, 50));
    Future<FilePage> both = gateway.files(movies(), query("a", MediaType.PHOTO, FileSort.NAME, null, 50));
    Future<FilePage> none = gateway.files(movies(), query("nothing like this", null, FileSort.NAME, null, 50));
    Future.all(List.of(videos, photos, audio, byCaption, byName, both, none))
        .onComplete(ctx.succeeding(x -> ctx.verify(() -> {
          assertEquals(List.of("alpha.mp4", "beta.mkv", "Gamma.webm"), names(videos.result()));
          assertEquals(List.of("poster.png"), names(photos.result()));
          assertEquals(List.of(), names(audio.result()));
          assertEquals(List.of("alpha.mp4"), names(byCaption.result()));
          assertEquals(List.of("Gamma.webm"), names(byName.result()));
          assertEquals(List.of(), names(both.result()));
          assertEquals(List.of(), names(none.result()));
          ctx.completeNow();
        })));
  }

  @Test
  void pagingWithCursorsVisitsEveryFileOnceInOrder(VertxTestContext ctx) {
    List<String> seen = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    Function<String, Future<FilePage>> page =
        cursor -> gateway.files(movies(), query(null, null, FileSort.NAME, cursor, 2));
    collectPages(page, null, seen, pageSizes).onComplete(ctx.succeeding(x -> ctx.verify(() -> {
      assertEquals(List.of("alpha.mp4", "beta.mkv", "Gamma.webm", "notes.txt", "poster.png"), seen);
      assertEquals(List.of(2, 2, 1), pageSizes);
      ctx.completeNow();
    })));
  }

  @Test
  void tiesAreBrokenByIdSoPagingIsStable(VertxTestContext ctx) throws IOException {
    for (int i = 0; i < 7; i++) {
      write("Same/clip" + i + ".mp4", random(1234, 100 + i), T0);
    }
    String same = "d" + LibraryIds.encode("Same");
    List<Future<?>> sorts = new ArrayList<>();
    List<List<String>> results = new ArrayList<>();
    for (FileSort sort : FileSort.values()) {
      List<String> seen = new ArrayList<>();
      results.add(seen);
      sorts.add(collectPages(cursor -> gateway.files(same, query(null, null, sort, cursor, 3)), null, seen,
          new ArrayList<>()));
    }
    Future.all(sorts).onComplete(ctx.succeeding(x -> ctx.verify(() -> {
      for (List<String> seen : results) {
        assertEquals(7, seen.size(), seen.toString());
        assertEquals(7, new HashSet<>(seen).size(), seen.toString());
      }
      // Equal date and size: both orders fall back to id order, hence agree.
      assertEquals(results.get(FileSort.DATE.ordinal()), results.get(FileSort.SIZE.ordinal()));
      ctx.completeNow();
    })));
  }

  @Test
  void badAndForeignCursorsAreInvalidRequests(VertxTestContext ctx) {
    gateway.files(movies(), query(null, null, FileSort.NAME, null, 2)).compose(first -> {
      String cursor = first.next();
      List<Future<FilePage>> attempts = List.of(
          gateway.files(movies(), query(null, null, FileSort.NAME, "garbage!", 2)),
          gateway.files(movies(), query(null, null, FileSort.NAME, "Zm9v", 2)),
          gateway.files(movies(), query(null, null, FileSort.NAME, cursor.substring(0, cursor.length() - 3), 2)),
          gateway.files(movies(), query(null, null, FileSort.SIZE, cursor, 2)),
          gateway.files(movies(), query("a", null, FileSort.NAME, cursor, 2)),
          gateway.files(movies(), query(null, MediaType.VIDEO, FileSort.NAME, cursor, 2)),
          gateway.files("d" + LibraryIds.encode("Music"), query(null, null, FileSort.NAME, cursor, 2)));
      return Future.join(attempts).transform(x -> Future.succeededFuture(attempts));
    }).onComplete(ctx.succeeding(attempts -> ctx.verify(() -> {
      for (int i = 0; i < attempts.size(); i++) {
        Future<FilePage> attempt = attempts.get(i);
        assertTrue(attempt.failed(), "attempt " + i);
        assertEquals(GatewayException.Kind.INVALID_REQUEST, GatewayException.kindOf(attempt.cause()), "attempt " + i);
        assertTrue(attempt.cause().getMessage().contains("cursor"), attempt.cause().getMessage());
      }
      assertTrue(attempts.get(3).cause().getMessage().contains("another"), attempts.get(3).cause().getMessage());
      ctx.completeNow();
    })));
  }

  @Test
  void unknownChannelsAreNotFound(VertxTestContext ctx) {
    List<Future<FilePage>> attempts = List.of(
        gateway.files("d" + LibraryIds.encode("Nope"), FileQuery.all()),
        gateway.files("d" + LibraryIds.encode(".git"), FileQuery.all()),
        gateway.files("d" + LibraryIds.encode(".."), FileQuery.all()),
        gateway.files("d" + LibraryIds.encode("Movies/Extras"), FileQuery.all()),
        gateway.files("d" + LibraryIds.encode("intro.pdf"), FileQuery.all()),
        gateway.files("x" + LibraryIds.encode("Movies"), FileQuery.all()),
        gateway.files("r", FileQuery.all()),
        gateway.files("d", FileQuery.all()),
        gateway.files("", FileQuery.all()));
    Future.join(attempts).onComplete(x -> ctx.verify(() -> {
      for (int i = 0; i < attempts.size(); i++) {
        assertTrue(attempts.get(i).failed(), "attempt " + i);
        assertEquals(GatewayException.Kind.NOT_FOUND, GatewayException.kindOf(attempts.get(i).cause()), "attempt " + i);
      }
      ctx.completeNow();
    }));
  }

  @Test
  void looseFilesChannel(VertxTestContext ctx) {
    gateway.files("r" + LibraryIds.encode("Library Root"), FileQuery.all())
        .onComplete(ctx.succeeding(page -> ctx.verify(() -> {
          assertEquals(List.of("intro.pdf"), names(page));
          assertEquals("application/pdf", page.items().get(0).mime());
          assertEquals(LibraryIds.encode("intro.pdf"), page.items().get(0).id());
          ctx.completeNow();
        })));
  }

  @Test
  void fileLookupDescribesLikeTheListing(VertxTestContext ctx) {
    gateway.files(movies(), FileQuery.all())
        .compose(page -> Future.all(page.items().stream().map(f -> gateway.file(f.id())).toList())
            .map(all -> List.of(page.items(), all.<MediaFile>list())))
        .onComplete(ctx.succeeding(pair -> ctx.verify(() -> {
          assertEquals(pair.get(0), pair.get(1));
          ctx.completeNow();
        })));
  }

  @Test
  void readPartReturnsExactBytesAtAnyOffsetIncludingTheTail(VertxTestContext ctx) {
    String id = LibraryIds.encode("Movies/alpha.mp4");
    long[][] reads = {{0, 1024 * 1024}, {1, 10}, {4096, 65536}, {1024 * 1024, 1024 * 1024},
        {ALPHA_SIZE - 777, 1024 * 1024}, {ALPHA_SIZE - 1, 1}, {ALPHA_SIZE - 1, 4096}, {12345, 3 * 1024 * 1024}};
    List<Future<Buffer>> parts = new ArrayList<>();
    for (long[] r : reads) {
      parts.add(gateway.readPart(id, r[0], (int) r[1]));
    }
    Future.all(parts).onComplete(ctx.succeeding(x -> ctx.verify(() -> {
      for (int i = 0; i < reads.length; i++) {
        int from = (int) reads[i][0];
        int to = (int) Math.min(ALPHA_SIZE, reads[i][0] + reads[i][1]);
        assertEquals(sha256(Arrays.copyOfRange(alpha, from, to)), sha256(parts.get(i).result().getBytes()),
            "read " + i);
      }
      assertEquals(777, parts.get(4).result().length());
      ctx.completeNow();
    })));
  }

  @Test
  void manyPartsReadInParallelReassembleTheFile(VertxTestContext ctx) {
    String id = LibraryIds.encode("Movies/alpha.mp4");
    int part = 128 * 1024;
    List<Future<Buffer>> parts = new ArrayList<>();
    for (long offset = 0; offset < ALPHA_SIZE; offset += part) {
      parts.add(gateway.readPart(id, offset, part));
    }
    Future.all(parts).onComplete(ctx.succeeding(x -> ctx.verify(() -> {
      Buffer whole = Buffer.buffer();
      parts.forEach(p -> whole.appendBuffer(p.result()));
      assertEquals(sha256(alpha), sha256(whole.getBytes()));
      ctx.completeNow();
    })));
  }

  @Test
  void badReadArgumentsAreInvalidRequests(VertxTestContext ctx) {
    String id = LibraryIds.encode("Movies/alpha.mp4");
    List<Future<Buffer>> attempts = List.of(
        gateway.readPart(id, -1, 10),
        gateway.readPart(id, 0, 0),
        gateway.readPart(id, 0, -5),
        gateway.readPart(id, ALPHA_SIZE, 10),
        gateway.readPart(id, ALPHA_SIZE + 4096L, 10));
    Future.join(attempts).onComplete(x -> ctx.verify(() -> {
      for (int i = 0; i < attempts.size(); i++) {
        assertTrue(attempts.get(i).failed(), "attempt " + i);
        assertEquals(GatewayException.Kind.INVALID_REQUEST, GatewayException.kindOf(attempts.get(i).cause()),
            "attempt " + i);
      }
      assertTrue(attempts.get(3).cause().getMessage().startsWith("offset past end"));
      ctx.completeNow();
    }));
  }

  @Test
  void shrinkingOrDeletingAFileMidwayFailsInsteadOfHanging(VertxTestContext ctx) {
    String id = LibraryIds.encode("Movies/alpha.mp4");
    Path file = lib.resolve("Movies/alpha.mp4");
    gateway.readPart(id, 0, 4096)
        .compose(first -> {
          truncate(file, 2 * 1024 * 1024 + 10);
          return Future.join(gateway.readPart(id, 2 * 1024 * 1024, 65536),
              gateway.readPart(id, 3 * 1024 * 1024, 65536).recover(e -> {
                ctx.verify(() -> {
                  assertEquals(GatewayException.Kind.INVALID_REQUEST, GatewayException.kindOf(e));
                  assertTrue(e.getMessage().startsWith("offset past end"), e.getMessage());
                });
                return Future.succeededFuture(Buffer.buffer("checked"));
              }));
        })
        .compose(both -> {
          ctx.verify(() -> {
            assertEquals(sha256(Arrays.copyOfRange(alpha, 2 * 1024 * 1024, 2 * 1024 * 1024 + 10)),
                sha256(both.<Buffer>resultAt(0).getBytes()));
            assertEquals("checked", both.<Buffer>resultAt(1).toString());
          });
          delete(file);
          return gateway.readPart(id, 0, 4096);
        })
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertEquals(GatewayException.Kind.FILE_CHANGED, GatewayException.kindOf(e));
          ctx.completeNow();
        })));
  }

  @Test
  void thumbnailsComeFromSidecarsOrTheImageItself(VertxTestContext ctx) {
    Future<dev.tgstream.telegram.Thumbnail> alphaThumb = gateway.thumbnail(LibraryIds.encode("Movies/alpha.mp4"));
    Future<dev.tgstream.telegram.Thumbnail> betaThumb = gateway.thumbnail(LibraryIds.encode("Movies/beta.mkv"));
    Future<dev.tgstream.telegram.Thumbnail> gammaThumb =
        gateway.thumbnail(LibraryIds.encode("Movies/Extras/Gamma.webm"));
    Future<dev.tgstream.telegram.Thumbnail> posterThumb = gateway.thumbnail(LibraryIds.encode("Movies/poster.png"));
    Future<dev.tgstream.telegram.Thumbnail> none = gateway.thumbnail(LibraryIds.encode("Movies/notes.txt"));
    Future<dev.tgstream.telegram.Thumbnail> missing = gateway.thumbnail(LibraryIds.encode("Movies/nope.mp4"));
    Future.join(List.of(alphaThumb, betaThumb, gammaThumb, posterThumb, none, missing))
        .onComplete(x -> ctx.verify(() -> {
          assertEquals("JPEG-alpha", alphaThumb.result().bytes().toString());
          assertEquals("image/jpeg", alphaThumb.result().mime());
          assertEquals("PNG-beta", betaThumb.result().bytes().toString());
          assertEquals("image/png", betaThumb.result().mime());
          assertEquals("PNG-folder", gammaThumb.result().bytes().toString());
          assertEquals(sha256(Files.readAllBytes(lib.resolve("Movies/poster.png"))),
              sha256(posterThumb.result().bytes().getBytes()));
          assertEquals(GatewayException.Kind.NOT_FOUND, GatewayException.kindOf(none.cause()));
          assertEquals(GatewayException.Kind.NOT_FOUND, GatewayException.kindOf(missing.cause()));
          ctx.completeNow();
        }));
  }

  @Test
  void uniqueIdChangesWhenTheFileChanges(VertxTestContext ctx) {
    String id = LibraryIds.encode("Music/song.mp3");
    gateway.file(id)
        .compose(before -> {
          write("Music/song.mp3", random(4000, 12), T0.plusSeconds(60));
          return gateway.file(id).map(after -> List.of(before, after));
        })
        .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
          assertNotEquals(both.get(0).uniqueId(), both.get(1).uniqueId());
          assertNotEquals(both.get(0).etag(), both.get(1).etag());
          assertEquals(both.get(0).size(), both.get(1).size());
          ctx.completeNow();
        })));
  }

  @Test
  void filesDeeperThanEightLevelsInAChannelAreLeftOut(VertxTestContext ctx) throws IOException {
    write("Deep/1/2/3/4/5/6/7/at-depth-8.mp4", random(10, 13), T0);
    write("Deep/1/2/3/4/5/6/7/8/at-depth-9.mp4", random(10, 14), T0);
    gateway.files("d" + LibraryIds.encode("Deep"), FileQuery.all())
        .compose(page -> {
          ctx.verify(() -> assertEquals(List.of("at-depth-8.mp4"), names(page)));
          return gateway.file(LibraryIds.encode("Deep/1/2/3/4/5/6/7/8/at-depth-9.mp4"));
        })
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertEquals(GatewayException.Kind.NOT_FOUND, GatewayException.kindOf(e));
          ctx.completeNow();
        })));
  }

  @Test
  void longCaptionsAreCutAtFourKibibytes(VertxTestContext ctx) throws IOException {
    write("Music/long.mp3", random(10, 15), T0);
    write("Music/long.txt", "é".repeat(5000).getBytes(StandardCharsets.UTF_8), T0);
    gateway.file(LibraryIds.encode("Music/long.mp3")).onComplete(ctx.succeeding(file -> ctx.verify(() -> {
      assertEquals("é".repeat(2048), file.caption());
      ctx.completeNow();
    })));
  }

  // ---- helpers ----

  private String movies() {
    return "d" + LibraryIds.encode("Movies");
  }

  private static FileQuery query(String text, MediaType type, FileSort sort, String cursor, int limit) {
    return new FileQuery(text, type, sort, cursor, limit);
  }

  private static List<String> names(FilePage page) {
    return page.items().stream().map(MediaFile::name).toList();
  }

  private static Future<Void> collectPages(Function<String, Future<FilePage>> page, String cursor, List<String> seen,
      List<Integer> pageSizes) {
    return page.apply(cursor).compose(p -> {
      p.items().forEach(f -> seen.add(f.name()));
      pageSizes.add(p.items().size());
      return p.next() == null ? Future.succeededFuture() : collectPages(page, p.next(), seen, pageSizes);
    });
  }

  private void write(String relative, byte[] bytes, Instant mtime) {
    try {
      Path file = lib.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
      Files.setLastModifiedTime(file, FileTime.from(mtime));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void truncate(Path file, long size) {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(size);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
