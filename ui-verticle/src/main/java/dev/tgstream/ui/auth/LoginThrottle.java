package dev.tgstream.ui.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows password guessing without letting a guesser lock anyone else out.
 *
 * <ul>
 *   <li>Per (name, address): {@value #FREE_FAILURES} failures are free, then each further attempt waits a delay that
 *   doubles from {@link #FIRST_DELAY} up to {@link #MAX_DELAY} after the last failure. Someone guessing {@code admin}
 *   from one address slows only that pair: the real admin signs in from anywhere else, and other users from the same
 *   address are not touched.</li>
 *   <li>Per address: a higher cap of {@value #ADDRESS_MAX_FAILURES} failures within {@link #ADDRESS_WINDOW} over all
 *   names, so one address cannot walk through the user list.</li>
 * </ul>
 *
 * <p>There is deliberately no lock per name alone: that is the lock-out a guesser could trigger against the real
 * user. An attempt counts as a failure from the moment it starts ({@link #begin}) and is taken back when it succeeds,
 * so a burst of parallel guesses cannot slip past the limit while bcrypt runs. Thread-safe (every method holds the
 * lock): the UI's event loops share one throttle, and a check with its count is one step, so guesses spread over
 * several connections and loops still count one by one.
 */
public final class LoginThrottle {

  public static final int FREE_FAILURES = 5;
  public static final Duration FIRST_DELAY = Duration.ofSeconds(1);
  public static final Duration MAX_DELAY = Duration.ofMinutes(15);
  /** A pair's failures are forgotten once it has been quiet this long. */
  public static final Duration PAIR_MEMORY = Duration.ofHours(1);
  public static final int ADDRESS_MAX_FAILURES = 30;
  public static final Duration ADDRESS_WINDOW = Duration.ofMinutes(10);
  // Bounds memory under a flood of made-up names or addresses; the oldest entries go first.
  private static final int MAX_KEYS = 10_000;

  private final Clock clock;
  private final Map<String, PairFailures> pairs = new LinkedHashMap<>();
  private final Map<String, Deque<Long>> addresses = new HashMap<>();

  public LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /**
   * Starts an attempt: 0 when it may proceed (it now counts as a failure until {@link #succeeded}), else the seconds
   * to wait before trying again.
   */
  public synchronized int begin(String name, String address) {
    long now = clock.millis();
    String pairKey = pairKey(name, address);
    String addressKey = addressKey(address);
    long waitMillis = Math.max(pairWaitMillis(pairKey, now), addressWaitMillis(addressKey, now));
    if (waitMillis > 0) {
      return (int) Math.max(1, (waitMillis + 999) / 1000);
    }
    bound();
    pairs.computeIfAbsent(pairKey, k -> new PairFailures()).fail(now);
    addresses.computeIfAbsent(addressKey, k -> new ArrayDeque<>()).addLast(now);
    return 0;
  }

  /** The attempt begun for this name and address succeeded: forget the pair's failures and take back this one. */
  public synchronized void succeeded(String name, String address) {
    pairs.remove(pairKey(name, address));
    Deque<Long> byAddress = addresses.get(addressKey(address));
    if (byAddress != null) {
      byAddress.pollLast();
      if (byAddress.isEmpty()) {
        addresses.remove(addressKey(address));
      }
    }
  }

  /** Drops expired entries (called periodically). */
  public synchronized void sweep() {
    long now = clock.millis();
    pairs.values().removeIf(p -> now - p.lastFailure >= PAIR_MEMORY.toMillis());
    addresses.values().removeIf(d -> {
      prune(d, now);
      return d.isEmpty();
    });
  }

  synchronized int trackedKeys() {
    return pairs.size() + addresses.size();
  }

  private long pairWaitMillis(String key, long now) {
    PairFailures p = pairs.get(key);
    if (p == null) {
      return 0;
    }
    if (now - p.lastFailure >= PAIR_MEMORY.toMillis()) {
      pairs.remove(key);
      return 0;
    }
    if (p.count < FREE_FAILURES) {
      return 0;
    }
    int doublings = Math.min(30, p.count - FREE_FAILURES);
    long delay = Math.min(MAX_DELAY.toMillis(), FIRST_DELAY.toMillis() << doublings);
    return p.lastFailure + delay - now;
  }

  private long addressWaitMillis(String key, long now) {
    Deque<Long> d = addresses.get(key);
    if (d == null) {
      return 0;
    }
    prune(d, now);
    if (d.size() < ADDRESS_MAX_FAILURES) {
      return 0;
    }
    // The window frees up when the failure that put the address at its cap leaves it.
    Iterator<Long> newestFirst = d.descendingIterator();
    long limiting = 0;
    for (int i = 0; i < ADDRESS_MAX_FAILURES && newestFirst.hasNext(); i++) {
      limiting = newestFirst.next();
    }
    return limiting + ADDRESS_WINDOW.toMillis() - now;
  }

  private void bound() {
    if (pairs.size() + addresses.size() < MAX_KEYS) {
      return;
    }
    sweep();
    Iterator<String> oldestPair = pairs.keySet().iterator();
    while (pairs.size() + addresses.size() >= MAX_KEYS && oldestPair.hasNext()) {
      oldestPair.next();
      oldestPair.remove();
    }
    Iterator<String> anyAddress = addresses.keySet().iterator();
    while (pairs.size() + addresses.size() >= MAX_KEYS && anyAddress.hasNext()) {
      anyAddress.next();
      anyAddress.remove();
    }
  }

  private static void prune(Deque<Long> d, long now) {
    long horizon = now - ADDRESS_WINDOW.toMillis();
    while (!d.isEmpty() && d.peekFirst() <= horizon) {
      d.pollFirst();
    }
    // Only the most recent failures up to the cap matter for the decision.
    while (d.size() > ADDRESS_MAX_FAILURES) {
      d.pollFirst();
    }
  }

  private static String pairKey(String name, String address) {
    String n = name == null ? "" : name.length() > 64 ? name.substring(0, 64) : name;
    return (address == null ? "" : address) + "\n" + n;
  }

  private static String addressKey(String address) {
    return address == null ? "" : address;
  }

  /** Failures of one name from one address: how many, and when the last one began. */
  private static final class PairFailures {
    int count;
    long lastFailure;

    void fail(long now) {
      count++;
      lastFailure = now;
    }
  }
}
