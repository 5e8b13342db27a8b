package dev.tgstream.ui.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Slows password guessing: after {@value #MAX_FAILURES} failed sign-ins within a minute for one name, or from one
 * client address, further attempts are refused (429) until the oldest of those failures is a minute old.
 *
 * <p>An attempt counts as a failure from the moment it starts ({@link #begin}) and is taken back when it succeeds, so
 * a burst of parallel guesses cannot slip past the limit while bcrypt runs. Not thread-safe: event loop only.
 */
public final class LoginThrottle {

  public static final int MAX_FAILURES = 5;
  public static final Duration WINDOW = Duration.ofMinutes(1);
  // Bounds memory under a flood of made-up names or addresses; expired entries go first.
  private static final int MAX_KEYS = 10_000;

  private final Clock clock;
  private final Map<String, Deque<Long>> failures = new HashMap<>();

  public LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /**
   * Starts an attempt: 0 when it may proceed (it now counts as a failure until {@link #succeeded}), else the seconds
   * to wait before trying again.
   */
  public int begin(String name, String address) {
    long now = clock.millis();
    long waitMillis = Math.max(waitMillis(nameKey(name), now), waitMillis(addressKey(address), now));
    if (waitMillis > 0) {
      return (int) Math.max(1, (waitMillis + 999) / 1000);
    }
    record(nameKey(name), now);
    record(addressKey(address), now);
    return 0;
  }

  /** The attempt begun for this name and address succeeded: forget the name's failures and take back this one. */
  public void succeeded(String name, String address) {
    failures.remove(nameKey(name));
    Deque<Long> byAddress = failures.get(addressKey(address));
    if (byAddress != null) {
      byAddress.pollLast();
      if (byAddress.isEmpty()) {
        failures.remove(addressKey(address));
      }
    }
  }

  /** Drops expired entries (called periodically). */
  public void sweep() {
    long now = clock.millis();
    failures.values().removeIf(d -> {
      prune(d, now);
      return d.isEmpty();
    });
  }

  int trackedKeys() {
    return failures.size();
  }

  private long waitMillis(String key, long now) {
    Deque<Long> d = failures.get(key);
    if (d == null) {
      return 0;
    }
    prune(d, now);
    if (d.size() < MAX_FAILURES) {
      return 0;
    }
    // The window frees up when the failure that put us at the limit leaves it.
    Iterator<Long> newestFirst = d.descendingIterator();
    long limiting = 0;
    for (int i = 0; i < MAX_FAILURES && newestFirst.hasNext(); i++) {
      limiting = newestFirst.next();
    }
    return limiting + WINDOW.toMillis() - now;
  }

  private void record(String key, long now) {
    if (failures.size() >= MAX_KEYS && !failures.containsKey(key)) {
      sweep();
      if (failures.size() >= MAX_KEYS) {
        failures.remove(failures.keySet().iterator().next());
      }
    }
    failures.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(now);
  }

  private static void prune(Deque<Long> d, long now) {
    long horizon = now - WINDOW.toMillis();
    while (!d.isEmpty() && d.peekFirst() <= horizon) {
      d.pollFirst();
    }
    // Only the most recent MAX_FAILURES matter for the decision.
    while (d.size() > MAX_FAILURES) {
      d.pollFirst();
    }
  }

  private static String nameKey(String name) {
    return "n:" + (name == null ? "" : name.length() > 64 ? name.substring(0, 64) : name);
  }

  private static String addressKey(String address) {
    return "a:" + (address == null ? "" : address);
  }
}
