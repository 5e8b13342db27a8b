package harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The table the scenarios fill, and RESULTS.md around it (date, machine, what was measured and how). */
public final class Report {

  /** One line of the table: the measure, its median, every run's figure, the target and whether it was met. */
  public record Row(String measure, String value, String runs, String target, String verdict) {
  }

  private final List<Row> rows = new ArrayList<>();

  public void add(String measure, String value, String runs, String target, String verdict) {
    rows.add(new Row(measure, value, runs, target, verdict));
  }

  /** The rows whose verdict is a miss or a failure. */
  public List<Row> missed() {
    return rows.stream().filter(r -> r.verdict().startsWith("miss") || r.verdict().startsWith("FAIL")).toList();
  }

  public String render(Harness h) throws IOException {
    StringBuilder sb = new StringBuilder();
    String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    sb.append("# tgstream benchmark results\n\n");
    sb.append("Run with `bash bench/run.sh` on ").append(date).append(".\n\n");
    sb.append("- machine: ").append(machine()).append('\n');
    sb.append("- Java ").append(System.getProperty("java.version")).append(", ")
        .append(Nginx.version(h.options().nginxBinary)).append('\n');
    sb.append("- file: ").append(Harness.FILE_SIZE / Harness.MIB).append(" MiB of random bytes in the embedded library backend\n");
    sb.append("- simulator: `SIMULATE_TELEGRAM=").append(Harness.SIMULATOR).append("` (150 ms per part call, 2 MiB/s per call, ")
        .append("8 calls at once; aligned parts enforced)\n");
    sb.append("- server JVM: `").append(String.join(" ", h.serverJvm())).append("`, `MALLOC_ARENA_MAX=")
        .append(h.mallocArenaMax()).append("` — the flags of `").append(h.options().optionsFile)
        .append("` that the Dockerfile ships, with a 512 MB container limit emulated by `-XX:MaxRAM=512m`")
        .append(h.cdsArchive != null ? ", and the image's AppCDS archive (trained by `cds-training` as the Dockerfile does)" : "")
        .append('\n');
    sb.append("- each figure: the median of ").append(h.runs()).append(" cold starts. A cold start is a fresh server process, ")
        .append("warmed by reading a 2 MiB other file twice (class loading, JIT), so the measured file is cold: none of ")
        .append("its parts was ever fetched by that process. nginx (nginx-light, 2 workers, sendfile) serves the same file ")
        .append("from a generated config on a loopback port; both servers are warmed with the same load first (steady state): nginx twenty rounds, tgstream at least twenty and until its JIT is quiet (at most 10 methods compiled a round, three rounds in a row, read with jstat).\n");
    sb.append("- first request of a fresh process: no warm-up at all (what a service woken from sleep answers): the first ")
        .append("stream request after /health/ready first answered 200.\n");
    sb.append("- time to first byte: from sending the request to the arrival of the first body byte (raw socket).\n\n");
    sb.append("| measure | median | runs | target | verdict |\n|---|---|---|---|---|\n");
    for (Row r : rows) {
      sb.append("| ").append(r.measure()).append(" | ").append(r.value()).append(" | ").append(r.runs()).append(" | ")
          .append(r.target()).append(" | ").append(r.verdict()).append(" |\n");
    }
    return sb.toString();
  }

  private static String machine() throws IOException {
    String cpu = "unknown CPU";
    for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
      if (l.startsWith("model name")) {
        cpu = l.substring(l.indexOf(':') + 1).trim();
        break;
      }
    }
    long memKb = 0;
    for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (l.startsWith("MemTotal:")) {
        memKb = Long.parseLong(l.replaceAll("\\D+", ""));
      }
    }
    return String.format(Locale.ROOT, "nproc %d, %s, %.1f GiB RAM, %s %s", Runtime.getRuntime().availableProcessors(),
        cpu, memKb / 1024.0 / 1024.0, System.getProperty("os.name"), System.getProperty("os.version"));
  }
}
