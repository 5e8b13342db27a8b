package dev.tgstream.ui.streamer;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BreakerConfigTest {

  private static final BreakerConfig CONFIG = new BreakerConfig(3, Duration.ofSeconds(2), Duration.ofSeconds(1),
      Duration.ofSeconds(10), 0.2);

  @Test
  void trialsBackOffExponentiallyUpToTheCap() {
    assertEquals(1_000, CONFIG.trialDelay(0, () -> 0).toMillis());
    assertEquals(2_000, CONFIG.trialDelay(1, () -> 0).toMillis());
    assertEquals(4_000, CONFIG.trialDelay(2, () -> 0).toMillis());
    assertEquals(8_000, CONFIG.trialDelay(3, () -> 0).toMillis());
    assertEquals(10_000, CONFIG.trialDelay(4, () -> 0).toMillis());
    assertEquals(10_000, CONFIG.trialDelay(1_000, () -> 0).toMillis());
  }

  @Test
  void jitterOnlyShortensAndNeverBelowTheResetTimeout() {
    assertEquals(8_000, CONFIG.trialDelay(4, () -> 1).toMillis());
    assertEquals(1_000, CONFIG.trialDelay(0, () -> 1).toMillis());
    for (int i = 0; i < 10; i++) {
      long d = CONFIG.trialDelay(i, Math::random).toMillis();
      assertTrue(d >= 1_000 && d <= 10_000, String.valueOf(d));
    }
  }

  @Test
  void defaultsOpenWithinThreeCallsOrFiveSecondsAndRetryWithinTenSeconds() {
    BreakerConfig d = BreakerConfig.defaults();
    assertEquals(3, d.maxFailures());
    assertTrue(d.timeout().toMillis() <= 5_000);
    assertTrue(d.maxResetTimeout().toMillis() <= 10_000);
  }

  @Test
  void outOfRangeValuesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new BreakerConfig(0, Duration.ofSeconds(1), Duration.ofSeconds(1),
        Duration.ofSeconds(1), 0));
    assertThrows(IllegalArgumentException.class, () -> new BreakerConfig(1, Duration.ZERO, Duration.ofSeconds(1),
        Duration.ofSeconds(1), 0));
    assertThrows(IllegalArgumentException.class, () -> new BreakerConfig(1, Duration.ofSeconds(1), Duration.ofSeconds(5),
        Duration.ofSeconds(1), 0));
    assertThrows(IllegalArgumentException.class, () -> new BreakerConfig(1, Duration.ofSeconds(1), Duration.ofSeconds(1),
        Duration.ofSeconds(1), 1.5));
  }
}
