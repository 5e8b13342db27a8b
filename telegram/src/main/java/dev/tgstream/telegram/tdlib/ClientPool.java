package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.GatewayException;

import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Chooses the client for each read: one that served these bytes before (they are on its disk: no download at all),
 * else the least loaded one (ties go to the first, so one client's windows stay warm while load is light); never one
 * in FLOOD_WAIT. A client in FLOOD_WAIT is skipped until its wait ends; when every client
 * waits, the caller learns the shortest remaining wait. Thread-safe.
 */
final class ClientPool {

  private final List<PooledClient> clients;
  private final LongSupplier clock;

  ClientPool(List<PooledClient> clients, LongSupplier clock) {
    if (clients.isEmpty()) {
      throw new IllegalArgumentException("the streaming pool needs at least one client");
    }
    this.clients = List.copyOf(clients);
    this.clock = clock;
  }

  List<PooledClient> clients() {
    return clients;
  }

  /** The client for the next read, skipping {@code tried}; fails FLOOD_WAIT (shortest wait) when none is free. */
  PooledClient pick(Set<PooledClient> tried) {
    return pick(tried, null, 0, 0);
  }

  /** As {@link #pick(Set)}, preferring a client that already holds bytes [offset, end) of {@code fileId}. */
  PooledClient pick(Set<PooledClient> tried, String fileId, long offset, long end) {
    long now = clock.getAsLong();
    if (fileId != null) {
      for (PooledClient c : clients) {
        if (!tried.contains(c) && !c.flooded(now) && c.probablyHolds(fileId, offset, end)) {
          return c;
        }
      }
    }
    PooledClient best = null;
    long soonest = Long.MAX_VALUE;
    for (PooledClient c : clients) {
      if (tried.contains(c)) {
        continue;
      }
      if (c.flooded(now)) {
        soonest = Math.min(soonest, c.floodUntilMillis());
        continue;
      }
      if (best == null || c.load() < best.load()) {
        best = c;
      }
    }
    if (best != null) {
      return best;
    }
    if (soonest == Long.MAX_VALUE) {
      return null;
    }
    throw GatewayException.floodWait((int) Math.max(1, (soonest - now + 999) / 1000));
  }

  void flooded(PooledClient client, int seconds) {
    client.floodFor(seconds, clock.getAsLong());
  }
}
