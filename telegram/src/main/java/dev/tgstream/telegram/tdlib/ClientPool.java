package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.GatewayException;

import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Chooses the client for each read: one that served these bytes before (they are on its disk: no download at all),
 * else the least loaded one (ties go to the first, so one client's windows stay warm while load is light); never one
 * in FLOOD_WAIT. A client in FLOOD_WAIT is skipped until its wait ends; when every client
 * waits, the caller learns the shortest remaining wait. A retired client (its login ended: a bot token revoked) is
 * never picked again, so no read pays a failed try on it first. Thread-safe.
 */
final class ClientPool {

  private final List<PooledClient> clients;
  private final LongSupplier clock;
  private final Set<PooledClient> retired = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Streams only once every client of the pool is retired (the user session behind the bots), else null. */
  private final PooledClient standby;

  ClientPool(List<PooledClient> clients, LongSupplier clock) {
    this(clients, null, clock);
  }

  ClientPool(List<PooledClient> clients, PooledClient standby, LongSupplier clock) {
    if (clients.isEmpty()) {
      throw new IllegalArgumentException("the streaming pool needs at least one client");
    }
    this.clients = List.copyOf(clients);
    this.standby = standby;
    this.clock = clock;
  }

  List<PooledClient> clients() {
    return clients;
  }

  /** Clients that may still be picked: all but the retired ones (the standby counts once it is the only one). */
  int serving() {
    int left = clients.size() - retired.size();
    return left == 0 && standby != null ? 1 : left;
  }

  /** Takes {@code client}'s pooled entry out of service for good; false when it is not in the pool. */
  boolean retire(TdClient client) {
    for (PooledClient c : clients) {
      if (c.client == client) {
        return retire(c);
      }
    }
    return false;
  }

  boolean retire(PooledClient client) {
    return clients.contains(client) && retired.add(client);
  }

  /**
   * {@code preferred} while it is in service (or not a pooled client at all: the user session); once the pool retired
   * it, the first pooled client still serving, else the standby, so metadata calls move off a revoked bot too.
   */
  TdClient inService(TdClient preferred) {
    PooledClient pooled = null;
    for (PooledClient c : clients) {
      if (c.client == preferred) {
        pooled = c;
      }
    }
    if (pooled == null || !retired.contains(pooled)) {
      return preferred;
    }
    for (PooledClient c : clients) {
      if (!retired.contains(c)) {
        return c.client;
      }
    }
    return standby != null ? standby.client : preferred;
  }

  /** The client for the next read, skipping {@code tried}; fails FLOOD_WAIT (shortest wait) when none is free. */
  PooledClient pick(Set<PooledClient> tried) {
    return pick(tried, null, 0, 0);
  }

  /** As {@link #pick(Set)}, preferring a client that already holds bytes [offset, end) of {@code fileId}. */
  PooledClient pick(Set<PooledClient> tried, String fileId, long offset, long end) {
    if (standby != null && retired.size() == clients.size()) {
      return tried.contains(standby) ? null : standby;
    }
    long now = clock.getAsLong();
    if (fileId != null) {
      for (PooledClient c : clients) {
        if (!tried.contains(c) && !retired.contains(c) && !c.flooded(now) && c.probablyHolds(fileId, offset, end)) {
          return c;
        }
      }
    }
    PooledClient best = null;
    long soonest = Long.MAX_VALUE;
    for (PooledClient c : clients) {
      if (tried.contains(c) || retired.contains(c)) {
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
