package dev.tgstream.telegram;

import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Local files recently opened for sendfile ({@link TelegramGateway#localRegion}), kept open and shared by the
 * responses that follow, as nginx's open_file_cache does: a player's or a download manager's next range of the same
 * file goes to the socket without what opening it again costs (for a library file a worker trip, a path resolution
 * and an open, which cost more CPU than the rest of such a request; for a TDLib download also two TDLib requests).
 *
 * <p>What is handed out is always what the gateway checked: a file kept here is offered only for the description it
 * was checked against (same file id and content id), for less than {@link #VALID_NANOS} after that check, and never
 * after {@link #forget} was told of a change of it. A file deleted or replaced therefore stops being offered as soon
 * as the change is seen (and within a second when nothing tells); what a response already holds stays readable, as
 * with any open file. Thread-safe; nothing here blocks but closing a file.
 */
public final class OpenFiles {

  /** How long a check stands: well inside the two seconds in which a change must show. */
  public static final long VALID_NANOS = 1_000_000_000L;
  /** Files kept open at most; the least recently used one is let go first. */
  public static final int MAX_OPEN = 32;

  private final LongSupplier nanoClock;
  /** By file id, least recently used first. */
  private final LinkedHashMap<String, Kept> kept = new LinkedHashMap<>(16, 0.75f, true);
  private final AtomicInteger open = new AtomicInteger();

  public OpenFiles(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** A region over the kept channel of {@code described}, when one is kept for it and its check still stands. */
  public Optional<LocalRegion> reuse(MediaFile described) {
    Kept k;
    synchronized (this) {
      k = kept.get(described.id());
      if (k == null) {
        return Optional.empty();
      }
      if (nanoClock.getAsLong() - k.checkedAt >= VALID_NANOS) {
        kept.remove(described.id());
        k.release();
        return Optional.empty();
      }
      if (!k.uniqueId.equals(described.uniqueId()) || !k.retain()) {
        return Optional.empty();
      }
    }
    return Optional.of(k.region(described.size()));
  }

  /**
   * Keeps {@code channel}, just checked to hold exactly {@code described}, and returns the caller's region over it. The
   * channel now belongs to this cache and the regions over it.
   */
  public LocalRegion keep(MediaFile described, FileChannel channel) {
    Kept k = new Kept(described.uniqueId(), channel, nanoClock.getAsLong());
    open.incrementAndGet();
    List<Kept> dropped = new ArrayList<>();
    synchronized (this) {
      k.retain(); // the caller's region
      Kept before = kept.put(described.id(), k);
      if (before != null) {
        dropped.add(before);
      }
      Iterator<Kept> eldest = kept.values().iterator();
      while (kept.size() > MAX_OPEN && eldest.hasNext()) {
        dropped.add(eldest.next());
        eldest.remove();
      }
    }
    dropped.forEach(Kept::release);
    return k.region(described.size());
  }

  /** Lets go of the files a change may concern (a library watcher's announcement). */
  public void forget(SourceChange change) {
    List<Kept> dropped = new ArrayList<>();
    synchronized (this) {
      for (Iterator<Map.Entry<String, Kept>> it = kept.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Kept> e = it.next();
        if (change.affects(e.getKey())) {
          dropped.add(e.getValue());
          it.remove();
        }
      }
    }
    dropped.forEach(Kept::release);
  }

  /** Lets go of the files whose check no longer stands, so an idle service holds no file open. */
  public void sweep() {
    long now = nanoClock.getAsLong();
    List<Kept> dropped = new ArrayList<>();
    synchronized (this) {
      for (Iterator<Kept> it = kept.values().iterator(); it.hasNext(); ) {
        Kept k = it.next();
        if (now - k.checkedAt >= VALID_NANOS) {
          dropped.add(k);
          it.remove();
        }
      }
    }
    dropped.forEach(Kept::release);
  }

  /** Lets go of everything (the gateway closes); regions still out keep their channel until they close. */
  public void clear() {
    forget(SourceChange.everything());
  }

  /** Files open now through this cache: kept ones and ones only a region still holds. */
  public int openFiles() {
    return open.get();
  }

  /** One open file: closed when the cache and every region over it have let go. */
  private final class Kept {
    final String uniqueId;
    final FileChannel channel;
    final long checkedAt;
    /** The cache's hold plus one per region out; 0 once closed. */
    private final AtomicInteger holders = new AtomicInteger(1);

    Kept(String uniqueId, FileChannel channel, long checkedAt) {
      this.uniqueId = uniqueId;
      this.channel = channel;
      this.checkedAt = checkedAt;
    }

    /** One more holder, unless the last one already let go (then the channel is closed). */
    boolean retain() {
      int n;
      do {
        n = holders.get();
        if (n == 0) {
          return false;
        }
      } while (!holders.compareAndSet(n, n + 1));
      return true;
    }

    void release() {
      if (holders.decrementAndGet() == 0) {
        LocalRegion.closeQuietly(channel);
        open.decrementAndGet();
      }
    }

    LocalRegion region(long size) {
      return LocalRegion.shared(channel, size, this::release);
    }
  }
}
