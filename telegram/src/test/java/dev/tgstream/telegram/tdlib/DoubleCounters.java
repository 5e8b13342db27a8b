package dev.tgstream.telegram.tdlib;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What the TDLib test double saw and did, for tests to assert on. Counts per request type and per client. */
public final class DoubleCounters {

  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  void add(String name, long delta) {
    counts.computeIfAbsent(name, n -> new AtomicLong()).addAndGet(delta);
  }

  void add(String name, int clientId, long delta) {
    add(name, delta);
    add(name + "@" + clientId, delta);
  }

  /** A total, e.g. {@code get("downloadFile")}, {@code get("windowReplaced")}, {@code get("bytesDownloaded")}. */
  public long get(String name) {
    AtomicLong value = counts.get(name);
    return value == null ? 0 : value.get();
  }

  /** The same count for one client. */
  public long get(String name, int clientId) {
    return get(name + "@" + clientId);
  }

  @Override
  public String toString() {
    return new java.util.TreeMap<>(counts).toString();
  }
}
