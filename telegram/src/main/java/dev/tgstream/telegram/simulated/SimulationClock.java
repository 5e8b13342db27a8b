package dev.tgstream.telegram.simulated;

import io.vertx.core.Vertx;

/**
 * Where {@link SimulatedGateway} takes its time from: the round trips, transfer times and FLOOD_WAIT windows it
 * imposes. In production the system clock and Vert.x timers; in tests a clock the test moves forward, so that "a call
 * takes latency + bytes / bandwidth" is checked exactly, whatever the speed of the machine.
 */
public interface SimulationClock {

  /** Monotonic time in nanoseconds, like {@link System#nanoTime()}. */
  long nanoTime();

  /**
   * Runs {@code action} once {@code delayMs} have passed, on the Vert.x context of the caller when there is one (as
   * {@link Vertx#setTimer} does).
   */
  void schedule(long delayMs, Runnable action);

  /** Real time: {@link System#nanoTime()} and {@link Vertx#setTimer}. */
  static SimulationClock system(Vertx vertx) {
    return new SimulationClock() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public void schedule(long delayMs, Runnable action) {
        vertx.setTimer(Math.max(1, delayMs), id -> action.run());
      }
    };
  }
}
