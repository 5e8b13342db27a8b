package dev.tgstream.telegram.tdlib;

import java.util.Map;
import java.util.TreeMap;

/** A set of byte ranges [start, end), kept disjoint and merged: which bytes of a file are known to be on disk. */
final class ByteRanges {

  private final TreeMap<Long, Long> ranges = new TreeMap<>();

  void add(long start, long end) {
    if (end <= start) {
      return;
    }
    Map.Entry<Long, Long> before = ranges.floorEntry(start);
    if (before != null && before.getValue() >= start) {
      start = before.getKey();
      end = Math.max(end, before.getValue());
    }
    Map.Entry<Long, Long> next = ranges.ceilingEntry(start);
    while (next != null && next.getKey() <= end) {
      end = Math.max(end, next.getValue());
      ranges.remove(next.getKey());
      next = ranges.ceilingEntry(start);
    }
    ranges.put(start, end);
  }

  boolean covers(long start, long end) {
    Map.Entry<Long, Long> range = ranges.floorEntry(start);
    return range != null && range.getValue() >= end;
  }

  /** The end of the contiguous known bytes from {@code start}, or {@code start} when byte {@code start} is unknown. */
  long contiguousEnd(long start) {
    Map.Entry<Long, Long> range = ranges.floorEntry(start);
    return range != null && range.getValue() > start ? range.getValue() : start;
  }

  void clear() {
    ranges.clear();
  }

  long total() {
    long sum = 0;
    for (Map.Entry<Long, Long> e : ranges.entrySet()) {
      sum += e.getValue() - e.getKey();
    }
    return sum;
  }
}
