package dev.tgstream.app;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.tgstream.stream.engine.EngineConfig;

import java.lang.management.ManagementFactory;

/**
 * The part cache and read-ahead live off-heap (direct buffers), bounded by the JVM's MaxDirectMemorySize. A cache that
 * cannot fit would fail reads at run time ("Cannot reserve direct memory") and cut streams: refuse to start instead.
 */
final class DirectMemoryBudget {

  /** Parts held by writers, head pieces, Netty's own buffers. */
  static final long SLACK_BYTES = 24L * 1024 * 1024;

  private DirectMemoryBudget() {
  }

  static void check(AppConfig config) {
    long limit = limit();
    long needed = config.cacheMb() * 1024L * 1024L + EngineConfig.DEFAULT_READ_AHEAD_BUDGET_BYTES + SLACK_BYTES;
    if (needed > limit) {
      throw new ConfigException("STREAM_CACHE_MB=" + config.cacheMb() + " does not fit the JVM's direct memory of "
          + limit / (1024 * 1024) + " MiB (cache + 56 MiB read-ahead and buffers); lower STREAM_CACHE_MB or raise "
          + "-XX:MaxDirectMemorySize");
    }
  }

  /** MaxDirectMemorySize, or the maximum heap when it is not set (the JVM's own default). */
  static long limit() {
    try {
      HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      long set = Long.parseLong(hotspot.getVMOption("MaxDirectMemorySize").getValue());
      return set > 0 ? set : Runtime.getRuntime().maxMemory();
    } catch (RuntimeException e) {
      return Runtime.getRuntime().maxMemory();
    }
  }
}
