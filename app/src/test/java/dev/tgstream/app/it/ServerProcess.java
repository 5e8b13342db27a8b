package dev.tgstream.app.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The built fat jar running as a child process, as a user runs it: {@code java -jar app/target/tgstream.jar} with its
 * own DATA_DIR and LIBRARY_DIR under {@code app/target/it-work/} and a free port. Every output line (stdout and stderr)
 * is kept in memory (thread-safe) and in {@code server.log} beside it; the access lines the server prints for each
 * /stream request tell a test which Range requests a real client made.
 */
final class ServerProcess implements AutoCloseable {

  /** One access line: {@code access method=GET path=/stream/... range=bytes=0-9 status=206}. */
  record AccessLine(String method, String path, String range, int status) {
    boolean hasRange() {
      return range != null && !range.equals("-");
    }

    /** First byte position of a {@code bytes=a-…} range, or -1 (no range, suffix range, other unit). */
    long rangeStart() {
      if (!hasRange()) {
        return -1;
      }
      Matcher m = FIRST_POS.matcher(range);
      return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
  }

  private static final Pattern ACCESS =
      Pattern.compile("access method=(\\S+) path=(\\S+) range=(.*?) status=(\\d{3})");
  private static final Pattern FIRST_POS = Pattern.compile("^bytes=\\s*(\\d+)-");
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  /** Variables of the developer's shell that would change what the tests see. */
  private static final List<String> SCRUBBED = List.of("PORT", "ROLE", "DATA_DIR", "LIBRARY_DIR", "STREAM_SECRET",
      "UI_AUTH", "UI_USERS", "STREAM_READAHEAD", "STREAM_CACHE_MB", "SIMULATE_TELEGRAM", "PUBLIC_URL",
      "RENDER_EXTERNAL_URL", "STREAMER_URL", "TG_API_ID", "TG_API_HASH", "TG_SESSION_STRING", "TG_BOT_TOKEN",
      "CHANNEL_IDS", "CHANNEL_ID", "TDLIB_PATH", "TDLIB_CACHE_MB", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");
  /** The class {@code java -jar} starts; named when the jar runs from a class path ({@link Builder#classpath}). */
  static final String MAIN_CLASS = "dev.tgstream.app.Main";

  /** Servers still running; a shutdown hook kills them if the test JVM ends first (a crash, a fork timeout). */
  private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(p -> {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }), "kill-tgstream-servers"));
  }

  private final String name;
  private final Path home;
  private final Path dataDir;
  private final Path libraryDir;
  private final Path scratch;
  private final int port;
  private final Map<String, String> env;
  /** {@code java [jvm args] -jar tgstream.jar}, or {@code java [jvm args] -cp tgstream.jar:<extra> Main}. */
  private final List<String> launch;
  private final Process process;
  private final Thread reader;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<String> lines = new ArrayList<>();
  private boolean ended;
  private volatile boolean frozen;

  static Builder builder(String name) {
    return new Builder(name);
  }

  static final class Builder {
    private final String name;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, Path> files = new LinkedHashMap<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<Path> classpath = new ArrayList<>();
    private int port;

    private Builder(String name) {
      this.name = name;
    }

    Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    Builder jvmArg(String arg) {
      jvmArgs.add(arg);
      return this;
    }

    /**
     * Runs the jar from a class path with {@code extra} after it ({@code java -cp tgstream.jar:<extra>
     * dev.tgstream.app.Main}) instead of {@code java -jar}, e.g. to give it the TDLib test double of the telegram
     * module's test-jar. The JVM args apply to the {@link #cli} commands of such a server too (they name the double).
     */
    Builder classpath(Path extra) {
      classpath.add(extra.toAbsolutePath());
      return this;
    }

    /** Listens on this port instead of a free one (e.g. a restarted server that others know by its URL). */
    Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Puts {@code source} into the library as {@code <channel>/<fileName>} (a hard link; a copy if that fails). */
    Builder file(String channel, String fileName, Path source) {
      files.put(channel + "/" + fileName, source);
      return this;
    }

    Builder file(String channel, Fixtures.Fixture fixture) {
      return file(channel, fixture.name(), fixture.path());
    }

    ServerProcess start() {
      return new ServerProcess(this);
    }
  }

  static Path jar() {
    String configured = System.getProperty("tgstream.jar");
    Path jar = configured != null ? Path.of(configured) : Path.of("target", "tgstream.jar");
    if (!Files.isRegularFile(jar)) {
      fail("the fat jar " + jar.toAbsolutePath() + " is missing: build it with `mvn -B verify` (ITs run after package)");
    }
    return jar.toAbsolutePath();
  }

  private ServerProcess(Builder b) {
    this.name = b.name;
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss"));
    this.home = Fixtures.dir().resolveSibling("it-work").resolve(b.name + "-" + stamp + "-" + SEQ.incrementAndGet());
    this.dataDir = home.resolve("data");
    this.libraryDir = home.resolve("library");
    this.scratch = home.resolve("scratch");
    this.port = b.port > 0 ? b.port : freePort();
    try {
      Files.createDirectories(dataDir);
      Files.createDirectories(libraryDir);
      Files.createDirectories(scratch);
      for (Map.Entry<String, Path> f : b.files.entrySet()) {
        Path target = libraryDir.resolve(f.getKey());
        Files.createDirectories(target.getParent());
        try {
          Files.createLink(target, f.getValue());
        } catch (IOException | UnsupportedOperationException e) {
          Files.copy(f.getValue(), target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> e = new HashMap<>();
    SCRUBBED.forEach(k -> e.put(k, null));
    e.put("PORT", Integer.toString(port));
    e.put("DATA_DIR", dataDir.toString());
    e.put("LIBRARY_DIR", libraryDir.toString());
    e.putAll(b.env);
    this.env = e;

    List<String> cmd = new ArrayList<>();
    cmd.add(javaExecutable());
    cmd.addAll(b.jvmArgs);
    if (b.classpath.isEmpty()) {
      cmd.add("-jar");
      cmd.add(jar().toString());
      this.launch = List.of(javaExecutable(), "-jar", jar().toString());
    } else {
      List<String> entries = new ArrayList<>(List.of(jar().toString()));
      b.classpath.forEach(p -> entries.add(p.toString()));
      cmd.add("-cp");
      cmd.add(String.join(java.io.File.pathSeparator, entries));
      cmd.add(MAIN_CLASS);
      this.launch = List.copyOf(cmd);
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true);
    env.forEach((k, v) -> {
      if (v == null) {
        pb.environment().remove(k);
      } else {
        pb.environment().put(k, v);
      }
    });
    try {
      this.process = pb.start();
      LIVE.add(process);
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot start " + cmd, ex);
    }
    this.reader = new Thread(this::pump, "server-out-" + name);
    reader.setDaemon(true);
    reader.start();
    try {
      awaitReady();
    } catch (Throwable t) {
      close();
      throw t;
    }
  }

  private void pump() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
         Writer log = Files.newBufferedWriter(home.resolve("server.log"), StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        log.write(line);
        log.write('\n');
        log.flush();
        lock.lock();
        try {
          lines.add(line);
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
    } catch (IOException ignored) {
      // the process ended
    } finally {
      lock.lock();
      try {
        ended = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private void awaitReady() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      int seen = mark();
      if (!process.isAlive()) {
        fail("tgstream exited with " + process.exitValue() + " before it was ready\n" + tail(60));
      }
      try {
        HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
            .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted while waiting for tgstream");
      }
      // wait for the next output line (e.g. "tgstream ready") or at most 200 ms, then ask again
      awaitChange(seen, Duration.ofMillis(200));
      if (outputEnded()) {
        try {
          process.waitFor(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    fail("tgstream did not answer 200 on /health/ready within " + READY_TIMEOUT.toSeconds() + " s\n" + tail(60));
  }

  /** Blocks until more than {@code seen} lines exist, the process output ends, or the timeout; returns the line count. */
  private int awaitChange(int seen, Duration timeout) {
    lock.lock();
    try {
      long nanos = timeout.toNanos();
      while (lines.size() <= seen && !ended && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
      return lines.size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return lines.size();
    } finally {
      lock.unlock();
    }
  }

  private boolean outputEnded() {
    lock.lock();
    try {
      return ended;
    } finally {
      lock.unlock();
    }
  }

  int port() {
    return port;
  }

  /** The server's process id (for {@code kill -STOP} / {@code kill -CONT}). */
  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** {@code kill -9}: the process ends at once, without shutdown hooks; waits (bounded) until it is gone. */
  void kill9() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        fail("tgstream (pid " + pid() + ") still runs 10 s after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Freezes the process ({@code kill -STOP <pid>}): it keeps its sockets but answers nothing. */
  void freeze() {
    signal("STOP");
    frozen = true;
  }

  /** Lets a frozen process run again ({@code kill -CONT <pid>}). */
  void thaw() {
    signal("CONT");
    frozen = false;
  }

  private void signal(String name) {
    Tools.Result r = Tools.run(Duration.ofSeconds(10), List.of(Tools.require("kill"), "-" + name, Long.toString(pid())));
    assertEquals(0, r.exit(), () -> "kill -" + name + " " + pid() + " failed\n" + r.describe());
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  Path dataDir() {
    return dataDir;
  }

  Path libraryDir() {
    return libraryDir;
  }

  /** A directory for a test's downloads, emptied when the server closes. */
  Path scratch(String sub) {
    try {
      return Files.createDirectories(scratch.resolve(sub));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<String> lines() {
    lock.lock();
    try {
      return List.copyOf(lines);
    } finally {
      lock.unlock();
    }
  }

  List<AccessLine> accessLines() {
    List<AccessLine> out = new ArrayList<>();
    for (String line : lines()) {
      Matcher m = ACCESS.matcher(line);
      if (m.find()) {
        out.add(new AccessLine(m.group(1), m.group(2), m.group(3).strip(), Integer.parseInt(m.group(4))));
      }
    }
    return out;
  }

  /** Access lines printed after the first {@code from} output lines (take {@link #mark()} before the client runs). */
  List<AccessLine> accessLinesSince(int from) {
    List<String> all = lines();
    List<AccessLine> out = new ArrayList<>();
    for (String line : all.subList(Math.min(from, all.size()), all.size())) {
      Matcher m = ACCESS.matcher(line);
      if (m.find()) {
        out.add(new AccessLine(m.group(1), m.group(2), m.group(3).strip(), Integer.parseInt(m.group(4))));
      }
    }
    return out;
  }

  /** Output line count: a mark for {@link #accessLinesSince(int)}. */
  int mark() {
    lock.lock();
    try {
      return lines.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits (on the output event, bounded) until the access lines printed since {@code mark} satisfy {@code condition};
   * returns them, or fails with what was seen.
   */
  List<AccessLine> awaitAccess(int from, Predicate<List<AccessLine>> condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      int count = mark();
      List<AccessLine> now = accessLinesSince(from);
      if (condition.test(now)) {
        return now;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return fail("the server's access log never showed " + what + " within " + timeout.toSeconds() + " s; saw:\n  "
            + String.join("\n  ", now.stream().map(AccessLine::toString).toList()));
      }
      awaitChange(count, Duration.ofNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(500))));
    }
  }

  /** The last {@code n} output lines, for failure messages. */
  String tail(int n) {
    List<String> all = lines();
    return "---- last lines of " + name + " (" + home.resolve("server.log") + ") ----\n  "
        + String.join("\n  ", all.subList(Math.max(0, all.size() - n), all.size()));
  }

  /**
   * Runs {@code java -jar tgstream.jar <args>} (or the same class path and JVM args as the server when it has a
   * {@link Builder#classpath}) with this server's environment (plus {@code extraEnv}).
   */
  Tools.Result cli(Map<String, String> extraEnv, String... args) {
    List<String> cmd = new ArrayList<>(launch);
    cmd.addAll(List.of(args));
    Map<String, String> e = new HashMap<>(env);
    e.putAll(extraEnv);
    return Tools.run(Duration.ofMinutes(2), cmd, e, home);
  }

  Tools.Result cli(String... args) {
    return cli(Map.of(), args);
  }

  /**
   * The signed URL that {@code link} prints for a file (the last stdout line that is a URL; {@link LinkCliIT} checks
   * that it is the only line, so that one CLI defect does not hide every streaming test behind it).
   */
  String link(String channel, String file, String... options) {
    List<String> args = new ArrayList<>(List.of("link", channel, file));
    args.addAll(List.of(options));
    Tools.Result r = cli(args.toArray(String[]::new));
    assertEquals(0, r.exit(), () -> "link failed\n" + r.describe());
    List<String> urls = r.out().lines().map(String::strip).filter(l -> l.matches("https?://\\S+")).toList();
    if (urls.isEmpty()) {
      fail("link printed no URL\n" + r.describe());
    }
    return urls.get(urls.size() - 1);
  }

  /** {@code link}'s URL rewritten to the loopback address the test connects to (same path and token). */
  String loopbackLink(String channel, String file, String... options) {
    String url = link(channel, file, options);
    URI u = URI.create(url);
    return baseUrl() + u.getRawPath();
  }

  /**
   * Sends SIGTERM as a platform does on stop, without waiting; pair with {@link #awaitExit(Duration)}. Through the
   * {@link ProcessHandle}: {@link Process#destroy()} sends the same signal but also closes our end of the output pipe,
   * which would lose every line the server prints while it shuts down.
   */
  void sigterm() {
    process.toHandle().destroy();
  }

  /** Waits for the process to end, up to {@code timeout}; its exit code, or empty when it is still running. */
  java.util.OptionalInt awaitExit(Duration timeout) {
    try {
      if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        // the last lines are in once the output pipe ends
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return java.util.OptionalInt.of(process.exitValue());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return java.util.OptionalInt.empty();
  }

  /** Waits (on output events, bounded) until a line matching {@code match} is printed; false on timeout or exit. */
  boolean awaitLine(Predicate<String> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      int count = mark();
      if (lines().stream().anyMatch(match)) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || outputEnded()) {
        return lines().stream().anyMatch(match);
      }
      awaitChange(count, Duration.ofNanos(left));
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      if (frozen) {
        // a frozen process would hold SIGTERM until it runs again: let it run, then stop it as usual
        try {
          Tools.run(Duration.ofSeconds(10), List.of(Tools.require("kill"), "-CONT", Long.toString(pid())));
        } catch (AssertionError | RuntimeException ignored) {
          // it ended meanwhile
        }
      }
      Tools.destroyTree(process);
    }
    LIVE.remove(process);
    try {
      reader.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // keep server.log for a failing test's post-mortem; drop the bulk (downloads, library links, state)
    Tools.deleteTree(scratch);
    Tools.deleteTree(libraryDir);
    Tools.deleteTree(dataDir);
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
