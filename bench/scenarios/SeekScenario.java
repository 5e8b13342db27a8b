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

/** Time to the first byte of {@code bytes=<90 %>-} on a warmed process whose bench file is cold. */
public final class SeekScenario implements Scenario {

  @Override
  public String name() {
    return "seek";
  }

  @Override
  public void run(Harness h) throws Exception {
    List<Double> seek = new ArrayList<>();
    long at = (long) (Harness.FILE_SIZE * 0.9);
    for (int i = 0; i < h.runs(); i++) {
      try (Server s = h.server("seek-" + i, Harness.SIMULATED)) {
        s.warmUp();
        try (Reader r = s.open("bytes=" + at + "-")) {
          seek.add(r.firstByteSeconds());
        }
      }
      Sys.log(String.format(Locale.ROOT, "run %d: seek to 90 %% %.3f s", i + 1, seek.get(i)));
    }
    double median = Stats.median(seek);
    h.report().add("time to first byte, seek to 90 % `bytes=" + at + "-` (simulator)", Stats.secs(median),
        Stats.list(seek, "%.3f"), "≤ 0.4 s", Stats.atMost(median, 0.4));
  }
}
