package scenarios;

import harness.ConcurrentReads;
import harness.Harness;
import harness.Reader;
import harness.Scenario;
import harness.Server;
import harness.Stats;
import harness.Sys;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

/** Peak RSS of the server while 100 clients at once each read 4 MiB from a seeded random offset. */
public final class RssScenario implements Scenario {

  private static final int CLIENTS = 100;
  private static final long EACH = 4L * Harness.MIB;

  @Override
  public String name() {
    return "rss";
  }

  @Override
  public void run(Harness h) throws Exception {
    List<Double> rss = new ArrayList<>();
    for (int i = 0; i < h.runs(); i++) {
      try (Server s = h.server("rss-" + i, Harness.SIMULATED)) {
        s.warmUp();
        rss.add(hundredStreams(s, i));
      }
    }
    double rssMb = Stats.median(rss) * Harness.MIB / 1e6;
    h.report().add("peak RSS of the server, 100 concurrent streams × 4 MiB at random offsets (simulator)",
        String.format(Locale.ROOT, "%.0f MiB (%.0f MB)", Stats.median(rss), rssMb), Stats.list(rss, "%.0f"),
        "≤ 300 MB", rssMb <= 300 ? "pass" : String.format(Locale.ROOT, "miss by %.0f MB", rssMb - 300));
  }

  /** Returns the peak RSS in MiB: the highest VmRSS sampled every 50 ms, or VmHWM when higher. */
  private static double hundredStreams(Server s, int run) throws Exception {
    Random rng = new Random(4242 + run);
    long[] offsets = new long[CLIENTS];
    for (int i = 0; i < CLIENTS; i++) {
      offsets[i] = (long) (rng.nextDouble() * (Harness.FILE_SIZE - EACH));
    }
    List<Callable<Long>> reads = new ArrayList<>();
    for (long off : offsets) {
      reads.add(() -> {
        try (Reader r = s.open("bytes=" + off + "-" + (off + EACH - 1))) {
          return r.readToEnd();
        }
      });
    }
    ConcurrentReads.Result result = ConcurrentReads.run(s, reads, EACH);
    int failed = result.failed();
    Sys.log(String.format(Locale.ROOT, "run %d: 100 streams done in %.1f s, %d failed, peak RSS %.0f MiB (VmHWM %.0f MiB)",
        run + 1, result.seconds(), failed, result.peakRssKb() / 1024.0, result.hwmKb() / 1024.0));
    if (failed > 0) {
      Sys.die(failed + " of 100 streams failed");
    }
    return result.peakMib();
  }
}
