package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.LocalCopies;
import dev.tgstream.telegram.LocalRegion;
import dev.tgstream.telegram.MediaFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.tgstream.telegram.tdlib.DoubleFixtures.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TDLib's gateway offers a file's local copy only once its whole download is on disk, and only for the content
 * described: against the TDLib test double.
 */
@ExtendWith(VertxExtension.class)
class CompletedDownloadsTest {

  static final String MOVIES = TdlibIds.channelId(MOVIES_CHAT);

  @TempDir
  Path temp;
  private byte[] film;
  private GatewayOnDouble g;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    Path movies = temp.resolve("movies");
    film = write(movies, "a-film.mp4", 3 * MIB + 5000, 1);
    write(movies, "b-clip.mp4", 2 * MIB, 2);
    TdJsonDouble td = TdJsonDouble.builder().channel(MOVIES_CHAT, "doublemovies", "Movies", movies)
        .user(PHONE, CODE, PASSWORD).build();
    g = await(GatewayOnDouble.start(vertx, td, temp.resolve("data"), true, List.of(),
        TdlibSettings.of(List.of(Long.toString(MOVIES_CHAT))), b -> b));
  }

  @AfterEach
  void stop() throws Exception {
    await(g.close());
  }

  @Test
  void theLocalCopyIsOfferedOnceTheWholeFileIsDownloaded() throws Exception {
    assertEquals(LocalCopies.SOME, g.gateway.localCopies());
    MediaFile file = await(g.gateway.file(MOVIES + "m1"));
    assertEquals(film.length, file.size());
    assertTrue(await(g.gateway.localRegion(file)).isEmpty(), "nothing downloaded yet");

    await(g.gateway.readPart(file.id(), 0, MIB));
    assertTrue(await(g.gateway.localRegion(file)).isEmpty(), "one part only");

    List<Future<?>> rest = new ArrayList<>();
    for (long offset = MIB; offset < film.length; offset += MIB) {
      rest.add(g.gateway.readPart(file.id(), offset, MIB));
    }
    await(Future.all(rest));
    try (LocalRegion region = await(g.gateway.localRegion(file)).orElseThrow()) {
      assertEquals(film.length, region.size());
      assertArrayEquals(film, readAll(region));
    }
  }

  @Test
  void theNextRangesOfAFileJustSentFromItsDownloadAskTdlibNothingAndShareTheOpenFile() throws Exception {
    MediaFile file = downloadWhole(MOVIES + "m1");
    LocalRegion first = await(g.gateway.localRegion(file)).orElseThrow();
    long getFiles = g.td.counters().get("request:getFile");
    long messages = g.td.counters().get("request:getMessage");
    Future<Optional<LocalRegion>> next = g.gateway.localRegion(file);
    assertTrue(next.isComplete(), "a download just sent is kept open: no TDLib request, no worker");
    try (LocalRegion second = next.result().orElseThrow()) {
      assertEquals(getFiles, g.td.counters().get("request:getFile"));
      assertEquals(messages, g.td.counters().get("request:getMessage"));
      first.close(); // the second region keeps the shared file readable
      assertArrayEquals(film, readAll(second));
    }
  }

  @Test
  void anotherContentThanTheDescribedOneGetsNoRegion() throws Exception {
    MediaFile file = downloadWhole(MOVIES + "m1");
    MediaFile other = new MediaFile(file.id(), file.channelId(), file.name(), file.size(), file.mime(), file.type(),
        file.date(), file.caption(), file.duration(), file.width(), file.height(), "another-content",
        file.hasThumbnail());
    assertEquals(Optional.empty(), await(g.gateway.localRegion(other)));
  }

  /** Reads every part of the file through the gateway, so its TDLib download is complete; returns its description. */
  private MediaFile downloadWhole(String fileId) throws Exception {
    MediaFile file = await(g.gateway.file(fileId));
    List<Future<?>> parts = new ArrayList<>();
    for (long offset = 0; offset < file.size(); offset += MIB) {
      parts.add(g.gateway.readPart(file.id(), offset, MIB));
    }
    await(Future.all(parts));
    return file;
  }

  private static byte[] readAll(LocalRegion region) throws java.io.IOException {
    ByteBuffer all = ByteBuffer.allocate((int) region.size());
    while (all.hasRemaining() && region.channel().read(all, all.position()) >= 0) {
      // positional reads until full
    }
    return all.array();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
