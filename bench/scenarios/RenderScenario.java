package scenarios;

import harness.Container;
import harness.Harness;
import harness.Reader;
import harness.Scenario;
import harness.Stats;
import harness.Sys;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Render free instance (0.1 CPU, 512 MB) answers when it wakes: the image built from the Dockerfile under
 * {@code --cpus 0.1 --memory 512m}, role all on the simulator. Each run starts a fresh container and measures the time
 * from {@code podman run} to /health/ready answering 200, then the first stream request's first byte
 * ({@code bytes=0-}), then a seek's ({@code bytes=<90 %>-}), and reads from the log how the start-up warm-up went. No
 * targets: the first-contact targets are the bench machine's; these figures say what the slowest host we ship to
 * costs. Only when named ({@code --only render}); root and podman, as the soak.
 */
public final class RenderScenario implements Scenario {

  static final String CPUS = "0.1";
  static final String MEMORY = "512m";
  private static final String TAG = "tgstream:bench-render";
  private static final Pattern WARM_UP = Pattern.compile(
      "request path (warmed in \\d+ ms|warm-up skipped after \\d+ ms|warm-up skipped: the CPU quota is [0-9.]+ CPU)");

  @Override
  public String name() {
    return "render";
  }

  @Override
  public boolean inDefaultSuite() {
    return false;
  }

  @Override
  public void run(Harness h) throws Exception {
    Container.Image image = Container.image(h, TAG);
    long at = (long) (Harness.FILE_SIZE * 0.9);
    List<Double> ready = new ArrayList<>();
    List<Double> first = new ArrayList<>();
    List<Double> seek = new ArrayList<>();
    List<String> warmUps = new ArrayList<>();
    for (int i = 0; i < h.runs(); i++) {
      long started = System.nanoTime();
      try (Container c = Container.start(h, image, "tgstream-render-" + i, MEMORY, Harness.SIMULATED,
          List.of("--cpus", CPUS))) {
        ready.add((System.nanoTime() - started) / 1e9);
        first.add(firstByte(c, h.benchPath(), "bytes=0-"));
        seek.add(firstByte(c, h.benchPath(), "bytes=" + at + "-"));
        Matcher m = WARM_UP.matcher(c.logTail(400));
        warmUps.add(m.find() ? m.group(1) : "no warm-up line");
      }
      Sys.log(String.format(Locale.ROOT, "run %d: ready %.1f s, first byte %.3f s, seek %.3f s; %s", i + 1,
          ready.get(i), first.get(i), seek.get(i), warmUps.get(i)));
    }
    String host = "--cpus " + CPUS + " --memory " + MEMORY;
    h.report().add("Render-like container (" + host + "): `podman run` → /health/ready 200",
        String.format(Locale.ROOT, "%.1f s", Stats.median(ready)), Stats.list(ready, "%.1f"), "", "");
    h.report().add("same: first byte of the first stream request, `bytes=0-` (simulator)", Stats.secs(Stats.median(first)),
        Stats.list(first, "%.3f"), "", "");
    h.report().add("same: the next request, a seek `bytes=" + at + "-`", Stats.secs(Stats.median(seek)),
        Stats.list(seek, "%.3f"), "", "");
    h.report().add("same: the start-up warm-up, from the log", String.join("; ", warmUps), "", "", "");
  }

  private static double firstByte(Container c, String path, String range) throws Exception {
    try (Reader r = c.open(path, range)) {
      return r.firstByteSeconds();
    }
  }
}
