package dev.tgstream.stream.engine;

import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.PartBuffers;
import dev.tgstream.telegram.SourceChange;
import dev.tgstream.telegram.TelegramGateway;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Every gateway read of the engine goes through here, so that:
 * <ul>
 *   <li>a piece is fetched once however many transfers want it (one {@link PieceFetch} per key, with a ticket per
 *       interested requester), and a whole part already cached is not fetched at all;</li>
 *   <li>at most {@code maxInFlightParts} reads run at once; the rest wait in a queue ordered by rank (a piece somebody
 *       waits for now before read-ahead, nearer read-ahead before farther) and then by age;</li>
 *   <li>read-ahead never starts when the read-ahead budget (parts running or fetched ahead and not yet written) is
 *       spent, and read-ahead for open-ended reads leaves {@code reservedSlots} free: a player drops such a read to
 *       seek at any moment, its running reads cannot be taken back, and the source queues calls beyond its
 *       parallelism, so without a free slot the seek's first byte would wait for one of those orphans to finish;</li>
 *   <li>read-ahead holds memory only within that budget: read-ahead of a part that is already cached, or that arrives
 *       when the budget is spent, is deferred (the reader looks it up again when it gets there);</li>
 *   <li>failed reads are retried per {@link RetryPolicy}, without holding a slot while they wait.</li>
 * </ul>
 * A queued fetch that loses its last ticket is dropped; a running one cannot be aborted at the gateway, so it runs to
 * its end and lands in the cache.
 *
 * <p>Ownership of part memory ({@link PartBuffers}): a gateway read hands the scheduler one reference; on success the
 * cache (for a whole part) and every ticket it is delivered to take references of their own, and then the read's
 * reference is dropped. Whatever is not delivered (a late answer after the read timeout, a read of the wrong length,
 * an anticipated read nobody adopted) is released where it is dropped. So once no transfer runs, the only part
 * buffers left are the cache's (and fresh anticipated reads').
 *
 * <p>Thread-safe: state lives under one lock, held only for bookkeeping; gateway calls,
 * timers' work and deliveries to tickets happen outside it.
 */
final class FetchScheduler {

  private static final Logger LOG = LoggerFactory.getLogger(FetchScheduler.class);

  /** Far above a part's worst honest time (a 1 MiB part at 100 KiB/s), far below forever. */
  static final long READ_TIMEOUT_MS = 30_000;

  private final long readTimeoutMs;
  private final Vertx vertx;
  private final TelegramGateway gateway;
  private final PartCache cache;
  private final EngineCounters counters;
  private final RetryPolicy retryPolicy;
  private final int maxInFlight;
  private final int reservedSlots;
  private final int aheadBudgetParts;

  private final Object lock = new Object();
  private final Map<PieceKey, PieceFetch> fetches = new HashMap<>();
  private final NavigableSet<PieceFetch> queue =
      new TreeSet<>(Comparator.comparingInt((PieceFetch f) -> f.rank).thenComparingLong(f -> f.seq));
  private long nextSeq;
  private int running;
  private int waiting;
  private int aheadRunning;
  /**
   * High-water marks of {@link #running} and of the read-ahead in use, updated at every change under the lock: a test
   * (or /metrics) sees the true maximum, which a sampler polling the gauges could miss between two samples.
   */
  private int peakRunning;
  private int peakAhead;
  /** Distinct pieces held by read-ahead tickets, with the number of such tickets holding each. */
  private final Map<PieceKey, Integer> heldAhead = new HashMap<>();
  /** Head-piece reads started before their file was described, waiting for the transfer that wants them. */
  private final Anticipations anticipations = new Anticipations();
  /** Background reads running that somebody came to wait for: the gateway is told outside the lock, in pump(). */
  private final List<PieceKey> hurries = new ArrayList<>();
  /** Fetches that took over an anticipated read: wired to it outside the lock, in {@link #pump()}. */
  private final List<PieceFetch> adoptions = new ArrayList<>();
  /** The content id each file was last requested with (bounded): an anticipation skips a part known to be cached. */
  private final Map<String, String> lastContent = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > 1024;
    }
  };
  /** Until when a FLOOD_WAIT was already logged at WARN: the server floods every running read at once. */
  private long floodLoggedUntilNanos = System.nanoTime();

  FetchScheduler(Vertx vertx, TelegramGateway gateway, PartCache cache, EngineCounters counters, EngineConfig config) {
    this(vertx, gateway, cache, counters, config, READ_TIMEOUT_MS);
  }

  FetchScheduler(Vertx vertx, TelegramGateway gateway, PartCache cache, EngineCounters counters, EngineConfig config,
                 long readTimeoutMs) {
    this.readTimeoutMs = readTimeoutMs;
    this.vertx = vertx;
    this.gateway = gateway;
    this.cache = cache;
    this.counters = counters;
    this.retryPolicy = new RetryPolicy(config.maxRetries());
    this.maxInFlight = config.maxInFlightParts();
    this.reservedSlots = config.reservedSlots();
    this.aheadBudgetParts = config.readAheadBudgetParts();
  }

  /**
   * Registers interest in a piece for a transfer. An urgent request for a cached part is delivered at once; a
   * read-ahead request for a cached part is deferred (nothing held, looked up again when it becomes urgent); otherwise
   * the ticket joins the fetch of the same piece or a new one is queued. Call from {@code context}; the piece arrives
   * there.
   *
   * @param expectedLength  the bytes the read must return; anything else fails the piece with FILE_CHANGED
   * @param rank            {@link FetchTicket#URGENT}, or the read-ahead distance in parts
   * @param leavesReserve   whether the requester's read-ahead must leave the reserved slots free
   */
  FetchTicket request(PieceKey key, int expectedLength, int rank, boolean leavesReserve, Context context) {
    return request(key, expectedLength, rank, leavesReserve, context, true, false);
  }

  /**
   * Brings a piece into the cache (never deferred) while nobody waits for it: a BACKGROUND read at the gateway, until
   * a transfer comes to want it too. Completes once it is there.
   */
  Future<Void> prefetch(PieceKey key, int expectedLength, int rank, Context context) {
    FetchTicket ticket = request(key, expectedLength, rank, true, context, false, true);
    return ticket.future().andThen(ar -> release(ticket)).mapEmpty();
  }

  private FetchTicket request(PieceKey key, int expectedLength, int rank, boolean leavesReserve, Context context,
                              boolean mayDefer, boolean background) {
    FetchTicket ticket = new FetchTicket(key, expectedLength, context, leavesReserve, rank, mayDefer, background);
    Buffer hit;
    synchronized (lock) {
      if (!key.content().isEmpty()) {
        lastContent.put(key.fileId(), key.content());
      }
      if (rank > FetchTicket.URGENT && mayDefer && isCachedLocked(key, expectedLength)) {
        ticket.origin = FetchTicket.Origin.CACHE;
        ticket.deferred = true;
        return ticket;
      }
      hit = cachedLocked(key, expectedLength);
      if (hit != null) {
        ticket.origin = FetchTicket.Origin.CACHE;
        counters.cacheHits.increment();
      } else {
        attachLocked(ticket);
      }
    }
    if (hit != null) {
      ticket.settle(Future.succeededFuture(hit));
    } else {
      pump();
    }
    return ticket;
  }

  /**
   * Changes how badly the ticket's owner needs the piece (it became the part being written, or got nearer). A deferred
   * ticket that becomes urgent is resolved now: from the cache, or by a fetch when the part was evicted meanwhile.
   */
  void rerank(FetchTicket ticket, int rank) {
    Buffer hit = null;
    synchronized (lock) {
      if (!ticket.live || ticket.rank == rank) {
        return;
      }
      ticket.rank = rank;
      if (rank == FetchTicket.URGENT) {
        unholdLocked(ticket);
        if (ticket.deferred) {
          ticket.deferred = false;
          hit = cachedLocked(ticket.key, ticket.expectedLength);
          if (hit != null) {
            counters.cacheHits.increment();
          } else {
            attachLocked(ticket);
          }
        }
      }
      PieceFetch fetch = ticket.fetch;
      if (fetch != null && fetches.get(fetch.key) == fetch) {
        rerankLocked(fetch);
      }
    }
    if (hit != null) {
      ticket.settle(Future.succeededFuture(hit));
    }
    pump();
  }

  /**
   * The cached part with a reference for the caller, if the key is a whole part that is cached with the expected
   * length.
   */
  private Buffer cachedLocked(PieceKey key, int expectedLength) {
    if (!key.isWholePart()) {
      return null;
    }
    Buffer cached = cache.acquire(key);
    if (cached != null && cached.length() != expectedLength) {
      // Cached for a file of another size: the file changed since; read it again (the source will say so).
      PartBuffers.release(cached);
      cache.remove(key);
      return null;
    }
    return cached;
  }

  /** Whether {@link #cachedLocked} would find the part, without taking a reference. */
  private boolean isCachedLocked(PieceKey key, int expectedLength) {
    Buffer cached = cachedLocked(key, expectedLength);
    if (cached == null) {
      return false;
    }
    PartBuffers.release(cached);
    return true;
  }

  /** Joins the running or queued fetch of the ticket's piece, or queues a new one. */
  private void attachLocked(FetchTicket ticket) {
    PieceFetch fetch = fetches.get(ticket.key);
    if (fetch != null) {
      counters.coalesced.increment();
      ticket.origin = FetchTicket.Origin.JOINED;
      ticket.fetch = fetch;
      fetch.tickets.add(ticket);
      rerankLocked(fetch);
      if (fetch.state == PieceFetch.State.RUNNING && fetch.background && !ticket.background) {
        // A transfer now waits for a warm-up's read: the source must stop treating it as background.
        fetch.background = false;
        hurries.add(fetch.key);
      }
    } else {
      counters.cacheMisses.increment();
      ticket.origin = FetchTicket.Origin.FETCH;
      fetch = new PieceFetch(ticket.key, ticket.expectedLength, nextSeq++);
      ticket.fetch = fetch;
      fetch.tickets.add(ticket);
      fetch.rank = ticket.rank;
      fetches.put(ticket.key, fetch);
      Anticipations.Read early = anticipations.adopt(Anticipations.Key.of(ticket.key), System.nanoTime());
      if (early != null) {
        // Its read is already at the gateway (or back): no second read, no wait for a slot.
        counters.anticipationsAdopted.increment();
        fetch.state = PieceFetch.State.RUNNING;
        fetch.early = early;
        fetch.holdsSlot = early.outcome == null;
        adoptions.add(fetch);
      } else {
        queue.add(fetch);
      }
    }
  }

  /**
   * Starts reading the head piece of {@code fileId} at {@code start} before the file is described (see
   * {@link StreamEngine#anticipate}). Only when a slot is free now, and the part is not known to be cached or on its
   * way: an anticipation never delays a read somebody waits for.
   *
   * @return whether a read was started
   */
  boolean anticipate(String fileId, long start, int pieceBytes) {
    PieceKey head = PartGeometry.headPiece(fileId, "", start, pieceBytes);
    Anticipations.Key key = Anticipations.Key.of(head);
    long now = System.nanoTime();
    Anticipations.Read read;
    synchronized (lock) {
      if (running >= maxInFlight || anticipations.running(key, now)) {
        return false;
      }
      String content = lastContent.get(fileId);
      if (content != null) {
        PieceKey whole = PartGeometry.part(fileId, content, PartGeometry.partIndex(start));
        if (fetches.containsKey(whole) || cache.contains(whole)
            || fetches.containsKey(new PieceKey(fileId, content, head.offset(), head.limit()))) {
          return false;
        }
      }
      anticipations.expire(now);
      read = new Anticipations.Read(now);
      anticipations.add(key, read);
      running++;
      peakRunning = Math.max(peakRunning, running);
    }
    counters.fetches.increment();
    counters.pieceFetches.increment();
    counters.anticipatedReads.increment();
    timedRead(head, TelegramGateway.ReadUrgency.WAITED).onComplete(ar -> {
      synchronized (lock) {
        read.outcome = ar;
        if (!read.adopted) {
          running--; // nobody took it over (yet): its slot is free again; a later adopter reads the outcome
          anticipations.answered(key, read);
        }
      }
      pump();
    }).onComplete(read.promise);
    return true;
  }

  /** Drops the cache's parts and the anticipated reads (each releases the part buffer it holds). */
  void clear() {
    synchronized (lock) {
      anticipations.clear();
    }
    cache.clear();
  }

  /** Forgets anticipated reads and remembered content ids of the files a source change names. */
  void forget(SourceChange change) {
    synchronized (lock) {
      if (change.all()) {
        anticipations.clear();
        lastContent.clear();
      } else {
        for (String id : change.fileIds()) {
          anticipations.forget(id);
          lastContent.remove(id);
        }
      }
    }
  }

  private int aheadInUseLocked() {
    return aheadRunning + heldAhead.size();
  }

  private void holdLocked(FetchTicket ticket) {
    ticket.heldAhead = true;
    heldAhead.merge(ticket.key, 1, Integer::sum);
    peakAhead = Math.max(peakAhead, aheadInUseLocked());
  }

  private void unholdLocked(FetchTicket ticket) {
    if (ticket.heldAhead) {
      ticket.heldAhead = false;
      heldAhead.computeIfPresent(ticket.key, (k, n) -> n == 1 ? null : n - 1);
    }
  }

  /** Drops the ticket's interest. Idempotent. */
  void release(FetchTicket ticket) {
    synchronized (lock) {
      if (!ticket.live) {
        return;
      }
      ticket.live = false;
      unholdLocked(ticket);
      PieceFetch fetch = ticket.fetch;
      ticket.fetch = null;
      if (fetch != null && fetches.get(fetch.key) == fetch) {
        fetch.tickets.remove(ticket);
        if (!fetch.tickets.isEmpty()) {
          rerankLocked(fetch);
        } else if (fetch.state == PieceFetch.State.QUEUED) {
          queue.remove(fetch);
          fetches.remove(fetch.key);
        } else if (fetch.state == PieceFetch.State.WAITING) {
          vertx.cancelTimer(fetch.timerId);
          waiting--;
          fetches.remove(fetch.key);
        }
        // RUNNING: the gateway call cannot be taken back; it completes into the cache.
      }
    }
    ticket.drop();
    pump();
  }

  /** Read-ahead parts running or fetched and not yet reached: what the read-ahead budget bounds. */
  int readAheadParts() {
    synchronized (lock) {
      return aheadInUseLocked();
    }
  }

  /** Whether a request for the piece now would be a cache hit or join a fetch (no new gateway read). */
  boolean isCachedOrFetching(PieceKey key) {
    synchronized (lock) {
      return fetches.containsKey(key) || (key.isWholePart() && cache.contains(key));
    }
  }

  /** The most gateway reads that ever ran at once. */
  int peakRunning() {
    synchronized (lock) {
      return peakRunning;
    }
  }

  /** The most read-ahead parts that were ever running or held at once (never above the budget). */
  int peakReadAheadParts() {
    synchronized (lock) {
      return peakAhead;
    }
  }

  /** Gateway reads running now. */
  int running() {
    synchronized (lock) {
      return running;
    }
  }

  /** Fetches waiting for a slot or a retry delay. */
  int queued() {
    synchronized (lock) {
      return queue.size() + waiting;
    }
  }

  /** Keeps the queue ordered and the read-ahead count right after the fetch's tickets changed. */
  private void rerankLocked(PieceFetch fetch) {
    int best = fetch.bestTicketRank();
    if (best != fetch.rank) {
      if (fetch.state == PieceFetch.State.QUEUED) {
        queue.remove(fetch);
        fetch.rank = best;
        queue.add(fetch);
      } else {
        fetch.rank = best;
      }
    }
    if (fetch.runningAhead && best == FetchTicket.URGENT) {
      // Somebody waits for it now: it no longer counts against the read-ahead budget.
      fetch.runningAhead = false;
      aheadRunning--;
    }
  }

  /** Starts queued fetches while slots, the read-ahead budget and the reserve allow. */
  void pump() {
    List<PieceFetch> launch = null;
    List<PieceFetch> adopted = null;
    List<PieceKey> hurried = null;
    synchronized (lock) {
      if (!hurries.isEmpty()) {
        hurried = new ArrayList<>(hurries);
        hurries.clear();
      }
      if (!adoptions.isEmpty()) {
        adopted = new ArrayList<>(adoptions);
        adoptions.clear();
      }
      Iterator<PieceFetch> it = queue.iterator();
      while (it.hasNext() && running < maxInFlight) {
        PieceFetch fetch = it.next();
        boolean ahead = fetch.rank > FetchTicket.URGENT;
        if (ahead) {
          if (aheadInUseLocked() >= aheadBudgetParts) {
            break; // ranks are ordered: everything after this is read-ahead too
          }
          if (running >= maxInFlight - reservedSlots && !fetch.mayTakeReserve()) {
            continue;
          }
          fetch.runningAhead = true;
          aheadRunning++;
          peakAhead = Math.max(peakAhead, aheadInUseLocked());
        }
        it.remove();
        fetch.state = PieceFetch.State.RUNNING;
        running++;
        peakRunning = Math.max(peakRunning, running);
        if (launch == null) {
          launch = new ArrayList<>();
        }
        fetch.background = fetch.wantedInBackgroundOnly();
        launch.add(fetch);
      }
    }
    if (hurried != null) {
      for (PieceKey key : hurried) {
        gateway.hurry(key.fileId(), key.offset(), key.limit());
      }
    }
    if (adopted != null) {
      for (PieceFetch fetch : adopted) {
        Anticipations.Read early = fetch.early;
        fetch.early = null;
        early.future().onComplete(ar -> attemptDone(fetch, ar));
      }
    }
    if (launch != null) {
      for (PieceFetch fetch : launch) {
        start(fetch);
      }
    }
  }

  private void start(PieceFetch fetch) {
    counters.fetches.increment();
    if (fetch.isSmallerThanAPart()) {
      counters.pieceFetches.increment();
    }
    TelegramGateway.ReadUrgency urgency;
    synchronized (lock) {
      urgency = fetch.background ? TelegramGateway.ReadUrgency.BACKGROUND : TelegramGateway.ReadUrgency.WAITED;
    }
    timedRead(fetch.key, urgency).onComplete(ar -> attemptDone(fetch, ar));
  }

  /** The gateway read of {@code key}, failing UNAVAILABLE if it does not answer within the read timeout. */
  private Future<Buffer> timedRead(PieceKey key, TelegramGateway.ReadUrgency urgency) {
    Future<Buffer> read;
    long began = System.nanoTime();
    try {
      read = gateway.readPart(key.fileId(), key.offset(), key.limit(), urgency);
    } catch (RuntimeException e) {
      read = Future.failedFuture(e);
    }
    // A read that never answers (a hung disk, a lost connection) would hold its slot and every waiting reader forever:
    // after the read timeout it fails as UNAVAILABLE and takes the normal retry path; a late answer is dropped.
    Promise<Buffer> outcome = Promise.promise();
    long timer = vertx.setTimer(readTimeoutMs, id -> outcome.tryFail(new GatewayException(
        GatewayException.Kind.UNAVAILABLE, "read of " + key + " timed out after " + readTimeoutMs + " ms")));
    read.onComplete(ar -> {
      counters.readAnswered(System.nanoTime() - began);
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        if (!outcome.tryComplete(ar.result())) {
          PartBuffers.release(ar.result()); // a late answer: the read already failed as timed out
        }
      } else {
        outcome.tryFail(ar.cause());
      }
    });
    return outcome.future();
  }

  private void attemptDone(PieceFetch fetch, AsyncResult<Buffer> ar) {
    if (ar.succeeded() && ar.result() != null && ar.result().length() == fetch.expectedLength) {
      succeeded(fetch, ar.result());
      return;
    }
    Throwable failure = ar.failed() ? ar.cause()
        : new GatewayException(GatewayException.Kind.FILE_CHANGED, "read of " + fetch.key + " returned "
            + (ar.result() == null ? "nothing" : ar.result().length() + " bytes") + ", expected "
            + fetch.expectedLength + ": the file changed");
    if (ar.succeeded() && ar.result() != null) {
      PartBuffers.release(ar.result());
    }
    failed(fetch, failure);
  }

  private void succeeded(PieceFetch fetch, Buffer data) {
    List<FetchTicket> deliver;
    synchronized (lock) {
      finishAttemptLocked(fetch);
      fetches.remove(fetch.key);
      if (fetch.key.isWholePart()) {
        cache.put(fetch.key, data);
      }
      deliver = new ArrayList<>(fetch.tickets.size());
      for (FetchTicket t : fetch.tickets) {
        t.fetch = null;
        if (t.rank == FetchTicket.URGENT || !t.mayDefer) {
          deliver.add(t);
        } else if (heldAhead.containsKey(t.key) || aheadInUseLocked() < aheadBudgetParts) {
          // Within the budget: the ticket holds it until its owner gets there.
          holdLocked(t);
          deliver.add(t);
        } else {
          // Over budget: the owner finds a whole part in the cache when it gets there; an edge piece (which the cache
          // does not keep) is read again then. The budget is a hard bound on memory, so it is never exceeded.
          t.deferred = true;
        }
      }
      fetch.tickets.clear();
      // Each ticket's reference is taken before the read's own is dropped, so the part is never freed in between.
      for (int i = 0; i < deliver.size(); i++) {
        PartBuffers.retain(data);
      }
    }
    PartBuffers.release(data);
    pump();
    AsyncResult<Buffer> result = Future.succeededFuture(data);
    for (FetchTicket t : deliver) {
      t.settle(result);
    }
  }

  private void failed(PieceFetch fetch, Throwable failure) {
    counters.fetchFailures.increment();
    GatewayException.Kind kind = GatewayException.kindOf(failure);
    long delay = retryPolicy.delayMillis(failure, fetch.unavailableFailures, fetch.floodWaits);
    List<FetchTicket> deliver = List.of();
    boolean retrying = false;
    boolean warnFlood = false;
    synchronized (lock) {
      finishAttemptLocked(fetch);
      if (kind == GatewayException.Kind.FLOOD_WAIT) {
        long now = System.nanoTime();
        if (now - floodLoggedUntilNanos >= 0) {
          warnFlood = true;
          floodLoggedUntilNanos = now + TimeUnit.MILLISECONDS.toNanos(Math.max(delay, 1000));
        }
        fetch.floodWaits++;
      } else if (kind == GatewayException.Kind.UNAVAILABLE) {
        fetch.unavailableFailures++;
      }
      if (fetch.tickets.isEmpty()) {
        fetches.remove(fetch.key); // nobody wants it any more: no point retrying
      } else if (delay != RetryPolicy.GIVE_UP) {
        retrying = true;
        fetch.state = PieceFetch.State.WAITING;
        waiting++;
        fetch.timerId = vertx.setTimer(delay, id -> requeue(fetch));
      } else {
        fetches.remove(fetch.key);
        deliver = new ArrayList<>(fetch.tickets);
        fetch.tickets.clear();
        for (FetchTicket t : deliver) {
          t.fetch = null;
        }
      }
    }
    if (retrying) {
      if (warnFlood) {
        LOG.warn("FLOOD_WAIT for file {} at offset {}: waiting {} ms as the server asks", fetch.key.fileId(),
            fetch.key.offset(), delay);
      } else {
        LOG.debug("read of file {} at offset {} failed ({}), retrying in {} ms", fetch.key.fileId(),
            fetch.key.offset(), failure.toString(), delay);
      }
    } else if (!deliver.isEmpty()) {
      LOG.warn("giving up on file {} at offset {} (limit {}): {}", fetch.key.fileId(), fetch.key.offset(),
          fetch.key.limit(), failure.toString());
    }
    pump();
    AsyncResult<Buffer> result = Future.failedFuture(failure);
    for (FetchTicket t : deliver) {
      t.settle(result);
    }
  }

  private void finishAttemptLocked(PieceFetch fetch) {
    if (fetch.holdsSlot) {
      running--;
    }
    fetch.holdsSlot = true; // a retry queues and takes a slot like any fetch
    if (fetch.runningAhead) {
      fetch.runningAhead = false;
      aheadRunning--;
    }
  }

  private void requeue(PieceFetch fetch) {
    synchronized (lock) {
      if (fetch.state != PieceFetch.State.WAITING || fetches.get(fetch.key) != fetch) {
        return;
      }
      waiting--;
      counters.retries.increment();
      fetch.state = PieceFetch.State.QUEUED;
      fetch.rank = fetch.bestTicketRank();
      queue.add(fetch);
    }
    pump();
  }
}
