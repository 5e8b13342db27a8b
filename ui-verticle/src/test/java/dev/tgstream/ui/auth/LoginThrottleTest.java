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

  @Test
  void fiveFailuresPerNameThenWaitUntilTheOldestLeavesTheWindow() {
    for (int i = 0; i < 5; i++) {
      assertEquals(0, throttle.begin("ann", "10.0.0." + i));
      clock.advance(Duration.ofSeconds(10));
    }
    // The first failure was 50 s ago: it leaves the window in 10 s.
    assertEquals(10, throttle.begin("ann", "10.0.0.99"));
    clock.advance(Duration.ofSeconds(10));
    assertEquals(0, throttle.begin("ann", "10.0.0.99"));
  }

  @Test
  void fiveFailuresPerAddressLockThatAddressOnly() {
    for (int i = 0; i < 5; i++) {
      assertEquals(0, throttle.begin("user" + i, "10.0.0.1"));
    }
    assertEquals(60, throttle.begin("ann", "10.0.0.1"));
    assertEquals(0, throttle.begin("ann", "10.0.0.2"));
  }

  @Test
  void successForgetsTheNameAndTakesBackItsAttempt() {
    for (int i = 0; i < 4; i++) {
      throttle.begin("ann", "10.0.0.1");
    }
    assertEquals(0, throttle.begin("ann", "10.0.0.1"));
    throttle.succeeded("ann", "10.0.0.1");
    // Four failures remain for the address, none for the name.
    assertEquals(0, throttle.begin("bob", "10.0.0.1"));
    assertTrue(throttle.begin("carl", "10.0.0.1") > 0);
  }

  @Test
  void sweepDropsExpiredEntries() {
    throttle.begin("ann", "10.0.0.1");
    assertEquals(2, throttle.trackedKeys());
    clock.advance(Duration.ofMinutes(2));
    throttle.sweep();
    assertEquals(0, throttle.trackedKeys());
  }
}
