package dev.tgstream.stream.engine;

import dev.tgstream.telegram.PartBuffers;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * One requester's interest in one piece. Many tickets may share one {@link PieceFetch}; the piece is delivered to each
 * ticket on the requester's own context, so a transfer only ever sees its callbacks on the event loop that owns its
 * sink. Releasing the ticket drops the interest: a queued fetch nobody wants any more is never started.
 *
 * <p>Fields other than the promise and the held piece are guarded by the {@link FetchScheduler}'s lock.
 *
 * <p>Ownership ({@link PartBuffers}): a delivered piece comes with one reference for this ticket, kept until the
 * scheduler releases the ticket ({@link #drop}). A delivery that arrives after the drop releases its reference at once,
 * so a ticket released while its piece was on its way to the owner's context leaks nothing.
 */
final class FetchTicket {

  /** How the request was satisfied when it was made. */
  enum Origin {
    /** The whole part was in the cache. */
    CACHE,
    /** A fetch of the same piece was already queued or running. */
    JOINED,
    /** A new fetch was queued for it. */
    FETCH
  }

  /** The rank of a piece somebody is waiting for now; read-ahead ranks are its distance in parts (1 = next). */
  static final int URGENT = 0;

  final PieceKey key;
  final int expectedLength;
  final Context context;
  /**
   * Whether the owner's read-ahead must leave the reserved slots free: true for open-ended reads (a player may drop
   * them for a seek at any moment) and warm-ups; false for a range with a named end, which wants every byte of it.
   */
  final boolean leavesReserve;
  /** Whether a read-ahead ticket may be answered by a later cache lookup instead of holding the piece (transfers). */
  final boolean mayDefer;
  /**
   * Nobody waits for the piece (a warm-up): a fetch only such tickets want is a BACKGROUND read at the gateway, which
   * a source with one download window per file serves after the reads somebody waits for.
   */
  final boolean background;

  Origin origin;
  int rank;
  boolean live = true;
  /** Holds a fetched piece its owner has not reached yet: counted in the scheduler's read-ahead budget. */
  boolean heldAhead;
  /**
   * Its piece is in the cache (or was, when the budget had no room to hold it): nothing is held, and the piece is
   * looked up again (fetched if evicted meanwhile) when the ticket becomes urgent.
   */
  boolean deferred;
  /** The fetch it waits on, until delivery; null for cache hits. */
  PieceFetch fetch;

  private final Promise<Buffer> promise = Promise.promise();
  /** The reference this ticket holds on its delivered piece; guarded by {@code this}. */
  private Buffer held;
  private boolean dropped;

  FetchTicket(PieceKey key, int expectedLength, Context context, boolean leavesReserve, int rank, boolean mayDefer) {
    this(key, expectedLength, context, leavesReserve, rank, mayDefer, false);
  }

  FetchTicket(PieceKey key, int expectedLength, Context context, boolean leavesReserve, int rank, boolean mayDefer,
      boolean background) {
    this.background = background;
    this.key = key;
    this.expectedLength = expectedLength;
    this.context = context;
    this.leavesReserve = leavesReserve;
    this.rank = rank;
    this.mayDefer = mayDefer;
  }

  /** Completes on the owner's context with the piece, or fails with the fetch's final failure. */
  Future<Buffer> future() {
    return promise.future();
  }

  boolean isReady() {
    return promise.future().succeeded();
  }

  /**
   * Hands the result over on the owner's context (directly when already there); a successful one carries a reference
   * that now belongs to the ticket. Never call under the lock.
   */
  void settle(AsyncResult<Buffer> result) {
    if (Vertx.currentContext() == context) {
      complete(result);
    } else {
      context.runOnContext(v -> complete(result));
    }
  }

  /**
   * Hands a successful result's reference over to the ticket before the owner sees it (the owner may write it and
   * release the ticket within the completion callback); a result for a dropped or already settled ticket is released.
   */
  private void complete(AsyncResult<Buffer> result) {
    if (result.failed()) {
      promise.tryFail(result.cause());
      return;
    }
    Buffer piece = result.result();
    synchronized (this) {
      if (dropped || held != null || promise.future().isComplete()) {
        piece = null;
      } else {
        held = result.result();
      }
    }
    if (piece == null) {
      PartBuffers.release(result.result());
      return;
    }
    promise.tryComplete(piece);
  }

  /** Lets go of the delivered piece, now or whenever it arrives. Idempotent; any thread. */
  void drop() {
    Buffer piece;
    synchronized (this) {
      dropped = true;
      piece = held;
      held = null;
    }
    if (piece != null) {
      PartBuffers.release(piece);
    }
  }
}
