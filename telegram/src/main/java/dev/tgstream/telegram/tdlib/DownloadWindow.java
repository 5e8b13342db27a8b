package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.GatewayException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * The one owner of TDLib's single download window of one file in one client. TDLib keeps ONE window per file (a new
 * downloadFile with another offset/limit replaces the last and cancels what lies outside it), so every reader of the
 * file goes through here and this class decides where the window is:
 * <ol>
 *   <li>a read whose bytes are already on disk (seen in updateFile, or answered by getFileDownloadedPrefixSize) is
 *       served from the local file at once and does not touch the window;</li>
 *   <li>a read that continues nothing (a seek, a new player, a probe such as the moov atom at the tail) moves the
 *       window to itself at once, for its own bytes only, so it is short; the window then goes back;</li>
 *   <li>otherwise the oldest waiting read decides: the window covers it and the queued reads contiguous with it (a
 *       player's read-ahead), at most {@code maxWindowBytes}; while nothing else waits, reads that continue the
 *       window lengthen it in place (same offset: TDLib loses nothing in flight). Two players of one file so take turns
 *       by whole batches of their read-ahead: both progress, and the window moves about once per batch, not per
 *       part.</li>
 * </ol>
 * These rules apply to the reads somebody waits for; BACKGROUND reads (a warm-up of the first and last part) are
 * considered only while none of those waits, so a seek right after a warm-up started moves the window at once instead
 * of waiting for the warm-up. The background read resumes after, where it stopped: TDLib keeps what it downloaded.
 * A background read somebody comes to wait for ({@link ReadWait#hurry}) counts as waited from then on.
 * Limits are always bounded (never 0, which would let TDLib run on to the end and wrap round). Progress arrives as
 * updateFile; the local path moves when the download completes and is re-read from each update. Every read has a
 * timeout; a window TDLib stops without the bytes is re-issued a few times, then its reads fail.
 *
 * <p>Not thread-safe: everything runs on the client's context (where its updates arrive).
 */
final class DownloadWindow {

  private static final Logger LOG = LoggerFactory.getLogger(DownloadWindow.class);
  /** A read starting this close after a served or waiting read's end continues it (the engine may skip cached parts). */
  static final long CONTINUATION_SLACK = 2L * 1024 * 1024;
  private static final int RECENT_ENDS = 32;
  /** Re-issues of a window TDLib stopped with no new bytes before its reads fail. */
  private static final int MAX_IDLE_REISSUES = 3;
  /** The cause of every read-timeout failure: tells it apart from other UNAVAILABLE faults ({@link #isReadTimeout}). */
  private static final Throwable READ_TIMED_OUT = new RuntimeException("read timeout", null, false, false) { };

  private final TdClient client;
  private final Context context;
  private final Vertx vertx;
  private final TdlibSettings settings;
  private final DownloadStats stats;
  private final DiskBudget budget;
  final int fileId;
  private long size;

  private String path = "";
  private boolean completed;
  private boolean tdActive;
  private long tdOffset;
  private long downloadedSize;
  private final ByteRanges known = new ByteRanges();

  private final List<PendingRead> pending = new ArrayList<>();
  private long nextSeq;
  private boolean windowOpen;
  private long windowOffset;
  private long windowEnd;
  /** downloadFile calls sent; an answer to an older one is not taken as the state of the current window. */
  private long issued;
  private long answered;
  private PendingRead servingHead;
  private final ArrayDeque<Long> recentEnds = new ArrayDeque<>();
  private long bytesAtLastIssue = -1;
  private int idleReissues;
  private long lastAccessNanos = System.nanoTime();
  /**
   * Reads being served from the local file ({@link #serve}): eviction waits for them like for pending reads. A read
   * counts until its bytes are in memory, no longer: when the worker thread finishes before serve's chain is built,
   * the read completes within {@link #read} and an eviction asked right after may rightly delete the copy.
   */
  private int serving;
  /** A deleteFile is in flight: new reads wait for its answer rather than read a file that is being deleted. */
  private boolean evicting;

  private static final class PendingRead {
    final long offset;
    final long end;
    final long seq;
    final boolean head;
    final ReadWait wait;
    final Promise<Buffer> promise = Promise.promise();
    boolean probing;
    /** Arrived during an eviction: probed once the deleteFile is answered. */
    boolean afterEviction;
    long timer = -1;

    PendingRead(long offset, long end, long seq, boolean head, ReadWait wait) {
      this.offset = offset;
      this.end = end;
      this.seq = seq;
      this.head = head;
      this.wait = wait;
    }
  }

  DownloadWindow(TdClient client, Vertx vertx, TdlibSettings settings, DownloadStats stats, DiskBudget budget,
      TdFileRef file) {
    this.budget = budget;
    this.client = client;
    this.context = client.context();
    this.vertx = vertx;
    this.settings = settings;
    this.stats = stats;
    this.fileId = file.fileId();
    this.size = file.size();
  }

  long size() {
    return size;
  }

  void runOnContext(Runnable work) {
    context.runOnContext(v -> work.run());
  }

  /** Whether a read waits on this file or is being served from its local copy (the copy must not go now). */
  boolean busy() {
    return !pending.isEmpty() || serving > 0;
  }

  long lastAccessNanos() {
    return lastAccessNanos;
  }

  /**
   * Whether forgetting this window loses nothing: no read waits or is served, no deleteFile is in flight, TDLib is not
   * downloading it, and no bytes of it are known on disk (a new window finds out again what is there by probing).
   */
  boolean holdsNothing() {
    return !busy() && !evicting && !(windowOpen && tdActive) && bytesOnDisk() == 0;
  }

  /** Bytes of this file TDLib holds on disk (as far as its updates told). */
  long bytesOnDisk() {
    return completed ? size : Math.max(downloadedSize, known.total());
  }

  /** Bytes [offset, offset + length) clamped to the file's end, for a reader who waits; on the client's context. */
  Future<Buffer> read(long offset, int length) {
    return read(offset, length, ReadWait.WAITED);
  }

  /** As {@link #read(long, int)}; a BACKGROUND {@code wait} gives the window up to waited reads. */
  Future<Buffer> read(long offset, int length, ReadWait wait) {
    lastAccessNanos = System.nanoTime();
    long end = Math.min(size, offset + length);
    if (!evicting && (completed || known.covers(offset, end))) {
      stats.readsFromDisk.incrementAndGet();
      remember(end);
      return serve(offset, end);
    }
    PendingRead r = new PendingRead(offset, end, nextSeq++, !continuesSomething(offset), wait);
    pending.add(r);
    // Hurried while waiting here: the window may have to come to it now, not when the next update arrives.
    wait.onHurry(() -> runOnContext(this::schedule));
    r.timer = vertx.setTimer(settings.readTimeout().toMillis(), t -> context.runOnContext(v -> timeout(r)));
    // Not a candidate until probed: during an eviction, not until the deleteFile is answered (what is on disk then).
    r.probing = true;
    if (evicting) {
      r.afterEviction = true;
    } else {
      probe(r);
    }
    return r.promise.future();
  }

  /** Bytes may be on disk from an earlier window or process; asking is local and cheap, moving the window is not. */
  private void probe(PendingRead r) {
    long offset = r.offset;
    client.send(new JsonObject().put("@type", "getFileDownloadedPrefixSize").put("file_id", fileId)
            .put("offset", offset), settings.requestTimeout())
        .onComplete(ar -> {
          r.probing = false;
          if (ar.succeeded()) {
            long prefix = ar.result().getLong("size", 0L);
            if (prefix > 0) {
              known.add(offset, Math.min(size, offset + prefix));
            }
          }
          if (ar.succeeded() && known.covers(r.offset, r.end) && pending.contains(r)) {
            stats.readsFromDisk.incrementAndGet();
          }
          schedule();
        });
  }

  /** An updateFile for this file (on the client's context). */
  void onUpdate(JsonObject file) {
    apply(file);
    if (windowOpen && answered == issued && !tdActive && !completed && tdOffset == windowOffset) {
      // TDLib ended the window: its limit was reached, or the download stopped.
      windowOpen = false;
    }
    schedule();
  }

  /**
   * Deletes TDLib's local copy when no read waits for it or is being served from it; completes with whether it did.
   * Reads that arrive meanwhile wait for the deleteFile answer, then find out what is left on disk (nothing, usually)
   * and download it again. When none did, the window {@link #holdsNothing} and its owner may forget it.
   */
  Future<Boolean> evict() {
    if (busy() || evicting || (path.isEmpty() && known.total() == 0)) {
      return Future.succeededFuture(false);
    }
    evicting = true;
    long issuedBefore = issued;
    return client.send(new JsonObject().put("@type", "deleteFile").put("file_id", fileId), settings.requestTimeout())
        .map(ok -> {
          stats.evictions.incrementAndGet();
          // Nothing can read or move the window while evicting; checked anyway, as the state must not be reset under
          // a read being served or a window issued after the deletion.
          if (serving == 0 && issued == issuedBefore) {
            known.clear();
            path = "";
            completed = false;
            downloadedSize = 0;
            windowOpen = false;
          }
          return true;
        })
        .otherwise(false)
        .andThen(ar -> {
          evicting = false;
          for (PendingRead r : List.copyOf(pending)) {
            if (r.afterEviction) {
              r.afterEviction = false;
              probe(r);
            }
          }
          schedule();
        });
  }

  private void apply(JsonObject file) {
    long reportedSize = file.getLong("size", 0L);
    if (reportedSize > 0) {
      size = reportedSize;
    }
    JsonObject local = file.getJsonObject("local");
    if (local == null) {
      return;
    }
    path = local.getString("path", "");
    completed = local.getBoolean("is_downloading_completed", false);
    tdActive = local.getBoolean("is_downloading_active", false);
    tdOffset = local.getLong("download_offset", 0L);
    downloadedSize = local.getLong("downloaded_size", 0L);
    long prefix = local.getLong("downloaded_prefix_size", 0L);
    if (prefix > 0) {
      known.add(tdOffset, Math.min(size, tdOffset + prefix));
    }
    if (completed) {
      known.add(0, size);
    }
    if (path.isEmpty() && !completed && prefix == 0 && downloadedSize == 0) {
      // The local copy is gone (deleted by us, by TDLib's storage optimizer, or by hand).
      known.clear();
    }
  }

  private void schedule() {
    for (PendingRead r : List.copyOf(pending)) {
      if (!r.probing && (completed || known.covers(r.offset, r.end))) {
        finishFromDisk(r);
      }
    }
    List<PendingRead> probed = pending.stream().filter(r -> !r.probing).toList();
    if (probed.isEmpty()) {
      return;
    }
    List<PendingRead> waited = probed.stream().filter(r -> r.wait.waited()).toList();
    // Background reads only while nobody waits: whatever holds the window for them gives it up now.
    List<PendingRead> candidates = waited.isEmpty() ? probed : waited;
    if (servingHead != null && !candidates.contains(servingHead)) {
      servingHead = null;
    }
    if (windowOpen && servingHead != null) {
      return; // a seek or probe holds the window for its own few bytes: let it finish
    }
    for (PendingRead r : candidates) {
      if (r.head && !windowCovers(r)) {
        servingHead = r;
        noteYield(candidates);
        move(r.offset, r.end);
        return;
      }
    }
    PendingRead oldest = candidates.get(0);
    if (windowOpen && windowCovers(oldest)) {
      extendIfAlone(candidates);
      return;
    }
    noteYield(candidates);
    move(oldest.offset, spanEnd(oldest, candidates));
  }

  /** Counts a move, for reads somebody waits for, away from a window a background read was waiting on. */
  private void noteYield(List<PendingRead> candidates) {
    if (!windowOpen || candidates.isEmpty() || !candidates.get(0).wait.waited()) {
      return;
    }
    for (PendingRead r : pending) {
      if (!r.wait.waited() && windowCovers(r)) {
        stats.backgroundYields.incrementAndGet();
        return;
      }
    }
  }

  /** The end of the run of waiting reads contiguous with {@code first}, bounded by the window cap. */
  private long spanEnd(PendingRead first, List<PendingRead> candidates) {
    long end = first.end;
    long cap = Math.max(first.end, first.offset + settings.maxWindowBytes());
    for (PendingRead r : candidates.stream().sorted(Comparator.comparingLong(r -> r.offset)).toList()) {
      if (r.offset < first.offset) {
        continue;
      }
      if (r.offset > end) {
        break;
      }
      end = Math.max(end, r.end);
    }
    return Math.min(end, Math.min(size, cap));
  }

  /** Lengthens the window over reads that continue it, but only while no other reader waits for a turn. */
  private void extendIfAlone(List<PendingRead> candidates) {
    List<PendingRead> outside = candidates.stream().filter(r -> !windowCovers(r))
        .sorted(Comparator.comparingLong(r -> r.offset)).toList();
    if (outside.isEmpty()) {
      return;
    }
    long end = windowEnd;
    for (PendingRead r : outside) {
      if (r.offset > end) {
        return; // someone else waits elsewhere: their turn comes when this window's reads are done
      }
      end = Math.max(end, r.end);
    }
    long frontier = known.contiguousEnd(windowOffset);
    end = Math.min(end, Math.max(windowEnd, frontier + settings.maxWindowBytes()));
    if (end > windowEnd) {
      stats.windowExtensions.incrementAndGet();
      issue(windowOffset, end);
    }
  }

  private void move(long offset, long end) {
    if (windowOpen && offset == windowOffset && end == windowEnd) {
      return;
    }
    stats.windowMoves.incrementAndGet();
    if (windowOpen && tdActive) {
      stats.windowReplacements.incrementAndGet();
    }
    long have = known.total();
    if (!windowOpen && offset == windowOffset && end == windowEnd && have == bytesAtLastIssue) {
      // The same window again with nothing new on disk: TDLib stopped it without the bytes.
      if (++idleReissues > MAX_IDLE_REISSUES) {
        failInRange(offset, end, new GatewayException(GatewayException.Kind.UNAVAILABLE,
            "TDLib stopped downloading file " + fileId + " at " + known.contiguousEnd(offset) + " (window " + offset
                + ".." + end + ")"));
        idleReissues = 0;
        return;
      }
    } else {
      idleReissues = 0;
    }
    bytesAtLastIssue = have;
    issue(offset, end);
  }

  private void issue(long offset, long end) {
    windowOpen = true;
    windowOffset = offset;
    windowEnd = end;
    long id = ++issued;
    client.send(new JsonObject().put("@type", "downloadFile").put("file_id", fileId)
            .put("priority", settings.downloadPriority()).put("offset", offset).put("limit", end - offset)
            .put("synchronous", false), settings.requestTimeout())
        .onComplete(ar -> {
          answered = Math.max(answered, id);
          if (ar.failed()) {
            if (id == issued) {
              windowOpen = false;
              failAll(ar.cause());
            }
            return;
          }
          apply(ar.result());
          if (id == issued && !tdActive && !completed) {
            windowOpen = false;
          }
          schedule();
        });
  }

  private boolean windowCovers(PendingRead r) {
    return windowOpen && windowOffset <= r.offset && r.end <= windowEnd;
  }

  private boolean continuesSomething(long offset) {
    if (windowOpen && offset >= windowOffset && offset <= windowEnd) {
      return true;
    }
    for (long end : recentEnds) {
      if (offset >= end && offset <= end + CONTINUATION_SLACK) {
        return true;
      }
    }
    for (PendingRead r : pending) {
      if (offset >= r.offset && offset <= r.end + CONTINUATION_SLACK) {
        return true;
      }
    }
    return false;
  }

  private void remember(long end) {
    recentEnds.addLast(end);
    if (recentEnds.size() > RECENT_ENDS) {
      recentEnds.removeFirst();
    }
  }

  private void finishFromDisk(PendingRead r) {
    if (!pending.remove(r)) {
      return;
    }
    vertx.cancelTimer(r.timer);
    stats.readsWaited.incrementAndGet();
    remember(r.end);
    serve(r.offset, r.end).onComplete(r.promise);
  }

  private void timeout(PendingRead r) {
    if (!pending.remove(r)) {
      return;
    }
    stats.readTimeouts.incrementAndGet();
    LOG.warn("TDLib file {}: bytes {}..{} did not arrive within {} ms (window {}..{}, open {})", fileId, r.offset,
        r.end, settings.readTimeout().toMillis(), windowOffset, windowEnd, windowOpen);
    r.promise.tryFail(new GatewayException(GatewayException.Kind.UNAVAILABLE, "Telegram download of bytes "
        + r.offset + ".." + r.end + " did not arrive within " + settings.readTimeout().toMillis() + " ms",
        READ_TIMED_OUT));
    schedule();
  }

  /**
   * Whether {@code failure} is a read's own {@link TdlibSettings#readTimeout}: that read already used most of the
   * engine's time, so it must not be tried again elsewhere (the engine retries it; the window keeps downloading).
   */
  static boolean isReadTimeout(Throwable failure) {
    return failure instanceof GatewayException && failure.getCause() == READ_TIMED_OUT;
  }

  private void failAll(Throwable cause) {
    for (PendingRead r : List.copyOf(pending)) {
      pending.remove(r);
      vertx.cancelTimer(r.timer);
      r.promise.tryFail(cause);
    }
  }

  private void failInRange(long offset, long end, Throwable cause) {
    for (PendingRead r : List.copyOf(pending)) {
      if (r.offset < end && r.end > offset) {
        pending.remove(r);
        vertx.cancelTimer(r.timer);
        r.promise.tryFail(cause);
      }
    }
  }

  /**
   * Reads downloaded bytes from the local file; when that fails (the path moved on completion, or is not readable
   * here) the path is looked up again, and readFilePart is the last resort.
   */
  private Future<Buffer> serve(long offset, long end) {
    int length = (int) (end - offset);
    serving++;
    return LocalFileReader.read(context, path, offset, length)
        .recover(first -> client.send(new JsonObject().put("@type", "getFile").put("file_id", fileId),
                settings.requestTimeout())
            .compose(file -> {
              apply(file);
              return LocalFileReader.read(context, path, offset, length);
            }))
        .recover(second -> {
          stats.readFilePartFallbacks.incrementAndGet();
          return client.send(new JsonObject().put("@type", "readFilePart").put("file_id", fileId)
                  .put("offset", offset).put("count", length), settings.requestTimeout())
              .map(data -> Buffer.buffer(Base64.getDecoder().decode(data.getString("data", ""))));
        })
        .compose(bytes -> {
          if (bytes.length() != length) {
            known.clear();
            return Future.failedFuture(new GatewayException(GatewayException.Kind.UNAVAILABLE,
                "TDLib's local copy of file " + fileId + " returned " + bytes.length() + " of " + length + " bytes"));
          }
          budget.touched(this);
          return Future.succeededFuture(bytes);
        }, failure -> {
          // The bytes we counted on are not there (deleted behind our back?): forget them so they download again.
          known.clear();
          return Future.failedFuture(new GatewayException(GatewayException.Kind.UNAVAILABLE,
              "reading TDLib's local copy of file " + fileId + " failed: " + failure.getMessage(), failure));
        })
        .andThen(ar -> serving--);
  }
}
