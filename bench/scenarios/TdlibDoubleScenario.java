package scenarios;

import harness.ConcurrentReads;
import harness.Harness;
import harness.Reader;
import harness.Scenario;
import harness.Server;
import harness.Stats;
import harness.Sys;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TDLib backend on the TDLib TEST DOUBLE (not Telegram): the jar runs as {@code java -cp
 * tgstream.jar:telegram-…-tests.jar -Dtgstream.tdjson.provider=…TdJsonDoubleProvider dev.tgstream.app.Main} with
 * TG_API_ID, TG_API_HASH, a TG_SESSION_STRING the double accepts and CHANNEL_IDS, so the whole TDLib path runs
 * (TdlibBackend, TdlibGateway, DownloadWindow over one download window per file, updateFile, reading TDLib's local
 * file) with Telegram-like costs on the double: 150 ms a request and a new window, 2 MiB/s per client. The REAL
 * libtdjson is loaded into the same process too, with one offline client (setTdlibParameters, as a session's
 * client), so TDLib's memory counts in the RSS figure.
 *
 * <p>The double serves a folder of hard links to the bench file (each measurement on a file no process has fetched;
 * the signed links come from a process of their own, since asking for a file's details warms it). Per run: first
 * byte of {@code bytes=0-} and of a seek to 90 % (a fresh process each, metadata cold as after a restart); a seek to
 * 90 % right after {@code GET /api/files/{id}} (what a person does on the details page); one player reading 16 MiB,
 * then two players at once reading 16 MiB each of another file (each player's throughput); peak RSS while 100 streams
 * read 4 MiB each at random offsets of 20 files (5 per file), the double's bandwidth raised to 64 MiB/s for that row
 * only so 400 MiB end in seconds (memory, not speed, is measured there).
 *
 * <p>Needs the telegram test-jar ({@code mvn -B -q package -DskipTests} builds it beside the fat jar) and the fetched
 * libtdjson ({@code .tdlib/}, or TDLIB_PATH). Not in the default suite: {@code bash bench/run.sh --only tdlib}.
 */
public final class TdlibDoubleScenario implements Scenario {

  static final long CHAT_ID = -1001234567890L;
  static final String CHANNEL = "c" + (-CHAT_ID);
  static final String PHONE = "+15550001111";
  static final String PROVIDER = "dev.tgstream.telegram.tdlib.TdJsonDoubleProvider";
  static final int API_ID = 94575;
  static final String API_HASH = "a3406de8d171bb422bb6ddf3bbd800e2";
  static final long LATENCY_MS = 150;
  static final long KIBPS = 2048;
  static final long RSS_KIBPS = 64 * 1024;
  static final long PLAYER_BYTES = 16L * Harness.MIB;
  static final int STREAMS = 100;
  static final int RSS_FILES = 20;
  static final long STREAM_BYTES = 4L * Harness.MIB;

  private Path testJar;
  private Path tdlib;
  private Path folder;
  private String session;
  /** File name → its position in the channel (server message id: the double posts files in name order). */
  private final Map<String, Integer> messageIds = new HashMap<>();
  /** File name → its signed stream path, asked once of a separate process (see {@link #signLinks}). */
  private final Map<String, String> paths = new HashMap<>();

  @Override
  public String name() {
    return "tdlib";
  }

  @Override
  public boolean inDefaultSuite() {
    return false;
  }

  @Override
  public void run(Harness h) throws Exception {
    prepare(h);
    List<Double> ttfb = new ArrayList<>();
    List<Double> seek = new ArrayList<>();
    List<Double> one = new ArrayList<>();
    List<Double> twoMin = new ArrayList<>();
    List<Double> twoShare = new ArrayList<>();
    List<Double> rss = new ArrayList<>();
    List<Double> detailsSeek = new ArrayList<>();
    List<Double> idle = new ArrayList<>();
    long size = Files.size(h.benchFile());
    for (int i = 0; i < h.runs(); i++) {
      try (Server s = server(h, "tdlib-ttfb-" + i, KIBPS)) {
        warmUp(s);
        try (Reader r = s.open(path(s, "b-ttfb.bin"), "bytes=0-")) {
          ttfb.add(r.firstByteSeconds());
        }
      }
      try (Server s = server(h, "tdlib-seek-" + i, KIBPS)) {
        warmUp(s);
        try (Reader r = s.open(path(s, "c-seek.bin"), "bytes=" + (long) (size * 0.9) + "-")) {
          seek.add(r.firstByteSeconds());
        }
      }
      try (Server s = server(h, "tdlib-details-seek-" + i, KIBPS)) {
        warmUp(s);
        // What a person does: opens the details page (GET /api/files/{id}, which warms the file's first and last
        // part), then jumps to 90 % at once.
        details(s, "f-details.bin");
        try (Reader r = s.open(path(s, "f-details.bin"), "bytes=" + (long) (size * 0.9) + "-")) {
          detailsSeek.add(r.firstByteSeconds());
        }
      }
      try (Server s = server(h, "tdlib-players-" + i, KIBPS)) {
        warmUp(s);
        one.add(read(s, path(s, "d-one.bin"), size / 10));
        String two = path(s, "e-two.bin");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
          Future<Double> a = pool.submit(() -> read(s, two, size / 10));
          Future<Double> b = pool.submit(() -> read(s, two, size * 6 / 10));
          double ra = a.get(5, TimeUnit.MINUTES);
          double rb = b.get(5, TimeUnit.MINUTES);
          twoMin.add(Math.min(ra, rb));
          twoShare.add(Math.min(ra, rb) / one.get(i) * 100);
          Sys.log(String.format(Locale.ROOT, "run %d: one player %.2f MiB/s; two players %.2f and %.2f MiB/s",
              i + 1, one.get(i), ra, rb));
        } finally {
          pool.shutdownNow();
        }
      }
      try (Server s = server(h, "tdlib-rss-" + i, RSS_KIBPS)) {
        warmUp(s);
        idle.add(Sys.readStatusKb(s.pid(), "VmRSS") / 1024.0);
        rss.add(hundredStreams(s, i));
      }
      Sys.log(String.format(Locale.ROOT, "run %d: first byte %.3f s, seek to 90 %% %.3f s, RSS idle %.0f MiB, "
          + "peak %.0f MiB", i + 1, ttfb.get(i), seek.get(i), idle.get(i), rss.get(i)));
    }
    String costs = "(TDLib double: 150 ms, 2 MiB/s)";
    h.report().add("TDLib: time to first byte, `bytes=0-` " + costs, Stats.secs(Stats.median(ttfb)),
        Stats.list(ttfb, "%.3f"), "≤ 0.5 s", Stats.atMost(Stats.median(ttfb), 0.5));
    h.report().add("TDLib: time to first byte, seek to 90 % " + costs, Stats.secs(Stats.median(seek)),
        Stats.list(seek, "%.3f"), "≤ 0.5 s", Stats.atMost(Stats.median(seek), 0.5));
    h.report().add("TDLib: seek to 90 % right after opening the details page (its warm-up of the first and last "
        + "part running) " + costs, Stats.secs(Stats.median(detailsSeek)), Stats.list(detailsSeek, "%.3f"), "≤ 0.5 s",
        Stats.atMost(Stats.median(detailsSeek), 0.5));
    h.report().add("TDLib: one player, 16 MiB " + costs, Stats.mibs(Stats.median(one)), Stats.list(one, "%.2f"),
        "", "");
    double share = Stats.median(twoShare);
    h.report().add("TDLib: two players on one file, 16 MiB each: the slower player " + costs,
        Stats.mibs(Stats.median(twoMin)) + String.format(Locale.ROOT, " (%.0f %% of one player)", share),
        Stats.list(twoShare, "%.0f %%"), "each ≥ 40 % of one player",
        share >= 40 ? "pass" : String.format(Locale.ROOT, "miss by %.0f points", 40 - share));
    double rssMb = Stats.median(rss) * Harness.MIB / 1e6;
    h.report().add("TDLib: RSS with libtdjson loaded (1 offline client), idle after warm-up",
        String.format(Locale.ROOT, "%.0f MiB", Stats.median(idle)), Stats.list(idle, "%.0f"), "", "");
    h.report().add("TDLib: peak RSS with libtdjson loaded, 100 streams × 4 MiB over 20 files (double at 64 MiB/s)",
        String.format(Locale.ROOT, "%.0f MiB (%.0f MB)", Stats.median(rss), rssMb), Stats.list(rss, "%.0f"),
        "≤ 300 MB", rssMb <= 300 ? "pass" : String.format(Locale.ROOT, "miss by %.0f MB", rssMb - 300));
  }

  // ---- set-up

  private void prepare(Harness h) throws Exception {
    testJar = h.options().work.resolve("telegram-tests-under-test.jar");
    Files.copy(findTestJar(), testJar, StandardCopyOption.REPLACE_EXISTING);
    tdlib = findTdlib();
    folder = h.options().work.resolve("tdlib-double").resolve("channel");
    Sys.deleteTree(folder.getParent());
    Files.createDirectories(folder);
    List<String> names = new ArrayList<>(List.of("b-ttfb.bin", "c-seek.bin", "d-one.bin", "e-two.bin", "f-details.bin"));
    for (int i = 1; i <= RSS_FILES; i++) {
      names.add(String.format(Locale.ROOT, "r%03d.bin", i));
    }
    for (String n : names) {
      Path link = folder.resolve(n);
      try {
        Files.createLink(link, h.benchFile());
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(h.benchFile(), link);
      }
    }
    Sys.generate(folder.resolve("a-warmup.bin"), 2L * Harness.MIB, 2);
    names.add("a-warmup.bin");
    names.sort(null); // the double posts a folder's files in name order: message ids 1, 2, …
    for (int i = 0; i < names.size(); i++) {
      messageIds.put(names.get(i), i + 1);
    }
    session = sessionString(h);
    signLinks(h, names);
    Sys.log("tdlib: the double serves " + folder + " (" + names.size() + " files); test-jar " + testJar
        + "; libtdjson " + tdlib);
  }

  private static Path findTestJar() throws IOException {
    Path dir = Path.of("telegram", "target");
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "telegram-*-tests.jar")) {
        for (Path p : jars) {
          return p.toAbsolutePath();
        }
      }
    }
    Sys.die("the telegram test-jar (telegram/target/telegram-*-tests.jar, the TDLib test double) is missing: run "
        + "`mvn -B -q package -DskipTests`");
    return null;
  }

  private static Path findTdlib() throws IOException {
    String env = System.getenv("TDLIB_PATH");
    if (env != null && Files.isRegularFile(Path.of(env))) {
      return Path.of(env).toAbsolutePath();
    }
    Path dir = Path.of(".tdlib");
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> versions = Files.newDirectoryStream(dir, "prebuilt-tdlib-*")) {
        for (Path v : versions) {
          if (Files.isRegularFile(v.resolve("libtdjson.so"))) {
            return v.resolve("libtdjson.so").toAbsolutePath();
          }
        }
      }
    }
    Sys.die("libtdjson.so is missing (.tdlib/, fetched by the Maven build with npm, or TDLIB_PATH)");
    return null;
  }

  /** {@code TdJsonDoubleProvider session <phone>}: a TG_SESSION_STRING the double accepts. */
  private String sessionString(Harness h) throws Exception {
    Path out = Files.createTempFile(h.options().work, "session", ".out");
    ProcessBuilder pb = new ProcessBuilder(Sys.javaExe(), "-cp", h.jar().toAbsolutePath() + java.io.File.pathSeparator
        + testJar, PROVIDER, "session", PHONE).redirectErrorStream(true).redirectOutput(out.toFile());
    Process p = Sys.track(pb.start());
    if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      Sys.die("could not make the double's session string: " + Files.readString(out));
    }
    String s = Files.readString(out).strip();
    Files.delete(out);
    return s.lines().reduce((a, b) -> b).orElseThrow();
  }

  /**
   * The signed stream paths of every file, from {@code /api/files/{id}} of a process of its own: that call warms the
   * file (its first and last part), which must not run in the processes that measure. The links stay valid in the
   * other processes (same STREAM_SECRET).
   */
  private void signLinks(Harness h, List<String> names) throws Exception {
    try (Server s = server(h, "tdlib-links", KIBPS)) {
      for (String n : names) {
        paths.put(n, details(s, n));
      }
    }
  }

  private Server server(Harness h, String name, long kibps) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("TG_API_ID", Integer.toString(API_ID));
    env.put("TG_API_HASH", API_HASH);
    env.put("TG_SESSION_STRING", session);
    env.put("CHANNEL_IDS", Long.toString(CHAT_ID));
    env.put("TDLIB_PATH", tdlib.toString());
    env.put("UI_AUTH", "off");
    List<String> jvm = List.of(
        "-Dtgstream.tdjson.provider=" + PROVIDER,
        "-Dtdjson.double.channel.1=" + CHAT_ID + "|bench_movies|Bench|" + folder.toAbsolutePath(),
        "-Dtdjson.double.user=" + PHONE + "|12345|",
        "-Dtdjson.double.latency_ms=" + LATENCY_MS,
        "-Dtdjson.double.bandwidth_kibps=" + kibps,
        "-Dtdjson.double.native_clients=1");
    Server s = h.server(name, env, jvm, List.of(testJar));
    String log = Files.readString(s.home().resolve("server.log"));
    if (!log.contains("NOT by libtdjson") || !log.contains("real libtdjson")) {
      s.close();
      Sys.die("the server did not say it runs on the TDLib double with the real libtdjson loaded; see "
          + s.home().resolve("server.log"));
    }
    return s;
  }

  // ---- clients

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Pattern STREAM_URL = Pattern.compile("\"streamUrl\"\\s*:\\s*\"([^\"]+)\"");

  /** The signed stream path of a file (asked before, of another process). */
  private String path(Server s, String name) {
    return paths.get(name);
  }

  /** {@code GET /api/files/{id}} (UI_AUTH=off on these servers): the file's signed stream path. */
  private String details(Server s, String name) throws Exception {
    String id = CHANNEL + "m" + messageIds.get(name);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port()
          + "/api/files/" + id)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      Matcher m = STREAM_URL.matcher(r.body());
      if (r.statusCode() == 200 && m.find() && r.body().contains("\"" + name + "\"")) {
        return URI.create(m.group(1)).getRawPath();
      }
      if (System.nanoTime() > deadline) {
        Sys.die("GET /api/files/" + id + " (" + name + "): " + r.statusCode() + " " + r.body());
      }
      // 503 while TDLib's logins settle right after start: ask again
      Thread.sleep(200); // a polling interval, bounded by the deadline
    }
  }

  private void warmUp(Server s) throws Exception {
    String warm = path(s, "a-warmup.bin");
    for (int i = 0; i < 2; i++) {
      try (Reader r = s.open(warm, null)) {
        r.readToEnd();
      }
    }
  }

  /** MiB/s of one player reading {@link #PLAYER_BYTES} from {@code from}. */
  private static double read(Server s, String path, long from) throws IOException {
    long t0 = System.nanoTime();
    try (Reader r = s.open(path, "bytes=" + from + "-" + (from + PLAYER_BYTES - 1))) {
      long n = r.readToEnd();
      if (n != PLAYER_BYTES) {
        Sys.die("read " + n + " bytes instead of " + PLAYER_BYTES);
      }
    }
    return PLAYER_BYTES / (double) Harness.MIB / ((System.nanoTime() - t0) / 1e9);
  }

  /** Peak RSS in MiB (VmRSS sampled every 50 ms, or VmHWM when higher) while 100 streams run. */
  private double hundredStreams(Server s, int run) throws Exception {
    long size = Files.size(folder.resolve("r001.bin"));
    Random rng = new Random(4242 + run);
    List<String> paths = new ArrayList<>();
    for (int f = 1; f <= RSS_FILES; f++) {
      paths.add(path(s, String.format(Locale.ROOT, "r%03d.bin", f)));
    }
    List<Callable<Long>> reads = new ArrayList<>();
    for (int i = 0; i < STREAMS; i++) {
      String p = paths.get(i % RSS_FILES);
      long off = (long) (rng.nextDouble() * (size - STREAM_BYTES));
      reads.add(() -> {
        try (Reader r = s.open(p, "bytes=" + off + "-" + (off + STREAM_BYTES - 1))) {
          return r.readToEnd();
        }
      });
    }
    ConcurrentReads.Result result = ConcurrentReads.run(s, reads, STREAM_BYTES);
    int failed = result.failed();
    Sys.log(String.format(Locale.ROOT, "run %d: 100 streams on the TDLib double done in %.1f s, %d failed, peak RSS "
        + "%.0f MiB (VmHWM %.0f MiB)", run + 1, result.seconds(), failed, result.peakRssKb() / 1024.0,
        result.hwmKb() / 1024.0));
    if (failed > 0) {
      Sys.die(failed + " of 100 streams failed on the TDLib double; see " + s.home().resolve("server.log"));
    }
    return result.peakMib();
  }
}
