package dev.tgstream.telegram.tdlib;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.tgstream.telegram.tdlib.ChannelPostIndexTest.names;
import static dev.tgstream.telegram.tdlib.IndexFixtures.CHAT;
import static dev.tgstream.telegram.tdlib.IndexFixtures.message;
import static dev.tgstream.telegram.tdlib.IndexFixtures.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class PostIndexFileTest {

  @TempDir
  Path dir;

  /** Long enough that only flush() writes during a test: saves are then observable, not timed. */
  static final long NO_TIMED_SAVE = 3_600_000;

  @Test
  void anAbsentFileIsAnEmptyIndexAndTheFolderIsMade(Vertx vertx, VertxTestContext ctx) {
    Path path = dir.resolve("sub/post-index.json");
    PostIndexFile.open(vertx, path, NO_TIMED_SAVE).onComplete(ctx.succeeding(store -> ctx.verify(() -> {
      assertEquals(0, store.index().count(CHAT));
      assertTrue(Files.isDirectory(path.getParent()));
      ctx.completeNow();
    })));
  }

  @Test
  void everythingSurvivesAReopen(Vertx vertx, VertxTestContext ctx) {
    Path path = dir.resolve("post-index.json");
    IndexedPost film = post(message(CHAT, 3, "film.mkv", "video/x-matroska", 123_456_789_012L, "a caption"));
    PostIndexFile.open(vertx, path, NO_TIMED_SAVE).compose(store -> {
      store.index().record(CHAT, 3, film);
      store.index().record(CHAT, 9, post(9, "song.mp3", "audio/mpeg"));
      store.index().skip(CHAT, 5);
      store.index().observe(CHAT, 20);
      store.index().observe(-1009L, 4);
      return store.close();
    }).compose(v -> PostIndexFile.open(vertx, path, NO_TIMED_SAVE)).onComplete(ctx.succeeding(reopened ->
        ctx.verify(() -> {
          ChannelPostIndex index = reopened.index();
          assertEquals(List.of("song.mp3", "film.mkv"), names(index.search(CHAT, null, null, 0, 10)));
          assertEquals(film, index.post(CHAT, 3));
          assertEquals(List.of(20L, 19L, 18L), index.unchecked(CHAT, 3));
          assertEquals(List.of(8L, 7L, 6L, 4L), index.unchecked(CHAT, 15).subList(11, 15),
              "3, 5 and 9 stay checked");
          assertEquals(List.of(4L, 3L, 2L, 1L), index.unchecked(-1009L, 10));
          assertFalse(Files.exists(Path.of(path + ".tmp")), "the temp file was renamed");
          ctx.completeNow();
        })));
  }

  @Test
  void aStoredPostThatNoLongerMapsStaysCheckedButUnlisted(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path path = dir.resolve("post-index.json");
    Files.writeString(path, "{\"version\":1,\"channels\":{\"" + CHAT + "\":{\"highest\":2,\"checked\":[],"
        + "\"posts\":[{\"id\":2,\"message\":" + io.vertx.core.json.Json.encode(IndexFixtures.text(CHAT, 2).encode())
        + "}]}}}");
    PostIndexFile.open(vertx, path, NO_TIMED_SAVE).onComplete(ctx.succeeding(store -> ctx.verify(() -> {
      assertEquals(0, store.index().count(CHAT));
      assertEquals(List.of(1L), store.index().unchecked(CHAT, 10));
      ctx.completeNow();
    })));
  }

  @Test
  void aChangeIsSavedAfterTheDelayWithoutAFlush(Vertx vertx, VertxTestContext ctx) {
    Path path = dir.resolve("post-index.json");
    PostIndexFile.open(vertx, path, 1).onComplete(ctx.succeeding(store -> {
      store.index().record(CHAT, 1, post(1, "a.mp4", "video/mp4"));
      // Poll the disk through the event loop (no sleeps): the debounced save lands on its own.
      long timer = vertx.setPeriodic(5, id -> {
        if (Files.exists(path)) {
          vertx.cancelTimer(id);
          PostIndexFile.open(vertx, path, NO_TIMED_SAVE).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(1, r.index().count(CHAT));
            ctx.completeNow();
          })));
        }
      });
      assertTrue(timer >= 0);
    }));
  }

  @Test
  void aCorruptFileIsMovedAsideAndTheIndexStartsEmpty(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path path = dir.resolve("post-index.json");
    Files.writeString(path, "{\"version\":1,\"channels\":{\"c\":{\"highest\":3,\"checked\":[[1");
    PostIndexFile.open(vertx, path, NO_TIMED_SAVE).compose(store -> {
      ctx.verify(() -> {
        assertEquals(0, store.index().count(CHAT));
        assertTrue(Files.exists(Path.of(path + ".corrupt")), "kept for inspection");
        assertFalse(Files.exists(path));
      });
      store.index().record(CHAT, 1, post(1, "a.mp4", "video/mp4"));
      return store.flush();
    }).compose(v -> PostIndexFile.open(vertx, path, NO_TIMED_SAVE)).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(1, r.index().count(CHAT), "rebuilt and saved again");
      ctx.completeNow();
    })));
  }

  @Test
  void wellFormedJsonOfTheWrongShapeIsCorruptToo(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path path = dir.resolve("post-index.json");
    Files.writeString(path, "{\"version\":1,\"channels\":{\"" + CHAT + "\":{\"highest\":3,\"checked\":[],"
        + "\"posts\":[{\"id\":\"one\",\"message\":\"{}\"}]}}}");
    PostIndexFile.open(vertx, path, NO_TIMED_SAVE).onComplete(ctx.succeeding(store -> ctx.verify(() -> {
      assertEquals(0, store.index().count(CHAT));
      assertTrue(Files.exists(Path.of(path + ".corrupt")));
      ctx.completeNow();
    })));
  }

  @Test
  void anotherVersionIsNotMisread(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path path = dir.resolve("post-index.json");
    Files.writeString(path, "{\"version\":2,\"channels\":{}}");
    PostIndexFile.open(vertx, path, NO_TIMED_SAVE).onComplete(ctx.succeeding(store -> ctx.verify(() -> {
      assertTrue(Files.exists(Path.of(path + ".corrupt")));
      ctx.completeNow();
    })));
  }

  @Test
  void aFlushWithoutChangesWritesNothing(Vertx vertx, VertxTestContext ctx) {
    Path path = dir.resolve("post-index.json");
    PostIndexFile.open(vertx, path, NO_TIMED_SAVE).compose(PostIndexFile::flush)
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertFalse(Files.exists(path));
          ctx.completeNow();
        })));
  }

  @Test
  void aFailedSaveIsRetriedByTheNextFlush(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path folder = Files.createDirectories(dir.resolve("blocked"));
    Path path = folder.resolve("post-index.json");
    PostIndexFile.open(vertx, path, NO_TIMED_SAVE).compose(store -> {
      store.index().record(CHAT, 1, post(1, "a.mp4", "video/mp4"));
      try {
        // A folder where the temp file should go makes the write fail.
        Files.createDirectories(Path.of(path + ".tmp"));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      return store.flush().transform(ar -> {
        ctx.verify(() -> assertTrue(ar.failed(), "the save failed"));
        try {
          Files.delete(Path.of(path + ".tmp"));
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        return store.flush();
      });
    }).compose(v -> PostIndexFile.open(vertx, path, NO_TIMED_SAVE)).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(1, r.index().count(CHAT));
      ctx.completeNow();
    })));
  }

  @Test
  void aSnapshotIsACopyTheIndexCanChangeUnder() {
    ChannelPostIndex index = new ChannelPostIndex();
    index.record(CHAT, 1, post(1, "a.mp4", "video/mp4"));
    List<PostIndexFile.ChannelSnapshot> snapshot = PostIndexFile.snapshot(index);
    // What a feed does while a worker encodes the copy.
    index.record(CHAT, 2, post(2, "b.mp4", "video/mp4"));
    index.observe(CHAT, 50);
    index.skip(CHAT, 3);
    ChannelPostIndex decoded = PostIndexFile.decode(PostIndexFile.encode(snapshot).toBuffer());
    assertEquals(List.of("a.mp4"), names(decoded.search(CHAT, null, null, 0, 10)));
    assertEquals(List.of(1L), List.copyOf(snapshot.get(0).posts().keySet()));
    assertEquals(1L, snapshot.get(0).highest(), "not the 50 observed after the copy");
    assertEquals(List.of(), decoded.unchecked(CHAT, 10), "highest and checked as they were at the copy");
    assertEquals(2, index.count(CHAT));
  }

  @Test
  void aChangeDuringASaveIsWrittenByTheNextOne(Vertx vertx, VertxTestContext ctx) {
    Path path = dir.resolve("post-index.json");
    PostIndexFile.open(vertx, path, NO_TIMED_SAVE).compose(store -> {
      store.index().record(CHAT, 1, post(1, "a.mp4", "video/mp4"));
      Future<Void> first = store.flush();
      // Lands while the first save is being encoded or written (or just before it): never lost either way.
      vertx.runOnContext(v -> store.index().record(CHAT, 2, post(2, "b.mp4", "video/mp4")));
      return first.compose(v -> store.close());
    }).compose(v -> PostIndexFile.open(vertx, path, NO_TIMED_SAVE)).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(List.of("b.mp4", "a.mp4"), names(r.index().search(CHAT, null, null, 0, 10)));
      ctx.completeNow();
    })));
  }
}
