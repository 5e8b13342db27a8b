package dev.tgstream.stream.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * One gateway read shared by every {@link FetchTicket} that wants the same piece (coalescing), with its retry state.
 * Guarded by the {@link FetchScheduler}'s lock.
 */
final class PieceFetch {

  enum State {
    /** Waiting for a free slot (ordered by rank, then age). */
    QUEUED,
    /** At the gateway now. */
    RUNNING,
    /** Waiting out a backoff or a FLOOD_WAIT before it queues again. */
    WAITING
  }

  final PieceKey key;
  final int expectedLength;
  /** Creation order: among equal ranks the older fetch goes first. */
  final long seq;
  final List<FetchTicket> tickets = new ArrayList<>(2);

  State state = State.QUEUED;
  /** The best (lowest) rank among live tickets; only changed while the fetch is out of the queue. */
  int rank;
  /** Counted as read-ahead in the scheduler's budget while running. */
  boolean runningAhead;
  int unavailableFailures;
  int floodWaits;
  long timerId = -1;
  /** The anticipated read this fetch took over instead of starting its own ({@link Anticipations}), or null. */
  Anticipations.Read early;
  /**
   * Whether the running attempt counts in the scheduler's slots: false only for a fetch that adopted an anticipated
   * read after it had finished (its slot was given back then).
   */
  boolean holdsSlot = true;
  /** The running attempt went to the gateway as a BACKGROUND read (see {@link FetchTicket#background}). */
  boolean background;

  PieceFetch(PieceKey key, int expectedLength, long seq) {
    this.key = key;
    this.expectedLength = expectedLength;
    this.seq = seq;
  }

  int bestTicketRank() {
    int best = Integer.MAX_VALUE;
    for (FetchTicket t : tickets) {
      best = Math.min(best, t.rank);
    }
    return best;
  }

  /** Whether some owner may use the reserved slots (see {@link FetchTicket#leavesReserve}). */
  boolean mayTakeReserve() {
    for (FetchTicket t : tickets) {
      if (!t.leavesReserve) {
        return true;
      }
    }
    return false;
  }

  /** Whether only tickets nobody waits on want the piece (a warm-up alone). */
  boolean wantedInBackgroundOnly() {
    for (FetchTicket t : tickets) {
      if (!t.background) {
        return false;
      }
    }
    return !tickets.isEmpty();
  }

  boolean isSmallerThanAPart() {
    return !key.isWholePart();
  }
}
