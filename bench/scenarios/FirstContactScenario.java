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

/**
 * The FIRST request a fresh process gets, with no warm-up at all: what a Render service woken from sleep answers
 * (class loading, JIT and the describe round trip all land on it). {@code bytes=0-} and {@code bytes=<90 %>-}, each on
 * its own fresh process; the only request before it is the readiness probe that says the process is up.
 */
public final class FirstContactScenario implements Scenario {

  static final double TARGET_SECONDS = 0.25;

  @Override
  public String name() {
    return "first";
  }

  @Override
  public void run(Harness h) throws Exception {
    long at = (long) (Harness.FILE_SIZE * 0.9);
    List<Double> head = new ArrayList<>();
    List<Double> tail = new ArrayList<>();
    for (int i = 0; i < h.runs(); i++) {
      head.add(firstRequest(h, "first-0-" + i, "bytes=0-"));
      tail.add(firstRequest(h, "first-90-" + i, "bytes=" + at + "-"));
      Sys.log(String.format(Locale.ROOT, "run %d: first request of a fresh process: bytes=0- %.3f s, 90 %% %.3f s",
          i + 1, head.get(i), tail.get(i)));
    }
    double h0 = Stats.median(head);
    double h90 = Stats.median(tail);
    h.report().add("first byte of the first request after start (no warm-up), `bytes=0-` (simulator)",
        Stats.secs(h0), Stats.list(head, "%.3f"), "≤ 0.25 s", Stats.atMost(h0, TARGET_SECONDS));
    h.report().add("same, first request `bytes=" + at + "-` (90 %)", Stats.secs(h90), Stats.list(tail, "%.3f"),
        "≤ 0.25 s", Stats.atMost(h90, TARGET_SECONDS));
  }

  private static double firstRequest(Harness h, String name, String range) throws Exception {
    try (Server s = h.server(name, Harness.SIMULATED); Reader r = s.open(range)) {
      return r.firstByteSeconds();
    }
  }
}
