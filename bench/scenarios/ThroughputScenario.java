package scenarios;

import harness.Harness;
import harness.Reader;
import harness.Scenario;
import harness.Server;
import harness.Stats;
import harness.Sys;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** 32 MiB from the middle of the file (issue 9's figure): the tuned engine against {@code STREAM_READAHEAD=0}, each on fresh processes. */
public final class ThroughputScenario implements Scenario {

  private static final long LENGTH = 32L * Harness.MIB;
  private static final double MIBS = LENGTH / (double) Harness.MIB;
  /** The simulator allows 8 reads at once, so 8× the sequential design is the physical limit. */
  private static final double TARGET = 7.0;

  @Override
  public String name() {
    return "throughput";
  }

  @Override
  public void run(Harness h) throws Exception {
    List<Double> tuned = read(h, Harness.SIMULATED, "tuned");
    List<Double> sequential = read(h, Map.of("SIMULATE_TELEGRAM", Harness.SIMULATOR, "STREAM_READAHEAD", "0"),
        "sequential");
    double ratio = Stats.median(tuned) / Stats.median(sequential);
    h.report().add("32 MiB from the middle, tuned engine (default STREAM_READAHEAD)", Stats.mibs(Stats.median(tuned)),
        Stats.list(tuned, "%.2f"), "", "");
    h.report().add("32 MiB from the middle, `STREAM_READAHEAD=0` (sequential baseline)",
        Stats.mibs(Stats.median(sequential)), Stats.list(sequential, "%.2f"), "", "");
    h.report().add("throughput ratio tuned / sequential", String.format(Locale.ROOT, "%.2f×", ratio), "", "≥ " + TARGET + "×",
        ratio >= TARGET ? "pass"
            : String.format(Locale.ROOT, "miss by %.2f× (%.1f %%)", TARGET - ratio, (TARGET - ratio) / TARGET * 100));
  }

  /** MiB/s of each run. */
  private static List<Double> read(Harness h, Map<String, String> env, String label) throws Exception {
    List<Double> out = new ArrayList<>();
    long from = Harness.FILE_SIZE / 2;
    long to = from + LENGTH - 1;
    for (int i = 0; i < h.runs(); i++) {
      try (Server s = h.server(label + "-" + i, env)) {
        s.warmUp();
        long t0 = System.nanoTime();
        try (Reader r = s.open("bytes=" + from + "-" + to)) {
          long n = r.readToEnd();
          if (n != LENGTH) {
            Sys.die(label + ": read " + n + " bytes instead of " + LENGTH + "");
          }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.add(MIBS / seconds);
        Sys.log(String.format(Locale.ROOT, "run %d: %s %.2f MiB/s (%.2f s)", i + 1, label, MIBS / seconds, seconds));
      }
    }
    return out;
  }
}
