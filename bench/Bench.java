import harness.Harness;
import harness.Options;
import harness.Report;
import harness.Scenario;
import harness.Sys;
import scenarios.FirstContactScenario;
import scenarios.NginxScenario;
import scenarios.RenderScenario;
import scenarios.RssScenario;
import scenarios.SeekScenario;
import scenarios.SoakScenario;
import scenarios.TdlibDoubleScenario;
import scenarios.ThroughputScenario;
import scenarios.TtfbScenario;

import java.nio.file.Files;
import java.util.List;

/**
 * tgstream streaming benchmark; started by {@code bash bench/run.sh}, which builds the jar, installs nginx-light,
 * compiles bench/ (this file, {@code harness/} and {@code scenarios/}) and runs it.
 *
 * <p>Every figure is the median of N cold starts (default 5). A cold start is a fresh server process, warmed by
 * reading a small other file (class loading, JIT of the request path), so the measured file is cold: none of its
 * parts has ever been fetched by that process; the {@code first} scenario measures a fresh process with no warm-up at
 * all. All traffic goes to 127.0.0.1; every loop and wait is bounded. Options: {@link Options}.
 *
 * <p>A scenario is one small class in {@code scenarios/} over the shared {@code harness/} (servers, nginx, clients,
 * reporting); add it to {@link #SCENARIOS} in the order its rows should appear.
 */
public class Bench {

  static final List<Scenario> SCENARIOS = List.of(new TtfbScenario(), new SeekScenario(), new FirstContactScenario(),
      new ThroughputScenario(), new RssScenario(), new NginxScenario(), new TdlibDoubleScenario(), new SoakScenario(),
      new RenderScenario());

  /** The exit code when a figure missed its target (the table is printed and written all the same). */
  static final int EXIT_TARGET_MISSED = 3;

  public static void main(String[] args) throws Exception {
    Sys.killChildrenOnExit();
    Options options = Options.parse(args, SCENARIOS.stream().map(Scenario::name).toList());
    List<Scenario> selected = SCENARIOS.stream()
        .filter(s -> options.only == null ? s.inDefaultSuite() : options.only.contains(s.name()))
        .toList();
    Harness harness = new Harness(options);
    harness.prepare();
    for (Scenario scenario : selected) {
      Sys.log("scenario " + scenario.name());
      scenario.run(harness);
    }
    String report = harness.report().render(harness);
    System.out.println();
    System.out.println(report);
    boolean wholeSuite = selected.containsAll(SCENARIOS.stream().filter(Scenario::inDefaultSuite).toList());
    if (wholeSuite && !options.plainJvm) {
      Files.createDirectories(options.results.toAbsolutePath().getParent());
      Files.writeString(options.results, report);
      Sys.log("wrote " + options.results);
    } else {
      Sys.log("a subset ran (--only) or --plain-jvm: " + options.results + " left unchanged");
    }
    // A missed target is the bench's result, not a footnote in a table: a script or a person running it sees it.
    List<Report.Row> missed = harness.report().missed();
    if (!missed.isEmpty()) {
      missed.forEach(r -> Sys.log("target missed: " + r.measure() + ": " + r.value() + " (" + r.verdict() + ")"));
      System.exit(EXIT_TARGET_MISSED);
    }
  }
}
