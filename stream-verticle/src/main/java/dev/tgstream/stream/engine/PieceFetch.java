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

  /** Whether some owner is past its probation: a fetch is as established as its most established owner. */
  boolean hasEstablishedOwner(long nowNanos) {
    for (FetchTicket t : tickets) {
      if (t.probation.isOver(nowNanos)) {
        return true;
      }
    }
    return false;
  }

  /** The earliest time an owner's probation ends, or {@link Long#MAX_VALUE} when none has a known end yet. */
  long earliestProbationEnd() {
    long earliest = Long.MAX_VALUE;
    for (FetchTicket t : tickets) {
      if (t.probation.hasEndTime()) {
        long ends = t.probation.endsAtNanos();
        if (earliest == Long.MAX_VALUE || ends - earliest < 0) { // nanoTime values compare by difference
          earliest = ends;
        }
      }
    }
    return earliest;
  }

  boolean isSmallerThanAPart() {
    return !key.isWholePart();
  }
}
