package dev.tgstream.ui.auth;

import dev.tgstream.ui.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoginThrottleTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final LoginThrottle throttle = new LoginThrottle(clock);

  private void fail(String name, String address, int times) {
    for (int i = 0; i < times; i++) {
      assertEquals(0, throttle.begin(name, address), "attempt " + i + " of " + name + " from " + address);
    }
  }

  @Test
  void fiveFreeFailuresForAPairThenDelaysThatDouble() {
    fail("admin", "10.0.0.66", 5);
    assertEquals(1, throttle.begin("admin", "10.0.0.66"));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(0, throttle.begin("admin", "10.0.0.66"));
    assertEquals(2, throttle.begin("admin", "10.0.0.66"));
    clock.advance(Duration.ofSeconds(2));
    assertEquals(0, throttle.begin("admin", "10.0.0.66"));
    assertEquals(4, throttle.begin("admin", "10.0.0.66"));
  }

  @Test
  void delaysStopGrowingAtTheMaximum() {
    fail("admin", "10.0.0.66", 5);
    for (int i = 0; i < 40; i++) {
      clock.advance(LoginThrottle.MAX_DELAY);
      assertEquals(0, throttle.begin("admin", "10.0.0.66"));
    }
    assertEquals(LoginThrottle.MAX_DELAY.toSeconds(), throttle.begin("admin", "10.0.0.66"));
  }

  @Test
  void aGuesserNeverLocksTheNameOutFromAnotherAddressNorOtherUsersFromItsOwn() {
    fail("admin", "10.0.0.66", LoginThrottle.FREE_FAILURES);
    assertTrue(throttle.begin("admin", "10.0.0.66") > 0);
    assertEquals(0, throttle.begin("admin", "10.0.0.1"), "the real admin elsewhere");
    assertEquals(0, throttle.begin("bob", "10.0.0.66"), "another user on the guesser's address");
  }

  @Test
  void oneAddressHasAHigherCapOverAllNames() {
    for (int i = 0; i < LoginThrottle.ADDRESS_MAX_FAILURES; i++) {
      assertEquals(0, throttle.begin("user" + i, "10.0.0.66"));
      clock.advance(Duration.ofSeconds(1));
    }
    // The first failure was 30 s ago: the address is free again when it leaves the 10-minute window.
    assertEquals(LoginThrottle.ADDRESS_WINDOW.toSeconds() - 30, throttle.begin("someone", "10.0.0.66"));
    assertEquals(0, throttle.begin("someone", "10.0.0.2"));
    clock.advance(LoginThrottle.ADDRESS_WINDOW.minusSeconds(30));
    assertEquals(0, throttle.begin("someone", "10.0.0.66"));
  }

  @Test
  void successForgetsThePairAndTakesBackItsAttempt() {
    fail("ann", "10.0.0.1", 5);
    assertTrue(throttle.begin("ann", "10.0.0.1") > 0);
    clock.advance(Duration.ofSeconds(1));
    assertEquals(0, throttle.begin("ann", "10.0.0.1"));
    throttle.succeeded("ann", "10.0.0.1");
    fail("ann", "10.0.0.1", 5);
  }

  @Test
  void aQuietPairIsForgotten() {
    fail("ann", "10.0.0.1", LoginThrottle.FREE_FAILURES);
    assertTrue(throttle.begin("ann", "10.0.0.1") > 0);
    clock.advance(LoginThrottle.PAIR_MEMORY);
    fail("ann", "10.0.0.1", 5);
  }

  @Test
  void sweepDropsExpiredEntries() {
    throttle.begin("ann", "10.0.0.1");
    assertEquals(2, throttle.trackedKeys());
    clock.advance(LoginThrottle.PAIR_MEMORY);
    throttle.sweep();
    assertEquals(0, throttle.trackedKeys());
  }
}
