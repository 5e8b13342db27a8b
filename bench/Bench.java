import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * tgstream streaming benchmark (single-file Java 17 program: {@code java bench/Bench.java}; normally started by
 * {@code bash bench/run.sh}, which builds the jar and installs nginx-light first).
 *
 * <p>Every figure is the median of N cold starts (default 5). A cold start is a fresh server process, warmed by
 * reading a small other file once (class loading, JIT of the request path), so the measured file is cold: none of its
 * parts has ever been fetched by that process. All traffic goes to 127.0.0.1; every loop and wait is bounded.
 *
 * <p>Options: --jar PATH, --options conf/jvm-512m.options, --dockerfile Dockerfile, --results bench/RESULTS.md,
 * --work DIR, --runs N, --nginx PATH, --plain-jvm (diagnostics: the JVM's default flags), --only ttfb,seek,throughput,rss,nginx (a subset; RESULTS.md is only written
 * when all run).
 */
public class Bench {

  static final int MIB = 1 << 20;
  static final long FILE_SIZE = 160L * MIB;
  static final String SIMULATOR = "latency_ms=150,conn_kibps=2048,max_parallel=8";
  static final Duration READ_TIMEOUT = Duration.ofSeconds(120);

  // ---- configuration --------------------------------------------------------------------------------------------
  Path jar = Path.of("app/target/tgstream.jar");
  Path optionsFile = Path.of("conf/jvm-512m.options");
  Path dockerfile = Path.of("Dockerfile");
  Path results = Path.of("bench/RESULTS.md");
  Path work = Path.of(System.getProperty("java.io.tmpdir"), "tgstream-bench");
  int runs = 5;
  String nginxBinary;
  /** Diagnostics: run tgstream with the JVM's defaults instead of the shipped 512 MB flags (RESULTS.md untouched). */
  boolean plainJvm;
  /** Which scenarios to run: ttfb, seek, throughput, rss, nginx (default all). */
  java.util.Set<String> only = new java.util.LinkedHashSet<>(List.of("ttfb", "seek", "throughput", "rss", "nginx"));

  // ---- state ------------------------------------------------------------------------------------------------------
  List<String> jvmFlags;
  String mallocArenaMax;
  String secret;
  Path library;
  Path benchFile;
  String benchPath;   // /stream/<token>/bench.bin
  String warmPath;    // /stream/<token>/warmup.bin
  final List<Row> rows = new ArrayList<>();

  record Row(String measure, String value, String runs, String target, String verdict) {
  }

  /** Every child process, killed by a shutdown hook if the bench ends early (an error, Ctrl-C). */
  static final List<Process> CHILDREN = java.util.Collections.synchronizedList(new ArrayList<>());

  static Process track(Process p) {
    CHILDREN.add(p);
    return p;
  }

  public static void main(String[] args) throws Exception {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      synchronized (CHILDREN) {
        for (Process p : CHILDREN) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
        }
      }
    }, "kill-children"));
    Bench b = new Bench();
    b.parseArgs(args);
    b.run();
  }

  void parseArgs(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (a) {
        case "--jar" -> { jar = Path.of(v); i++; }
        case "--options" -> { optionsFile = Path.of(v); i++; }
        case "--dockerfile" -> { dockerfile = Path.of(v); i++; }
        case "--results" -> { results = Path.of(v); i++; }
        case "--work" -> { work = Path.of(v); i++; }
        case "--runs" -> { runs = Integer.parseInt(v); i++; }
        case "--nginx" -> { nginxBinary = v; i++; }
        case "--plain-jvm" -> plainJvm = true;
        case "--only" -> { only = new java.util.LinkedHashSet<>(Arrays.asList(v.split(","))); i++; }
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (runs < 1 || runs > 25) {
      throw new IllegalArgumentException("--runs must be 1..25");
    }
  }

  void run() throws Exception {
    if (!Files.isRegularFile(jar)) {
      die("the jar " + jar + " is missing: run `mvn -B -q install -DskipTests` (bench/run.sh does it)");
    }
    // a private copy: a rebuild of app/target during the run must not change (or break) the jar under test
    Files.createDirectories(work);
    Path copy = work.resolve("tgstream-under-test.jar");
    Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
    jar = copy;
    jvmFlags = readJvmFlags(optionsFile);
    mallocArenaMax = readMallocArenaMax(dockerfile);
    if (nginxBinary == null) {
      nginxBinary = findExecutable("nginx", List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"));
    }
    prepareLibrary();
    log("JVM flags (from " + optionsFile + ", container limit emulated with -XX:MaxRAM=512m): " + String.join(" ", serverJvm()));
    log("MALLOC_ARENA_MAX=" + mallocArenaMax + " (from " + dockerfile + ")");

    if (only.contains("ttfb")) {
      ttfb();
    }
    if (only.contains("seek")) {
      seek();
    }
    if (only.contains("throughput")) {
      throughput();
    }
    if (only.contains("rss")) {
      rss();
    }
    if (only.contains("nginx")) {
      versusNginx();
    }

    String report = report();
    System.out.println();
    System.out.println(report);
    if (only.size() == 5 && !plainJvm) {
      Files.createDirectories(results.toAbsolutePath().getParent());
      Files.writeString(results, report);
      log("wrote " + results);
    } else {
      log("a subset ran (--only) or --plain-jvm: " + results + " left unchanged");
    }
  }

  void ttfb() throws Exception {
    // 1. time to first byte, bytes=0-, then a player's seek to 90 %
    List<Double> ttfb0 = new ArrayList<>();
    List<Double> seekPlaying = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      try (Server s = Server.start(this, "ttfb-" + i, Map.of("SIMULATE_TELEGRAM", SIMULATOR))) {
        s.warmUp();
        try (Reader r = Reader.open(s.port, benchPath, "bytes=0-")) {
          ttfb0.add(r.firstByteSeconds());
          r.readAtLeast(2L * MIB); // the player has started: 2 MiB from the start
        }
        // the player seeks: it drops the connection and asks for 90 % at once
        long at = (long) (FILE_SIZE * 0.9);
        try (Reader r = Reader.open(s.port, benchPath, "bytes=" + at + "-")) {
          seekPlaying.add(r.firstByteSeconds());
        }
      }
      log(String.format(Locale.ROOT, "run %d: first byte %.3f s, seek after playing %.3f s", i + 1, ttfb0.get(i), seekPlaying.get(i)));
    }
    rows.add(new Row("time to first byte, `bytes=0-` (simulator)", secs(median(ttfb0)), list(ttfb0, "%.3f"),
        "≤ 0.4 s", median(ttfb0) <= 0.4 ? "pass" : miss(median(ttfb0), 0.4, "s")));
    rows.add(new Row("seek to 90 % right after reading 2 MiB from 0 (a player seeking)", secs(median(seekPlaying)),
        list(seekPlaying, "%.3f"), "(≤ 0.4 s)", median(seekPlaying) <= 0.4 ? "pass" : miss(median(seekPlaying), 0.4, "s")));
  }

  void seek() throws Exception {

    // 2. time to first byte, seek to 90 % on a cold file
    List<Double> seek = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      try (Server s = Server.start(this, "seek-" + i, Map.of("SIMULATE_TELEGRAM", SIMULATOR))) {
        s.warmUp();
        long at = (long) (FILE_SIZE * 0.9);
        try (Reader r = Reader.open(s.port, benchPath, "bytes=" + at + "-")) {
          seek.add(r.firstByteSeconds());
        }
      }
      log(String.format(Locale.ROOT, "run %d: seek to 90 %% %.3f s", i + 1, seek.get(i)));
    }
    rows.add(new Row("time to first byte, seek to 90 % `bytes=" + (long) (FILE_SIZE * 0.9) + "-` (simulator)",
        secs(median(seek)), list(seek, "%.3f"), "≤ 0.4 s",
        median(seek) <= 0.4 ? "pass" : miss(median(seek), 0.4, "s")));
  }

  void throughput() throws Exception {
    // 3. throughput reading 16 MiB from the middle: tuned vs STREAM_READAHEAD=0
    List<Double> tuned = throughput16(Map.of("SIMULATE_TELEGRAM", SIMULATOR), "tuned");
    List<Double> sequential = throughput16(Map.of("SIMULATE_TELEGRAM", SIMULATOR, "STREAM_READAHEAD", "0"), "sequential");
    double ratio = median(tuned) / median(sequential);
    rows.add(new Row("16 MiB from the middle, tuned engine (default STREAM_READAHEAD)", mibs(median(tuned)),
        list(tuned, "%.2f"), "", ""));
    rows.add(new Row("16 MiB from the middle, `STREAM_READAHEAD=0` (sequential baseline)", mibs(median(sequential)),
        list(sequential, "%.2f"), "", ""));
    rows.add(new Row("throughput ratio tuned / sequential", String.format(Locale.ROOT, "%.2f×", ratio), "",
        "≥ 6×", ratio >= 6 ? "pass" : String.format(Locale.ROOT, "miss by %.2f× (%.1f %%)", 6 - ratio, (6 - ratio) / 6 * 100)));
  }

  void rss() throws Exception {
    // 4. peak RSS with 100 concurrent streams
    List<Double> rss = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      try (Server s = Server.start(this, "rss-" + i, Map.of("SIMULATE_TELEGRAM", SIMULATOR))) {
        s.warmUp();
        rss.add(hundredStreams(s, i));
      }
    }
    double rssMb = median(rss) * MIB / 1e6;
    rows.add(new Row("peak RSS of the server, 100 concurrent streams × 4 MiB at random offsets (simulator)",
        String.format(Locale.ROOT, "%.0f MiB (%.0f MB)", median(rss), rssMb), list(rss, "%.0f"), "≤ 300 MB",
        rssMb <= 300 ? "pass" : String.format(Locale.ROOT, "miss by %.0f MB", rssMb - 300)));
  }

  void versusNginx() throws Exception {
    // 5. no simulator: 1 MiB ranges over 16 connections, nginx vs tgstream
    List<Double> nginx = new ArrayList<>();
    List<Double> ours = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      try (Nginx n = Nginx.start(this, i)) {
        rangeLoad(n.port, "/bench.bin", 7 + i); // warm-up round
        nginx.add(rangeLoad(n.port, "/bench.bin", 1000 + i));
      }
      log(String.format(Locale.ROOT, "run %d: nginx %.0f MiB/s", i + 1, nginx.get(i)));
      try (Server s = Server.start(this, "vs-nginx-" + i, Map.of())) {
        s.warmUp();
        rangeLoad(s.port, benchPath, 7 + i); // warm-up round
        ours.add(rangeLoad(s.port, benchPath, 1000 + i));
      }
      log(String.format(Locale.ROOT, "run %d: tgstream %.0f MiB/s", i + 1, ours.get(i)));
    }
    double vs = median(ours) / median(nginx);
    rows.add(new Row("640 × 1 MiB ranges over 16 connections, no simulator: nginx", mibs(median(nginx)),
        list(nginx, "%.0f"), "", ""));
    rows.add(new Row("same load: tgstream", mibs(median(ours)), list(ours, "%.0f"), "", ""));
    rows.add(new Row("ratio tgstream / nginx", String.format(Locale.ROOT, "%.2f×", vs), "", "≥ 0.5×",
        vs >= 0.5 ? "pass" : String.format(Locale.ROOT, "miss by %.2f×", 0.5 - vs)));
  }

  // ---- scenarios ---------------------------------------------------------------------------------------------------

  List<Double> throughput16(Map<String, String> env, String label) throws Exception {
    List<Double> out = new ArrayList<>();
    long from = FILE_SIZE / 2;
    long to = from + 16L * MIB - 1;
    for (int i = 0; i < runs; i++) {
      try (Server s = Server.start(this, label + "-" + i, env)) {
        s.warmUp();
        long t0 = System.nanoTime();
        try (Reader r = Reader.open(s.port, benchPath, "bytes=" + from + "-" + to)) {
          long n = r.readToEnd();
          if (n != 16L * MIB) {
            die(label + ": read " + n + " bytes instead of 16 MiB");
          }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.add(16.0 / seconds);
        log(String.format(Locale.ROOT, "run %d: %s %.2f MiB/s (%.2f s)", i + 1, label, 16.0 / seconds, seconds));
      }
    }
    return out;
  }

  /** 100 clients at once, each reading 4 MiB from a random offset; returns the peak RSS in MiB. */
  double hundredStreams(Server s, int run) throws Exception {
    int clients = 100;
    long each = 4L * MIB;
    Random rng = new Random(4242 + run);
    long[] offsets = new long[clients];
    for (int i = 0; i < clients; i++) {
      offsets[i] = (long) (rng.nextDouble() * (FILE_SIZE - each));
    }
    AtomicLong peakKb = new AtomicLong(readStatusKb(s.pid(), "VmRSS"));
    AtomicBoolean done = new AtomicBoolean();
    Thread sampler = new Thread(() -> {
      while (!done.get()) {
        peakKb.accumulateAndGet(readStatusKb(s.pid(), "VmRSS"), Math::max);
        try {
          Thread.sleep(50); // a sampling interval, not a wait for a result
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "rss-sampler");
    sampler.setDaemon(true);
    sampler.start();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    CountDownLatch gate = new CountDownLatch(1);
    List<Future<Long>> futures = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < clients; i++) {
      long off = offsets[i];
      futures.add(pool.submit(() -> {
        gate.await();
        try (Reader r = Reader.open(s.port, benchPath, "bytes=" + off + "-" + (off + each - 1))) {
          return r.readToEnd();
        }
      }));
    }
    gate.countDown();
    int failed = 0;
    for (Future<Long> f : futures) {
      try {
        if (f.get(5, TimeUnit.MINUTES) != each) {
          failed++;
        }
      } catch (Exception e) {
        failed++;
      }
    }
    pool.shutdownNow();
    done.set(true);
    sampler.interrupt();
    sampler.join(2000);
    long hwm = readStatusKb(s.pid(), "VmHWM");
    double peakMib = Math.max(peakKb.get(), hwm) / 1024.0;
    log(String.format(Locale.ROOT, "run %d: 100 streams done in %.1f s, %d failed, peak RSS %.0f MiB (VmHWM %.0f MiB)",
        run + 1, (System.nanoTime() - t0) / 1e9, failed, peakKb.get() / 1024.0, hwm / 1024.0));
    if (failed > 0) {
      die(failed + " of 100 streams failed");
    }
    return peakMib;
  }

  /** 16 keep-alive connections, 640 requests of 1 MiB at random offsets in all; returns MiB/s. */
  double rangeLoad(int port, String path, long seed) throws Exception {
    int connections = 16;
    int perConnection = 40;
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    CountDownLatch gate = new CountDownLatch(1);
    List<Future<Long>> futures = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      Random rng = new Random(seed * 131 + c);
      futures.add(pool.submit(() -> {
        gate.await();
        long total = 0;
        KeepAlive conn = new KeepAlive(port);
        try {
          for (int i = 0; i < perConnection; i++) {
            long off = (long) (rng.nextDouble() * (FILE_SIZE - MIB));
            total += conn.get(path, "bytes=" + off + "-" + (off + MIB - 1), MIB);
          }
        } finally {
          conn.close();
        }
        return total;
      }));
    }
    long t0 = System.nanoTime();
    gate.countDown();
    long bytes = 0;
    for (Future<Long> f : futures) {
      bytes += f.get(10, TimeUnit.MINUTES);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    pool.shutdownNow();
    if (bytes != (long) connections * perConnection * MIB) {
      die("range load read " + bytes + " bytes");
    }
    return bytes / (double) MIB / seconds;
  }

  // ---- setup ---------------------------------------------------------------------------------------------------------

  void prepareLibrary() throws Exception {
    Files.createDirectories(work);
    library = work.resolve("library");
    Path movies = Files.createDirectories(library.resolve("movies"));
    Path warm = Files.createDirectories(library.resolve("warmup"));
    benchFile = movies.resolve("bench.bin");
    generate(benchFile, FILE_SIZE, 160);
    generate(warm.resolve("warmup.bin"), 2L * MIB, 2);
    byte[] s = new byte[24];
    new SecureRandom().nextBytes(s);
    secret = HexFormat.of().formatHex(s);
    Path data = Files.createDirectories(work.resolve("data-link"));
    benchPath = link(data, "movies", "bench.bin");
    warmPath = link(data, "warmup", "warmup.bin");
    log("file: " + benchFile + " (" + FILE_SIZE / MIB + " MiB); link " + benchPath);
  }

  static void generate(Path file, long size, long seed) throws IOException {
    if (Files.isRegularFile(file) && Files.size(file) == size) {
      return;
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Random rng = new Random(seed);
    byte[] block = new byte[MIB];
    try (OutputStream out = Files.newOutputStream(tmp)) {
      for (long left = size; left > 0; left -= block.length) {
        rng.nextBytes(block);
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The path of the signed URL printed by {@code java -jar tgstream.jar link <channel> <file>}. */
  String link(Path dataDir, String channel, String file) throws Exception {
    List<String> cmd = List.of(javaExe(), "-jar", jar.toString(), "link", channel, file, "--ttl", "86400");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
    env(pb, dataDir, Map.of(), 0);
    Path out = Files.createTempFile(work, "link", ".out");
    Path err = Files.createTempFile(work, "link", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = track(pb.start());
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      die("link timed out");
    }
    String url = Files.readString(out).lines().map(String::strip).filter(l -> l.matches("https?://\\S+"))
        .reduce((a, b) -> b).orElse(null);
    if (p.exitValue() != 0 || url == null) {
      die("link " + channel + " " + file + " failed (exit " + p.exitValue() + "): " + Files.readString(out).strip()
          + " " + Files.readString(err).strip());
    }
    Files.delete(out);
    Files.delete(err);
    return URI.create(url).getRawPath();
  }

  void env(ProcessBuilder pb, Path dataDir, Map<String, String> extra, int port) {
    Map<String, String> e = pb.environment();
    for (String k : List.of("ROLE", "STREAM_READAHEAD", "STREAM_CACHE_MB", "SIMULATE_TELEGRAM", "PUBLIC_URL",
        "RENDER_EXTERNAL_URL", "TG_API_ID", "TG_API_HASH", "TG_SESSION_STRING", "TG_BOT_TOKEN", "CHANNEL_IDS",
        "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "UI_USERS")) {
      e.remove(k);
    }
    e.put("PORT", Integer.toString(port == 0 ? 8080 : port));
    e.put("DATA_DIR", dataDir.toString());
    e.put("LIBRARY_DIR", library.toString());
    e.put("STREAM_SECRET", secret);
    e.put("MALLOC_ARENA_MAX", mallocArenaMax);
    e.putAll(extra);
  }

  List<String> serverJvm() {
    List<String> flags = new ArrayList<>();
    if (plainJvm) {
      return flags;
    }
    flags.add("-XX:MaxRAM=512m");
    flags.addAll(jvmFlags);
    return flags;
  }

  static List<String> readJvmFlags(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      die("the JVM options file " + file + " is missing (the Dockerfile's flags live there)");
    }
    List<String> flags = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        flags.addAll(Arrays.asList(l.split("\\s+")));
      }
    }
    return flags;
  }

  static String readMallocArenaMax(Path dockerfile) throws IOException {
    if (Files.isRegularFile(dockerfile)) {
      Matcher m = Pattern.compile("MALLOC_ARENA_MAX=(\\d+)").matcher(Files.readString(dockerfile));
      if (m.find()) {
        return m.group(1);
      }
    }
    return "2";
  }

  // ---- the server under test -----------------------------------------------------------------------------------

  static final class Server implements AutoCloseable {
    final Bench bench;
    final Process process;
    final int port;
    final Path home;

    private Server(Bench bench, Process process, int port, Path home) {
      this.bench = bench;
      this.process = process;
      this.port = port;
      this.home = home;
    }

    static Server start(Bench b, String name, Map<String, String> extra) throws Exception {
      int port = freePort();
      Path home = b.work.resolve("runs").resolve(name);
      deleteTree(home);
      Path data = Files.createDirectories(home.resolve("data"));
      List<String> cmd = new ArrayList<>();
      cmd.add(javaExe());
      cmd.addAll(b.serverJvm());
      cmd.add("-jar");
      cmd.add(b.jar.toAbsolutePath().toString());
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
          .redirectOutput(home.resolve("server.log").toFile());
      b.env(pb, data, extra, port);
      Process p = track(pb.start());
      Server s = new Server(b, p, port, home);
      try {
        s.awaitReady();
      } catch (Exception | Error e) {
        s.close();
        throw e;
      }
      return s;
    }

    long pid() {
      return process.pid();
    }

    void awaitReady() throws Exception {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          die("tgstream exited with " + process.exitValue() + " before it was ready; see " + home.resolve("server.log"));
        }
        try {
          HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
              .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
          if (r.statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        }
        process.waitFor(100, TimeUnit.MILLISECONDS); // returns at once if the process dies
      }
      die("tgstream was not ready within 90 s; see " + home.resolve("server.log"));
    }

    /** Reads the small warm-up file once, so class loading and JIT of the request path are not measured. */
    void warmUp() throws Exception {
      for (int i = 0; i < 2; i++) {
        try (Reader r = Reader.open(port, bench.warmPath, null)) {
          r.readToEnd();
        }
      }
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(15, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
      deleteTree(home.resolve("data"));
    }
  }

  // ---- nginx on loopback -----------------------------------------------------------------------------------------

  static final class Nginx implements AutoCloseable {
    final Process process;
    final int port;

    private Nginx(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    static Nginx start(Bench b, int run) throws Exception {
      int port = freePort();
      Path prefix = b.work.resolve("nginx");
      deleteTree(prefix);
      Files.createDirectories(prefix.resolve("logs"));
      Path root = b.benchFile.getParent();
      String conf = """
          worker_processes 2;
          daemon off;
          master_process on;
          pid %1$s/nginx.pid;
          error_log %1$s/logs/error.log warn;
          events { worker_connections 1024; }
          http {
            access_log off;
            sendfile on;
            tcp_nopush on;
            keepalive_requests 100000;
            keepalive_timeout 60s;
            default_type application/octet-stream;
            client_body_temp_path %1$s/client_body;
            proxy_temp_path %1$s/proxy;
            fastcgi_temp_path %1$s/fastcgi;
            uwsgi_temp_path %1$s/uwsgi;
            scgi_temp_path %1$s/scgi;
            server {
              listen 127.0.0.1:%2$d;
              root %3$s;
            }
          }
          """.formatted(prefix, port, root);
      Path confFile = prefix.resolve("nginx.conf");
      Files.writeString(confFile, conf);
      ProcessBuilder pb = new ProcessBuilder(b.nginxBinary, "-e", prefix.resolve("logs/error.log").toString(),
          "-p", prefix.toString(), "-c", confFile.toString())
          .redirectErrorStream(true).redirectOutput(prefix.resolve("logs/stdout.log").toFile());
      Process p = track(pb.start());
      Nginx n = new Nginx(p, port);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline) {
        if (!p.isAlive()) {
          die("nginx exited with " + p.exitValue() + "; see " + prefix.resolve("logs"));
        }
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 500);
          return n;
        } catch (IOException e) {
          p.waitFor(50, TimeUnit.MILLISECONDS);
        }
      }
      n.close();
      die("nginx did not listen within 20 s");
      return n;
    }

    @Override
    public void close() {
      List<ProcessHandle> workers = process.descendants().toList();
      process.destroy(); // SIGTERM: fast shutdown of master and workers
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
  }

  // ---- HTTP over raw sockets (precise first-byte timing) ----------------------------------------------------------

  /** One GET on its own connection; measures the arrival of the first body byte. */
  static final class Reader implements AutoCloseable {
    final Socket socket;
    final InputStream in;
    final long sentAt;
    long firstByteAt = -1;
    long contentLength = -1;
    long bodyRead;
    final byte[] buf = new byte[1 << 16];
    int pending; // body bytes already in buf after the header
    int status;

    private Reader(Socket socket, long sentAt) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.sentAt = sentAt;
    }

    static Reader open(int port, String path, String range) throws IOException {
      Socket s = new Socket();
      s.setTcpNoDelay(true);
      s.setSoTimeout((int) READ_TIMEOUT.toMillis());
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      String req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
          + (range != null ? "Range: " + range + "\r\n" : "") + "Connection: close\r\n\r\n";
      long t0 = System.nanoTime();
      s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      Reader r = new Reader(s, t0);
      r.readHeader();
      return r;
    }

    void readHeader() throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (true) {
        int n = in.read(buf);
        if (n < 0) {
          throw new IOException("connection closed in the response header");
        }
        int start = head.size();
        head.write(buf, 0, n);
        byte[] h = head.toByteArray();
        int end = indexOfHeaderEnd(h, Math.max(0, start - 3));
        if (end >= 0) {
          String text = new String(h, 0, end, StandardCharsets.ISO_8859_1);
          parseHead(text);
          int extra = h.length - (end + 4);
          if (extra > 0) {
            firstByteAt = System.nanoTime();
            System.arraycopy(h, end + 4, buf, 0, extra);
          }
          pending = extra;
          bodyRead = extra;
          return;
        }
        if (head.size() > 64 * 1024) {
          throw new IOException("response header too large");
        }
      }
    }

    void parseHead(String text) throws IOException {
      String[] lines = text.split("\r\n");
      String[] statusLine = lines[0].split(" ");
      status = Integer.parseInt(statusLine[1]);
      if (status != 200 && status != 206) {
        throw new IOException("HTTP " + status + ": " + lines[0]);
      }
      for (String l : lines) {
        int c = l.indexOf(':');
        if (c > 0 && l.substring(0, c).trim().equalsIgnoreCase("content-length")) {
          contentLength = Long.parseLong(l.substring(c + 1).trim());
        }
      }
    }

    double firstByteSeconds() throws IOException {
      if (firstByteAt < 0) {
        int n = in.read(buf);
        if (n < 0) {
          throw new IOException("no body");
        }
        firstByteAt = System.nanoTime();
        bodyRead += n;
      }
      return (firstByteAt - sentAt) / 1e9;
    }

    void readAtLeast(long bytes) throws IOException {
      while (bodyRead < bytes) {
        int n = in.read(buf);
        if (n < 0) {
          throw new IOException("body ended at " + bodyRead);
        }
        if (firstByteAt < 0) {
          firstByteAt = System.nanoTime();
        }
        bodyRead += n;
      }
    }

    long readToEnd() throws IOException {
      long limit = contentLength >= 0 ? contentLength : Long.MAX_VALUE;
      while (bodyRead < limit) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, limit - bodyRead));
        if (n < 0) {
          if (contentLength >= 0) {
            throw new IOException("body ended at " + bodyRead + " of " + contentLength);
          }
          break;
        }
        if (firstByteAt < 0) {
          firstByteAt = System.nanoTime();
        }
        bodyRead += n;
      }
      return bodyRead;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** A keep-alive HTTP/1.1 connection that reconnects when the server closes it. */
  static final class KeepAlive {
    final int port;
    Socket socket;
    InputStream in;
    OutputStream out;
    final byte[] buf = new byte[1 << 16];
    int bufStart;
    int bufEnd;

    KeepAlive(int port) {
      this.port = port;
    }

    void connect() throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      in = socket.getInputStream();
      out = socket.getOutputStream();
      bufStart = bufEnd = 0;
    }

    long get(String path, String range, long expect) throws IOException {
      if (socket == null) {
        connect();
      }
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nRange: " + range + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // header
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int end;
      while (true) {
        if (bufStart == bufEnd) {
          fill();
        }
        head.write(buf, bufStart, bufEnd - bufStart);
        byte[] h = head.toByteArray();
        end = indexOfHeaderEnd(h, 0);
        if (end >= 0) {
          int consumedFromBuf = (end + 4) - (h.length - (bufEnd - bufStart));
          bufStart += consumedFromBuf;
          String text = new String(h, 0, end, StandardCharsets.ISO_8859_1);
          String[] lines = text.split("\r\n");
          int status = Integer.parseInt(lines[0].split(" ")[1]);
          long length = -1;
          boolean close = false;
          for (String l : lines) {
            int c = l.indexOf(':');
            if (c > 0) {
              String name = l.substring(0, c).trim();
              String value = l.substring(c + 1).trim();
              if (name.equalsIgnoreCase("content-length")) {
                length = Long.parseLong(value);
              } else if (name.equalsIgnoreCase("connection") && value.equalsIgnoreCase("close")) {
                close = true;
              }
            }
          }
          if (status != 206 || length != expect) {
            throw new IOException("expected 206 with " + expect + " bytes, got " + lines[0] + " length " + length);
          }
          long left = length;
          while (left > 0) {
            if (bufStart == bufEnd) {
              fill();
            }
            int n = (int) Math.min(left, bufEnd - bufStart);
            bufStart += n;
            left -= n;
          }
          if (close) {
            close();
          }
          return length;
        }
        bufStart = bufEnd;
        if (head.size() > 64 * 1024) {
          throw new IOException("response header too large");
        }
      }
    }

    void fill() throws IOException {
      int n = in.read(buf);
      if (n < 0) {
        throw new IOException("connection closed");
      }
      bufStart = 0;
      bufEnd = n;
    }

    void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing
        }
        socket = null;
      }
    }
  }

  static int indexOfHeaderEnd(byte[] b, int from) {
    for (int i = Math.max(0, from); i + 3 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  // ---- report ----------------------------------------------------------------------------------------------------------

  String report() throws IOException {
    StringBuilder sb = new StringBuilder();
    String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    sb.append("# tgstream benchmark results\n\n");
    sb.append("Run with `bash bench/run.sh` on ").append(date).append(".\n\n");
    sb.append("- machine: ").append(machine()).append('\n');
    sb.append("- Java ").append(System.getProperty("java.version")).append(", ").append(nginxVersion()).append('\n');
    sb.append("- file: ").append(FILE_SIZE / MIB).append(" MiB of random bytes in the embedded library backend\n");
    sb.append("- simulator: `SIMULATE_TELEGRAM=").append(SIMULATOR).append("` (150 ms per part call, 2 MiB/s per call, ")
        .append("8 calls at once; aligned parts enforced)\n");
    sb.append("- server JVM: `").append(String.join(" ", serverJvm())).append("`, `MALLOC_ARENA_MAX=").append(mallocArenaMax)
        .append("` — the flags of `").append(optionsFile).append("` that the Dockerfile ships, with a 512 MB container ")
        .append("limit emulated by `-XX:MaxRAM=512m`\n");
    sb.append("- each figure: the median of ").append(runs).append(" cold starts. A cold start is a fresh server process, ")
        .append("warmed by reading a 2 MiB other file twice (class loading, JIT), so the measured file is cold: none of ")
        .append("its parts was ever fetched by that process. nginx (nginx-light, 2 workers, sendfile) serves the same file ")
        .append("from a generated config on a loopback port; both servers get one warm-up round of the same load first.\n");
    sb.append("- time to first byte: from sending the request to the arrival of the first body byte (raw socket).\n\n");
    sb.append("| measure | median | runs | target | verdict |\n|---|---|---|---|---|\n");
    for (Row r : rows) {
      sb.append("| ").append(r.measure()).append(" | ").append(r.value()).append(" | ").append(r.runs()).append(" | ")
          .append(r.target()).append(" | ").append(r.verdict()).append(" |\n");
    }
    return sb.toString();
  }

  static String machine() throws IOException {
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

  String nginxVersion() {
    try {
      Process p = new ProcessBuilder(nginxBinary, "-v").redirectErrorStream(true).start();
      String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      p.waitFor(10, TimeUnit.SECONDS);
      return v.replace("nginx version: ", "");
    } catch (Exception e) {
      return "nginx (version unknown)";
    }
  }

  // ---- helpers -------------------------------------------------------------------------------------------------------

  static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = a.length;
    return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
  }

  static String list(List<Double> xs, String fmt) {
    return String.join(", ", xs.stream().map(x -> String.format(Locale.ROOT, fmt, x)).toList());
  }

  static String secs(double s) {
    return String.format(Locale.ROOT, "%.3f s", s);
  }

  static String mibs(double v) {
    return String.format(Locale.ROOT, v >= 100 ? "%.0f MiB/s" : "%.2f MiB/s", v);
  }

  static String miss(double value, double target, String unit) {
    return String.format(Locale.ROOT, "miss by %.3f %s", value - target, unit);
  }

  static long readStatusKb(long pid, String key) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (l.startsWith(key + ":")) {
          return Long.parseLong(l.replaceAll("\\D+", ""));
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // the process ended
    }
    return 0;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static String javaExe() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String findExecutable(String name, List<String> fallbacks) {
    String path = System.getenv("PATH");
    List<String> candidates = new ArrayList<>();
    if (path != null) {
      for (String d : path.split(":")) {
        if (!d.isEmpty()) {
          candidates.add(d + "/" + name);
        }
      }
    }
    candidates.addAll(fallbacks);
    for (String c : candidates) {
      Path p = Path.of(c);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return c;
      }
    }
    die(name + " not found: install nginx-light (bash scripts/test-tools.sh nginx-light; bench/run.sh does it)");
    return null;
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort
        }
      });
    } catch (IOException ignored) {
      // best effort
    }
  }

  static void log(String s) {
    System.out.println("[bench] " + s);
  }

  static void die(String s) {
    System.err.println("bench: " + s);
    System.exit(1);
  }
}
