package dev.tgstream.stream.engine;

/**
 * Whether a reader is still possibly a probe. Players open a file, take its first bytes (or the moov atom at the tail)
 * and cancel at once; reads started for such a probe cannot be taken back at the gateway and would sit in every slot
 * while the player's real request (the seek) waits. So a reader's read-ahead leaves the reserved slots free until
 * {@code probeMillis} after its first byte was written; then it is a real stream and may use every slot.
 *
 * <p>Written by the owning transfer's context, read under the scheduler's lock: hence volatile.
 */
final class Probation {

  private static final long NOT_STARTED = Long.MAX_VALUE;

  private final long lengthNanos;
  private volatile long endsAtNanos;

  private Probation(long lengthNanos, long endsAtNanos) {
    this.lengthNanos = lengthNanos;
    this.endsAtNanos = endsAtNanos;
  }

  /** Ends {@code lengthNanos} after {@link #firstByteWritten()}. */
  static Probation untilFirstByteAnd(long lengthNanos) {
    return new Probation(lengthNanos, NOT_STARTED);
  }

  /** Ends {@code lengthNanos} from now (a warm-up: no bytes will ever be written for it). */
  static Probation endingIn(long lengthNanos) {
    return new Probation(lengthNanos, System.nanoTime() + lengthNanos);
  }

  /** Already over. */
  static Probation over() {
    return new Probation(0, System.nanoTime() - 1);
  }

  /** Starts the clock; later calls change nothing. */
  void firstByteWritten() {
    if (endsAtNanos == NOT_STARTED) {
      endsAtNanos = System.nanoTime() + lengthNanos;
    }
  }

  boolean isOver(long nowNanos) {
    long ends = endsAtNanos;
    return ends != NOT_STARTED && ends - nowNanos <= 0;
  }

  /** When it ends, or {@link Long#MAX_VALUE} while the first byte has not been written. */
  long endsAtNanos() {
    return endsAtNanos;
  }

  boolean hasEndTime() {
    return endsAtNanos != NOT_STARTED;
  }
}
