package dev.tgstream.ui.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Made pictures stay within their count and byte bounds, least recently used out first, and survive a reopen. */
@ExtendWith(VertxExtension.class)
class ThumbnailCacheTest {

  @TempDir
  Path dir;

  @Test
  void boundedInCountAndBytesAndKeptAcrossReopen(Vertx vertx, VertxTestContext ctx) {
    ThumbnailCache.open(vertx, dir, 3, 1000)
        .compose(cache -> cache.put("a", new byte[100], "image/jpeg")
            .compose(v -> cache.put("b", new byte[100], "image/png"))
            .compose(v -> cache.put("c", new byte[100], "image/jpeg"))
            .compose(v -> cache.get("a")) // a is now the most recently used
            .compose(v -> cache.put("d", new byte[100], "image/jpeg"))
            .map(v -> {
              ctx.verify(() -> {
                assertFalse(cache.contains("b"), "b was the least recently used");
                assertTrue(cache.contains("a") && cache.contains("c") && cache.contains("d"));
                assertEquals(3, cache.size());
              });
              return cache;
            })
            .compose(v -> cache.put("big", new byte[950], "image/jpeg"))
            .map(v -> {
              ctx.verify(() -> {
                assertTrue(cache.bytes() <= 1000, "bytes " + cache.bytes());
                assertTrue(cache.contains("big"));
                assertEquals(1, cache.size(), "950 + any other 100 is over the 1000-byte bound");
                try (Stream<Path> files = Files.list(dir)) {
                  assertEquals(1, files.count(), "evicted files are deleted");
                }
              });
              return v;
            }))
        .compose(v -> ThumbnailCache.open(vertx, dir, 3, 1000))
        .compose(reopened -> reopened.get("big").map(found -> {
          ctx.verify(() -> {
            assertTrue(found.isPresent());
            assertArrayEquals(new byte[950], found.get().bytes().getBytes());
            assertEquals("image/jpeg", found.get().mime());
          });
          return found;
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void unknownImageTypesAreNotStored(Vertx vertx, VertxTestContext ctx) {
    ThumbnailCache.open(vertx, dir, 3, 1000)
        .compose(cache -> cache.put("svg", "<svg/>".getBytes(), "image/svg+xml").map(v -> cache))
        .map(cache -> {
          ctx.verify(() -> assertFalse(cache.contains("svg")));
          return cache;
        })
        .onComplete(ctx.succeedingThenComplete());
  }
}
