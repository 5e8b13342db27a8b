package dev.tgstream.ui.progress;

import dev.tgstream.ui.MutableClock;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class ProgressStoreTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

  @Test
  void keepsTheNewestFiftyPerUser(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    ProgressStore.open(vertx, dir, clock).onComplete(tc.succeeding(store -> tc.verify(() -> {
      for (int i = 0; i < 60; i++) {
        store.put("ann", "file" + i, i, 100);
        clock.advance(Duration.ofSeconds(1));
      }
      store.put("bob", "file0", 1, 2);
      List<ProgressEntry> ann = store.list("ann");
      assertEquals(ProgressStore.MAX_PER_USER, ann.size());
      assertEquals("file59", ann.get(0).fileId());
      assertEquals("file10", ann.get(ann.size() - 1).fileId());
      assertEquals(1, store.list("bob").size());
      store.flush().onComplete(tc.succeedingThenComplete());
    })));
  }

  @Test
  void burstsAreCoalescedIntoOneWriteAndSurviveReopening(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    ProgressStore.open(vertx, dir, clock).compose(store -> {
      for (int i = 0; i < 25; i++) {
        store.put("ann", "film", i, 100);
      }
      store.put("ann", "other", 7, 70);
      store.remove("ann", "other");
      assertFalse(Files.exists(dir.resolve("progress.json")), "nothing written yet: the save is debounced");
      return store.flush().map(store);
    }).compose(store -> {
      assertEquals(1, store.writes());
      return ProgressStore.open(vertx, dir, clock);
    }).onComplete(tc.succeeding(reopened -> tc.verify(() -> {
      List<ProgressEntry> ann = reopened.list("ann");
      assertEquals(1, ann.size());
      assertEquals("film", ann.get(0).fileId());
      assertEquals(24.0, ann.get(0).position());
      assertEquals(clock.instant(), ann.get(0).updatedAt());
      tc.completeNow();
    })));
  }

  @Test
  void theDebouncedSaveHappensWithoutAFlush(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    ProgressStore.open(vertx, dir, clock).onComplete(tc.succeeding(store -> {
      store.put("ann", "film", 5, 10);
      long started = System.nanoTime();
      // Poll with timers (never sleep) until the debounced write lands.
      vertx.setPeriodic(100, id -> {
        if (store.writes() == 1) {
          vertx.cancelTimer(id);
          tc.verify(() -> {
            assertTrue(Files.exists(dir.resolve("progress.json")));
            assertTrue(System.nanoTime() - started >= Duration.ofMillis(ProgressStore.SAVE_DELAY_MS).toNanos() / 2);
            tc.completeNow();
          });
        }
      });
    }));
  }

  @Test
  void aDamagedFileIsSetAsideNotFatal(Vertx vertx, @TempDir Path dir, VertxTestContext tc) throws Exception {
    Files.writeString(dir.resolve("progress.json"), "{not json");
    ProgressStore.open(vertx, dir, clock).onComplete(tc.succeeding(store -> tc.verify(() -> {
      assertTrue(store.list("ann").isEmpty());
      assertTrue(Files.exists(dir.resolve("progress.json.broken")));
      tc.completeNow();
    })));
  }

  @Test
  void removingAUserForgetsTheirPositions(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    ProgressStore.open(vertx, dir, clock).onComplete(tc.succeeding(store -> tc.verify(() -> {
      store.put("ann", "film", 5, 10);
      store.removeUser("ann");
      assertTrue(store.list("ann").isEmpty());
      store.flush().onComplete(tc.succeedingThenComplete());
    })));
  }
}
