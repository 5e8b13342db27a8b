package dev.tgstream.telegram.simulated;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How {@link SimulatedGateway} imitates Telegram, parsed from the {@code SIMULATE_TELEGRAM} variable, e.g.
 * {@code latency_ms=150,part_kib=1024,conn_kibps=2048,max_parallel=8,flood_every=0,fail_rate=0}.
 *
 * @param latencyMs   round trip added to every call
 * @param partKib     the largest part a single readPart may ask for, in KiB (power of two, 4..1024)
 * @param connKibps   bandwidth of one call in KiB/s; 0 means unlimited
 * @param maxParallel how many readPart calls execute at once; the rest wait in FIFO order
 * @param floodEvery  every N-th readPart fails FLOOD_WAIT; 0 disables
 * @param floodWaitS  the wait named by a simulated FLOOD_WAIT, in seconds
 * @param failRate    fraction of readPart calls that fail UNAVAILABLE, in [0, 1)
 * @param seed        seed of the fault dice, or null for a random one
 */
public record SimulationConfig(
    long latencyMs,
    int partKib,
    long connKibps,
    int maxParallel,
    int floodEvery,
    int floodWaitS,
    double failRate,
    Long seed) {

  public static final String VARIABLE = "SIMULATE_TELEGRAM";

  public static final SimulationConfig DEFAULTS = new SimulationConfig(150, 1024, 2048, 8, 0, 1, 0.0, null);

  private static final List<String> KEYS =
      List.of("latency_ms", "part_kib", "conn_kibps", "max_parallel", "flood_every", "flood_wait_s", "fail_rate", "seed");

  /** Plain decimals only: Double.parseDouble would also take "NaN", "0x1p-2" or "0.5d". */
  private static final Pattern DECIMAL = Pattern.compile("[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?");

  public SimulationConfig {
    require(latencyMs >= 0, "latency_ms", "a non-negative integer", latencyMs);
    require(partKib >= 4 && partKib <= 1024 && Integer.bitCount(partKib) == 1,
        "part_kib", "a power of two between 4 and 1024", partKib);
    require(connKibps >= 0, "conn_kibps", "a non-negative integer (0 = unlimited)", connKibps);
    require(maxParallel >= 1, "max_parallel", "an integer of at least 1", maxParallel);
    require(floodEvery >= 0, "flood_every", "a non-negative integer (0 = never)", floodEvery);
    require(floodWaitS >= 0, "flood_wait_s", "a non-negative integer", floodWaitS);
    require(failRate >= 0.0 && failRate < 1.0, "fail_rate", "a number in [0, 1)", failRate);
    require(seed == null || seed >= 0, "seed", "a non-negative integer", seed);
  }

  /** The largest part in bytes. */
  public int partBytes() {
    return partKib * 1024;
  }

  /** Parses the variable's value; a blank value means all defaults. */
  public static SimulationConfig parse(String value) {
    Map<String, String> pairs = new LinkedHashMap<>();
    if (value != null) {
      for (String token : value.split(",")) {
        String pair = token.trim();
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq < 0) {
          throw new IllegalArgumentException(VARIABLE + ": '" + pair
              + "' has no '='; expected key=value pairs separated by commas, e.g. latency_ms=150,part_kib=1024");
        }
        String key = pair.substring(0, eq).trim();
        if (!KEYS.contains(key)) {
          throw new IllegalArgumentException(
              VARIABLE + ": unknown key '" + key + "'; expected one of " + String.join(", ", KEYS));
        }
        if (pairs.put(key, pair.substring(eq + 1).trim()) != null) {
          throw new IllegalArgumentException(VARIABLE + ": key '" + key + "' is given twice");
        }
      }
    }
    SimulationConfig d = DEFAULTS;
    return new SimulationConfig(
        integer(pairs, "latency_ms", d.latencyMs),
        (int) intRange(pairs, "part_kib", d.partKib),
        integer(pairs, "conn_kibps", d.connKibps),
        (int) intRange(pairs, "max_parallel", d.maxParallel),
        (int) intRange(pairs, "flood_every", d.floodEvery),
        (int) intRange(pairs, "flood_wait_s", d.floodWaitS),
        rate(pairs, "fail_rate", d.failRate),
        pairs.containsKey("seed") ? Long.valueOf(integer(pairs, "seed", 0)) : null);
  }

  /** The canonical form, as accepted by {@link #parse(String)}; for logs and bench reports. */
  @Override
  public String toString() {
    return "latency_ms=" + latencyMs + ",part_kib=" + partKib + ",conn_kibps=" + connKibps
        + ",max_parallel=" + maxParallel + ",flood_every=" + floodEvery + ",flood_wait_s=" + floodWaitS
        + ",fail_rate=" + failRate + (seed == null ? "" : ",seed=" + seed);
  }

  private static long integer(Map<String, String> pairs, String key, long fallback) {
    String raw = pairs.get(key);
    if (raw == null) {
      return fallback;
    }
    try {
      long v = Long.parseLong(raw);
      require(v >= 0, key, "a non-negative integer", raw);
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          VARIABLE + ": key '" + key + "' must be a non-negative integer, got '" + raw + "'");
    }
  }

  /** An integer that must also fit an int; larger values are reported by the record's own range checks. */
  private static long intRange(Map<String, String> pairs, String key, long fallback) {
    long v = integer(pairs, key, fallback);
    require(v <= Integer.MAX_VALUE, key, "an integer of at most " + Integer.MAX_VALUE, pairs.get(key));
    return v;
  }

  private static double rate(Map<String, String> pairs, String key, double fallback) {
    String raw = pairs.get(key);
    if (raw == null) {
      return fallback;
    }
    require(DECIMAL.matcher(raw).matches(), key, "a number in [0, 1)", raw);
    double v = Double.parseDouble(raw);
    require(v < 1.0, key, "a number in [0, 1)", raw);
    return v;
  }

  private static void require(boolean ok, String key, String expected, Object got) {
    if (!ok) {
      throw new IllegalArgumentException(
          VARIABLE + ": key '" + key + "' must be " + expected + ", got '" + got + "'");
    }
  }
}
