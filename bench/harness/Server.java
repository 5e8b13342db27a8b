package harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One tgstream process under test: started fresh, ready once /health/ready answers 200, stopped on close. */
public final class Server implements AutoCloseable {

  private final Harness harness;
  private final Process process;
  private final int port;
  private final Path home;

  private Server(Harness harness, Process process, int port, Path home) {
    this.harness = harness;
    this.process = process;
    this.port = port;
    this.home = home;
  }

  static Server start(Harness h, String name, Map<String, String> extra) throws Exception {
    return start(h, name, extra, List.of(), List.of());
  }

  /**
   * With {@code classpath} empty: {@code java <flags> -jar tgstream.jar}. Otherwise {@code java <flags> <jvmArgs> -cp
   * tgstream.jar:<classpath> dev.tgstream.app.Main} (e.g. the jar on the TDLib test double of the telegram test-jar).
   */
  static Server start(Harness h, String name, Map<String, String> extra, List<String> jvmArgs, List<Path> classpath)
      throws Exception {
    int port = Sys.freePort();
    Path home = h.options().work.resolve("runs").resolve(name);
    Sys.deleteTree(home);
    Path data = Files.createDirectories(home.resolve("data"));
    List<String> cmd = new ArrayList<>();
    cmd.add(Sys.javaExe());
    // The AppCDS archive records the class path it was trained on (the jar alone): another one would only warn.
    h.serverJvm().stream().filter(f -> classpath.isEmpty() || !f.startsWith("-XX:SharedArchiveFile=")).forEach(cmd::add);
    cmd.addAll(jvmArgs);
    if (classpath.isEmpty()) {
      cmd.add("-jar");
      cmd.add(h.jar.toAbsolutePath().toString());
    } else {
      List<String> entries = new ArrayList<>(List.of(h.jar.toAbsolutePath().toString()));
      classpath.forEach(p -> entries.add(p.toAbsolutePath().toString()));
      cmd.add("-cp");
      cmd.add(String.join(java.io.File.pathSeparator, entries));
      cmd.add("dev.tgstream.app.Main");
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
        .redirectOutput(home.resolve("server.log").toFile());
    h.env(pb, data, extra, port);
    Process p = Sys.track(pb.start());
    Server s = new Server(h, p, port, home);
    try {
      s.awaitReady();
    } catch (Exception | Error e) {
      s.close();
      throw e;
    }
    return s;
  }

  public int port() {
    return port;
  }

  public Path home() {
    return home;
  }

  public long pid() {
    return process.pid();
  }

  private void awaitReady() throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        Sys.die("tgstream exited with " + process.exitValue() + " before it was ready; see " + home.resolve("server.log"));
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
    Sys.die("tgstream was not ready within 90 s; see " + home.resolve("server.log"));
  }

  /** Reads the small warm-up file twice, so class loading and JIT of the request path are not measured. */
  public void warmUp() throws Exception {
    for (int i = 0; i < 2; i++) {
      try (Reader r = Reader.open(port, harness.warmPath, null)) {
        r.readToEnd();
      }
    }
  }

  /** One GET of any path on a new connection (null: no Range header). */
  public Reader open(String path, String range) throws IOException {
    return Reader.open(port, path, range);
  }

  /** One GET of the bench file on a new connection (null: no Range header). */
  public Reader open(String range) throws IOException {
    return Reader.open(port, harness.benchPath(), range);
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
    Sys.deleteTree(home.resolve("data"));
  }
}
