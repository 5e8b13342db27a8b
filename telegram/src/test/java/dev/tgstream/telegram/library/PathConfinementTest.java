package dev.tgstream.telegram.library;

import dev.tgstream.telegram.Channel;
import dev.tgstream.telegram.FilePage;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.MediaFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nothing outside the library folder, and nothing hidden in it, may be listed or read, whatever the id says. */
@ExtendWith(VertxExtension.class)
class PathConfinementTest {

  @TempDir
  Path temp;
  private Path lib;
  private Path outside;
  private LibraryGateway gateway;

  @BeforeEach
  void build(Vertx vertx, VertxTestContext ctx) throws IOException {
    lib = Files.createDirectories(temp.resolve("lib"));
    outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("secret.mp4"), "outside secret");
    Files.createDirectories(lib.resolve("Movies"));
    Files.createDirectories(lib.resolve("Music"));
    Files.createDirectories(lib.resolve(".hidden"));
    Files.writeString(lib.resolve("Movies/ok.mp4"), "fine");
    Files.writeString(lib.resolve("Movies/.secret.mp4"), "hidden secret");
    Files.writeString(lib.resolve(".hidden/x.mp4"), "hidden folder secret");
    Files.writeString(lib.resolve("Music/song.mp3"), "song");
    Files.createSymbolicLink(lib.resolve("Movies/passwd.mp4"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(lib.resolve("Movies/outside.mp4"), outside.resolve("secret.mp4"));
    Files.createSymbolicLink(lib.resolve("Movies/relative.mp4"), Path.of("../../outside/secret.mp4"));
    Files.createSymbolicLink(lib.resolve("Movies/ext"), outside);
    Files.createSymbolicLink(lib.resolve("Escape"), outside);
    Files.createSymbolicLink(lib.resolve("Movies/inside.mp3"), Path.of("../Music/song.mp3"));
    Files.createSymbolicLink(lib.resolve("Movies/tohidden.mp4"), lib.resolve(".hidden/x.mp4"));
    Files.createSymbolicLink(lib.resolve("Movies/loop"), lib.resolve("Movies"));
    Files.createSymbolicLink(lib.resolve("Movies/dangling.mp4"), lib.resolve("nowhere.mp4"));
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
  void listingsSkipLinksLeadingOutsideOrIntoHiddenPlaces(VertxTestContext ctx) {
    Future<List<Channel>> channels = gateway.channels();
    Future<FilePage> movies = gateway.files("d" + LibraryIds.encode("Movies"), FileQuery.all());
    Future<FilePage> escape = gateway.files("d" + LibraryIds.encode("Escape"), FileQuery.all());
    Future.join(channels, movies, escape).onComplete(x -> ctx.verify(() -> {
      assertEquals(List.of("Movies", "Music"), channels.result().stream().map(Channel::title).toList());
      // inside.mp3 leads elsewhere inside the library: allowed. The loop is not followed into duplicates.
      assertEquals(List.of("inside.mp3", "ok.mp4"),
          movies.result().items().stream().map(MediaFile::name).sorted().toList());
      assertEquals(GatewayException.Kind.NOT_FOUND, GatewayException.kindOf(escape.cause()));
      ctx.completeNow();
    }));
  }

  @Test
  void aLinkInsideTheLibraryIsServed(VertxTestContext ctx) {
    gateway.readPart(LibraryIds.encode("Movies/inside.mp3"), 0, 100).onComplete(ctx.succeeding(b -> ctx.verify(() -> {
      assertEquals("song", b.toString());
      ctx.completeNow();
    })));
  }

  @Test
  void hostileIdsAreNotFoundEverywhere(VertxTestContext ctx) {
    Map<String, String> ids = new LinkedHashMap<>();
    for (String path : List.of(
        "../outside/secret.mp4",
        "..",
        "Movies/../../outside/secret.mp4",
        "Movies/../Music/song.mp3",
        "/etc/passwd",
        lib.resolve("Movies/ok.mp4").toString(),
        "Movies/./ok.mp4",
        "./Movies/ok.mp4",
        "Movies//ok.mp4",
        "Movies/ok.mp4/",
        "/Movies/ok.mp4",
        "Movies\\ok.mp4",
        "..\\outside\\secret.mp4",
        "Movies/ok.mp4\0",
        "Movies/ok.mp4\0.jpg",
        "Movies/passwd.mp4",
        "Movies/outside.mp4",
        "Movies/relative.mp4",
        "Movies/ext/secret.mp4",
        "Escape/secret.mp4",
        "Movies/tohidden.mp4",
        "Movies/.secret.mp4",
        ".hidden/x.mp4",
        "Movies",
        "Movies/loop",
        "Movies/ext")) {
      ids.put(path, LibraryIds.encode(path));
    }
    String canonical = LibraryIds.encode("Movies/ok.mp4");
    ids.put("raw ../", "../etc/passwd");
    ids.put("raw %2e%2e", "%2e%2e%2fetc%2fpasswd");
    ids.put("empty", "");
    ids.put("padded", canonical + "==");
    ids.put("standard alphabet", Base64.getEncoder().encodeToString("Movies/ok.mp4?>>".getBytes(StandardCharsets.UTF_8)));
    ids.put("non-canonical trailing bits", nonCanonical(canonical));
    ids.put("invalid UTF-8", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {(byte) 0xff, 'a'}));
    ids.put("overlong UTF-8 dot dot", Base64.getUrlEncoder().withoutPadding().encodeToString(
        new byte[] {(byte) 0xc0, (byte) 0xae, (byte) 0xc0, (byte) 0xae, '/', 'x'}));
    ids.put("huge", "A".repeat(20_000));

    List<String> names = new ArrayList<>(ids.keySet());
    List<Future<?>> calls = new ArrayList<>();
    for (String name : names) {
      String id = ids.get(name);
      calls.add(gateway.file(id));
      calls.add(gateway.readPart(id, 0, 4096));
      calls.add(gateway.thumbnail(id));
    }
    Future.join(calls).onComplete(x -> ctx.verify(() -> {
      for (int i = 0; i < calls.size(); i++) {
        String what = names.get(i / 3) + " via " + List.of("file", "readPart", "thumbnail").get(i % 3);
        assertTrue(calls.get(i).failed(), what + " must fail");
        assertEquals(GatewayException.Kind.NOT_FOUND, GatewayException.kindOf(calls.get(i).cause()), what);
      }
      ctx.completeNow();
    }));
  }

  @Test
  void percentEncodedNamesAreJustLiteralNamesThatDoNotExist(VertxTestContext ctx) {
    List<String> ids = List.of(
        LibraryIds.encode("%2e%2e/outside/secret.mp4"),
        LibraryIds.encode("Movies/%2e%2e/%2e%2e/outside/secret.mp4"),
        LibraryIds.encode("Movies%2Fok.mp4"),
        LibraryIds.encode("Movies%2fok.mp4"),
        LibraryIds.encode("Movies/dangling.mp4"));
    List<Future<?>> lookups = new ArrayList<>();
    List<Future<?>> reads = new ArrayList<>();
    for (String id : ids) {
      lookups.add(gateway.file(id));
      lookups.add(gateway.thumbnail(id));
      reads.add(gateway.readPart(id, 0, 10));
    }
    Future.join(lookups).eventually(() -> Future.join(reads)).onComplete(x -> ctx.verify(() -> {
      for (Future<?> lookup : lookups) {
        assertEquals(GatewayException.Kind.NOT_FOUND, GatewayException.kindOf(lookup.cause()));
      }
      for (Future<?> read : reads) {
        // Syntactically fine and inside the library, just absent: what readPart reports for a vanished file.
        assertEquals(GatewayException.Kind.FILE_CHANGED, GatewayException.kindOf(read.cause()));
      }
      ctx.completeNow();
    }));
  }

  @Test
  void safeRelativePathSyntax() {
    assertEquals(Optional.of(List.of("Movies", "sub", "a b.mp4")), LibraryPaths.segments("Movies/sub/a b.mp4"));
    assertEquals(Optional.of(List.of("%2e%2e")), LibraryPaths.segments("%2e%2e"));
    for (String bad : List.of("", "/", "/a", "a/", "a//b", ".", "..", "a/./b", "a/../b", "../a", "a\\b", "a\0b",
        ".hidden", "a/.hidden", "a/\nb", "1/2/3/4/5/6/7/8/9/10")) {
      assertTrue(LibraryPaths.segments(bad).isEmpty(), "accepted " + bad.replace("\0", "\\0"));
    }
  }

  @Test
  void idsRoundTripAndOnlyCanonicalEncodingsDecode() {
    String path = "Фильмы/ünïcode ✓/movie 1.mp4";
    String id = LibraryIds.fileId(path);
    assertTrue(id.matches("[A-Za-z0-9_-]+"), id);
    assertEquals(Optional.of(path), LibraryIds.decode(id));
    String odd = nonCanonical(LibraryIds.encode("Movies/ok.mp4"));
    assertArrayEquals("Movies/ok.mp4".getBytes(StandardCharsets.UTF_8), Base64.getUrlDecoder().decode(odd));
    assertEquals(Optional.empty(), LibraryIds.decode(odd));
    assertEquals(Optional.empty(), LibraryIds.decode(LibraryIds.encode("Movies/ok.mp4") + "="));
    assertEquals(Optional.empty(), LibraryIds.decode("a+b/"));
    assertEquals(Optional.empty(), LibraryIds.decode(null));
    assertEquals(Optional.of("Movies"), LibraryIds.folderOfChannel(LibraryIds.folderChannelId("Movies")));
    assertEquals(Optional.empty(), LibraryIds.folderOfChannel(LibraryIds.rootChannelId("lib")));
  }

  /** The same bytes with the unused low bits of the last character set: Java's decoder accepts it, we must not. */
  private static String nonCanonical(String canonical) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char last = canonical.charAt(canonical.length() - 1);
    int index = alphabet.indexOf(last);
    assertEquals(0, index & 1, "test needs an encoding whose last character has spare bits");
    return canonical.substring(0, canonical.length() - 1) + alphabet.charAt(index | 1);
  }
}
