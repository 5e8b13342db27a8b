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
    SessionStore.Issued a = store.create("ann");
    SessionStore.Issued b = store.create("ann");
    assertNotEquals(a.id(), b.id());
    assertEquals(43, a.id().length());
    assertTrue(a.id().matches("[A-Za-z0-9_-]+"));
    assertTrue(!a.toString().contains(a.id()));
    // What is stored is the digest, never the id itself.
    assertEquals(SessionStore.handleOf(a.id()), a.session().handle());
    assertNotEquals(a.id(), a.session().handle());
  }

  @Test
  void idleSessionsExpireAndUseKeepsThemAlive() {
    String s = store.create("ann").id();
    clock.advance(Duration.ofHours(11));
    assertTrue(store.touch(s).isPresent());
    clock.advance(Duration.ofHours(11));
    assertTrue(store.touch(s).isPresent(), "used 11 h ago");
    clock.advance(Duration.ofHours(12));
    assertTrue(store.touch(s).isEmpty(), "idle for 12 h");
    assertEquals(0, store.size());
  }

  @Test
  void sessionsEndAfterTheirMaximumLifetimeEvenWhenUsed() {
    String s = store.create("ann").id();
    for (int i = 0; i < 15; i++) {
      clock.advance(Duration.ofHours(12).minusMinutes(1));
      store.touch(s);
    }
    assertTrue(store.touch(s).isEmpty());
  }

  @Test
  void removeUserKeepsTheNamedSession() {
    SessionStore.Issued keep = store.create("ann");
    SessionStore.Issued other = store.create("ann");
    SessionStore.Issued bob = store.create("bob");
    store.removeUser("ann", keep.session().handle());
    assertTrue(store.touch(keep.id()).isPresent());
    assertTrue(store.touch(other.id()).isEmpty());
    assertTrue(store.touch(bob.id()).isPresent());
  }

  @Test
  void revokeEndsOneSessionByItsHandle() {
    SessionStore.Issued a = store.create("ann");
    SessionStore.Issued b = store.create("ann");
    assertTrue(store.revoke(a.session().handle()));
    assertTrue(store.touch(a.id()).isEmpty());
    assertTrue(store.touch(b.id()).isPresent());
    assertTrue(!store.revoke(a.session().handle()));
    assertTrue(!store.revoke(a.id()), "a cookie id is not a handle");
  }
}
