package dev.tgstream.ui.auth;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sessions.json: sessions survive a reopen, only digests of ids are on disk, expiry is kept. */
@ExtendWith(VertxExtension.class)
class SessionPersistenceTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

  @Test
  void sessionsSurviveAReopenAndTheFileHoldsNoIds(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    SessionStore.open(vertx, dir, clock).compose(store -> {
      SessionStore.Issued ann = store.create("ann");
      SessionStore.Issued bob = store.create("bob");
      store.remove(bob.id());
      return store.flush().compose(v -> SessionStore.open(vertx, dir, clock)).map(reopened -> {
        String file = readQuietly(dir.resolve(SessionStore.FILE_NAME));
        assertFalse(file.contains(ann.id()), "the cookie id is not on disk");
        assertTrue(file.contains(ann.session().handle()));
        assertTrue(reopened.touch(ann.id()).isPresent());
        assertTrue(reopened.touch(bob.id()).isEmpty(), "signed out before the restart");
        assertEquals(1, reopened.size());
        return null;
      });
    }).onComplete(tc.succeedingThenComplete());
  }

  @Test
  void expiryIsKeptAcrossAReopen(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    SessionStore.open(vertx, dir, clock).compose(store -> {
      SessionStore.Issued ann = store.create("ann");
      return store.flush().compose(v -> {
        clock.advance(SessionStore.IDLE_TIMEOUT.plus(Duration.ofMinutes(1)));
        return SessionStore.open(vertx, dir, clock);
      }).map(reopened -> {
        assertEquals(0, reopened.size(), "idle past its timeout while the service was down");
        assertTrue(reopened.touch(ann.id()).isEmpty());
        return null;
      });
    }).onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aDamagedFileIsSetAsideAndEveryoneSignsInAgain(Vertx vertx, @TempDir Path dir, VertxTestContext tc) throws Exception {
    Files.writeString(dir.resolve(SessionStore.FILE_NAME), "{\"sessions\": [ {\"handle\": 3");
    SessionStore.open(vertx, dir, clock).onComplete(tc.succeeding(store -> tc.verify(() -> {
      assertEquals(0, store.size());
      assertTrue(Files.exists(dir.resolve(SessionStore.FILE_NAME + ".broken")));
      tc.completeNow();
    })));
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
