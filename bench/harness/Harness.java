package harness;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every scenario shares: the jar under test and the JVM flags it ships with, the library with the 160 MiB bench
 * file and a 2 MiB warm-up file, their signed links, and the report. Scenarios start servers with
 * {@link #server(String, Map)} and nginx with {@link #nginx(int)}.
 */
public final class Harness {

  public static final int MIB = Sys.MIB;
  public static final long FILE_SIZE = 160L * MIB;
  public static final String SIMULATOR = "latency_ms=150,conn_kibps=2048,max_parallel=8";
  /** The environment of a server behind the simulator. */
  public static final Map<String, String> SIMULATED = Map.of("SIMULATE_TELEGRAM", SIMULATOR);

  private final Options options;
  private final Report report = new Report();
  Path jar;
  List<String> jvmFlags;
  String mallocArenaMax;
  /** The AppCDS archive trained for the jar under test when the Dockerfile ships one; null otherwise. */
  Path cdsArchive;
  String secret;
  Path library;
  Path benchFile;
  /** /stream/&lt;token&gt;/bench.bin */
  private String benchPath;
  /** /stream/&lt;token&gt;/warmup.bin */
  String warmPath;

  public Harness(Options options) {
    this.options = options;
  }

  public int runs() {
    return options.runs;
  }

  public Report report() {
    return report;
  }

  public Options options() {
    return options;
  }

  /** The path of the bench file's signed link. */
  public String benchPath() {
    return benchPath;
  }

  public Path benchFile() {
    return benchFile;
  }

  /** The library folder every server serves (LIBRARY_DIR); a scenario may add a channel folder of its own. */
  public Path library() {
    return library;
  }

  /** The path of the signed link to {@code file} in the library's folder {@code channel}, with the run's secret. */
  public String signedPath(String channel, String file) throws Exception {
    return link(options.work.resolve("data-link"), channel, file);
  }

  /** A fresh tgstream process (its own DATA_DIR) with {@code env} on top of the bench's, ready to serve. */
  public Server server(String name, Map<String, String> env) throws Exception {
    return Server.start(this, name, env);
  }

  /** A fresh tgstream process run from a class path: see {@link Server#start(Harness, String, Map, List, List)}. */
  public Server server(String name, Map<String, String> env, List<String> jvmArgs, List<Path> classpath)
      throws Exception {
    return Server.start(this, name, env, jvmArgs, classpath);
  }

  /** The private copy of the jar under test. */
  public Path jar() {
    return jar;
  }

  /** nginx-light on a loopback port, serving the bench file's folder. */
  public Nginx nginx(int run) throws Exception {
    return Nginx.start(this, run);
  }

  /** Copies the jar, reads the shipped JVM flags, finds nginx, writes the library and signs its links. */
  public void prepare() throws Exception {
    if (!Files.isRegularFile(options.jar)) {
      Sys.die("the jar " + options.jar + " is missing: run `mvn -B -q package -DskipTests` (bench/run.sh does it)");
    }
    // a private copy: a rebuild of app/target during the run must not change (or break) the jar under test
    Files.createDirectories(options.work);
    jar = options.work.resolve("tgstream-under-test.jar");
    Files.copy(options.jar, jar, StandardCopyOption.REPLACE_EXISTING);
    jvmFlags = readJvmFlags(options.optionsFile);
    mallocArenaMax = readMallocArenaMax(options.dockerfile);
    if (options.nginxBinary == null) {
      options.nginxBinary = Sys.findExecutable("nginx",
          List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"));
    }
    prepareLibrary();
    // After the library: the training run gets the same clean environment as every server.
    if (!options.plainJvm && shipsCdsArchive(options.dockerfile)) {
      cdsArchive = trainCdsArchive();
    }
    Sys.log("JVM flags (from " + options.optionsFile + ", container limit emulated with -XX:MaxRAM=512m): "
        + String.join(" ", serverJvm()));
    Sys.log("MALLOC_ARENA_MAX=" + mallocArenaMax + " (from " + options.dockerfile + ")");
  }

  private void prepareLibrary() throws Exception {
    library = options.work.resolve("library");
    Path movies = Files.createDirectories(library.resolve("movies"));
    Path warm = Files.createDirectories(library.resolve("warmup"));
    benchFile = movies.resolve("bench.bin");
    Sys.generate(benchFile, FILE_SIZE, 160);
    Sys.generate(warm.resolve("warmup.bin"), 2L * MIB, 2);
    byte[] s = new byte[24];
    new SecureRandom().nextBytes(s);
    secret = HexFormat.of().formatHex(s);
    Path data = Files.createDirectories(options.work.resolve("data-link"));
    benchPath = link(data, "movies", "bench.bin");
    warmPath = link(data, "warmup", "warmup.bin");
    Sys.log("file: " + benchFile + " (" + FILE_SIZE / MIB + " MiB); link " + benchPath);
  }

  /** The path of the signed URL printed by {@code java -jar tgstream.jar link <channel> <file>}. */
  private String link(Path dataDir, String channel, String file) throws Exception {
    List<String> cmd = List.of(Sys.javaExe(), "-jar", jar.toString(), "link", channel, file, "--ttl", "86400");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
    env(pb, dataDir, Map.of(), 0);
    Path out = Files.createTempFile(options.work, "link", ".out");
    Path err = Files.createTempFile(options.work, "link", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = Sys.track(pb.start());
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      Sys.die("link timed out");
    }
    String url = Files.readString(out).lines().map(String::strip).filter(l -> l.matches("https?://\\S+"))
        .reduce((a, b) -> b).orElse(null);
    if (p.exitValue() != 0 || url == null) {
      Sys.die("link " + channel + " " + file + " failed (exit " + p.exitValue() + "): " + Files.readString(out).strip()
          + " " + Files.readString(err).strip());
    }
    Files.delete(out);
    Files.delete(err);
    return URI.create(url).getRawPath();
  }

  /**
   * The image's AppCDS archive, made the way the Dockerfile makes it: a {@code cds-training} run of the jar under test
   * (at its absolute path, which the archive records) with the shipped flags and {@code -XX:ArchiveClassesAtExit}.
   */
  private Path trainCdsArchive() throws Exception {
    Path archive = options.work.resolve("tgstream.jsa").toAbsolutePath();
    Files.deleteIfExists(archive);
    List<String> cmd = new ArrayList<>(List.of(Sys.javaExe()));
    cmd.addAll(serverJvm());
    cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=error", "-jar", jar.toAbsolutePath().toString(),
        "cds-training"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Path data = Files.createDirectories(options.work.resolve("data-cds"));
    env(pb, data, Map.of(), 0);
    Path out = options.work.resolve("cds-training.log");
    pb.redirectOutput(out.toFile());
    long started = System.nanoTime();
    Process p = Sys.track(pb.start());
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      Sys.die("cds-training timed out; see " + out);
    }
    if (p.exitValue() != 0 || !Files.isRegularFile(archive) || Files.size(archive) == 0) {
      Sys.die("cds-training failed (exit " + p.exitValue() + "): " + Files.readString(out).strip());
    }
    Sys.log(String.format(java.util.Locale.ROOT, "AppCDS archive trained as the Dockerfile does: %s (%d MiB, %.1f s)",
        archive, Files.size(archive) / MIB, (System.nanoTime() - started) / 1e9));
    return archive;
  }

  /** Whether the image maps an AppCDS archive (its ENTRYPOINT names {@code -XX:SharedArchiveFile}). */
  private static boolean shipsCdsArchive(Path dockerfile) throws IOException {
    return Files.isRegularFile(dockerfile) && Files.readString(dockerfile).contains("-XX:SharedArchiveFile=");
  }

  /** A clean environment for a tgstream process: nothing inherited that could change what is measured. */
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

  /** The flags every tgstream process runs with: the shipped ones, with the 512 MB container limit emulated. */
  public List<String> serverJvm() {
    List<String> flags = new ArrayList<>();
    if (options.plainJvm) {
      return flags;
    }
    flags.add("-XX:MaxRAM=512m");
    flags.addAll(jvmFlags);
    if (cdsArchive != null) {
      flags.add("-XX:SharedArchiveFile=" + cdsArchive);
    }
    return flags;
  }

  public String mallocArenaMax() {
    return mallocArenaMax;
  }

  private static List<String> readJvmFlags(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      Sys.die("the JVM options file " + file + " is missing (the Dockerfile's flags live there)");
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

  private static String readMallocArenaMax(Path dockerfile) throws IOException {
    if (Files.isRegularFile(dockerfile)) {
      Matcher m = Pattern.compile("MALLOC_ARENA_MAX=(\\d+)").matcher(Files.readString(dockerfile));
      if (m.find()) {
        return m.group(1);
      }
    }
    return "2";
  }
}
