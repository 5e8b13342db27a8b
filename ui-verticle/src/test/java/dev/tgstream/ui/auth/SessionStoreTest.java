package dev.tgstream.ui.auth;

import dev.tgstream.ui.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionStoreTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final SessionStore store = new SessionStore(clock);

  @Test
  void idsAreRandom256BitAndUrlSafe() {
    Session a = store.create("ann");
    Session b = store.create("ann");
    assertNotEquals(a.id(), b.id());
    assertEquals(43, a.id().length());
    assertTrue(a.id().matches("[A-Za-z0-9_-]+"));
    assertTrue(!a.toString().contains(a.id()));
  }

  @Test
  void idleSessionsExpireAndUseKeepsThemAlive() {
    Session s = store.create("ann");
    clock.advance(Duration.ofHours(11));
    assertTrue(store.touch(s.id()).isPresent());
    clock.advance(Duration.ofHours(11));
    assertTrue(store.touch(s.id()).isPresent(), "used 11 h ago");
    clock.advance(Duration.ofHours(12));
    assertTrue(store.touch(s.id()).isEmpty(), "idle for 12 h");
    assertEquals(0, store.size());
  }

  @Test
  void sessionsEndAfterTheirMaximumLifetimeEvenWhenUsed() {
    Session s = store.create("ann");
    for (int i = 0; i < 15; i++) {
      clock.advance(Duration.ofHours(12).minusMinutes(1));
      store.touch(s.id());
    }
    assertTrue(store.touch(s.id()).isEmpty());
  }

  @Test
  void removeUserKeepsTheNamedSession() {
    Session keep = store.create("ann");
    Session other = store.create("ann");
    Session bob = store.create("bob");
    store.removeUser("ann", keep.id());
    assertTrue(store.touch(keep.id()).isPresent());
    assertTrue(store.touch(other.id()).isEmpty());
    assertTrue(store.touch(bob.id()).isPresent());
  }
}
