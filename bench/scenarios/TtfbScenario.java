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

/** Time to the first byte of {@code bytes=0-} on a warmed process, then a player's seek to 90 % after 2 MiB. */
public final class TtfbScenario implements Scenario {

  @Override
  public String name() {
    return "ttfb";
  }

  @Override
  public void run(Harness h) throws Exception {
    List<Double> ttfb0 = new ArrayList<>();
    List<Double> seekPlaying = new ArrayList<>();
    for (int i = 0; i < h.runs(); i++) {
      try (Server s = h.server("ttfb-" + i, Harness.SIMULATED)) {
        s.warmUp();
        try (Reader r = s.open("bytes=0-")) {
          ttfb0.add(r.firstByteSeconds());
          r.readAtLeast(2L * Harness.MIB); // the player has started: 2 MiB from the start
        }
        // the player seeks: it drops the connection and asks for 90 % at once
        long at = (long) (Harness.FILE_SIZE * 0.9);
        try (Reader r = s.open("bytes=" + at + "-")) {
          seekPlaying.add(r.firstByteSeconds());
        }
      }
      Sys.log(String.format(Locale.ROOT, "run %d: first byte %.3f s, seek after playing %.3f s", i + 1, ttfb0.get(i),
          seekPlaying.get(i)));
    }
    double first = Stats.median(ttfb0);
    double seek = Stats.median(seekPlaying);
    h.report().add("time to first byte, `bytes=0-` (simulator)", Stats.secs(first), Stats.list(ttfb0, "%.3f"),
        "≤ 0.4 s", Stats.atMost(first, 0.4));
    h.report().add("seek to 90 % right after reading 2 MiB from 0 (a player seeking)", Stats.secs(seek),
        Stats.list(seekPlaying, "%.3f"), "(≤ 0.4 s)", Stats.atMost(seek, 0.4));
  }
}
