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

/**
 * A tgstream container: the image built from the Dockerfile by {@code scripts/container-image.sh} (podman, base
 * images made of Debian packages; reused when nothing changed), run under a real memory limit with the library
 * mounted read-only and the run's STREAM_SECRET, so the harness's signed links open its files. Ready once
 * /health/ready answers 200 on the published loopback port; removed on close, and by a shutdown hook if the bench
 * ends first. Memory is read from the host: the java process's /proc status (it is the container's main process)
 * and the container's memory cgroup.
 */
public final class Container implements AutoCloseable {

  /** What {@code scripts/container-image.sh} printed: the podman configuration to use and the image's id. */
  public record Image(Path containersConf, String id) {
  }

  /** One memory sample: the java process's VmRSS, and the cgroup's usage with its anonymous and page-cache parts. */
  public record Memory(long rssKb, long cgroupBytes, long cgroupRssBytes, long cgroupCacheBytes) {
  }

  private final Image image;
  private final String id;
  private final int port;
  private final long pid;
  private final Path cgroup;
  private final Thread remover;

  private Container(Image image, String id, int port, long pid, Path cgroup) {
    this.image = image;
    this.id = id;
    this.port = port;
    this.pid = pid;
    this.cgroup = cgroup;
    this.remover = new Thread(this::remove, "remove-container");
  }

  /** Builds the image (or reuses its cached layers) with scripts/container-image.sh; bounded by 20 minutes. */
  public static Image image(Harness h, String tag) throws Exception {
    Path root = h.options().dockerfile.toAbsolutePath().getParent();
    Path dir = Files.createDirectories(h.options().work.resolve("image").toAbsolutePath());
    Path out = dir.resolve("container-image.out");
    Path err = dir.resolve("container-image.log");
    Process p = Sys.track(new ProcessBuilder("bash", root.resolve("scripts/container-image.sh").toString(),
        "--work", dir.toString(), "--tag", tag).directory(root.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start());
    if (!p.waitFor(20, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      Sys.die("scripts/container-image.sh did not finish within 20 minutes; see " + err);
    }
    String conf = null;
    String imageId = null;
    for (String l : Files.readAllLines(out)) {
      if (l.startsWith("CONTAINERS_CONF=")) {
        conf = l.substring("CONTAINERS_CONF=".length());
      } else if (l.startsWith("IMAGE=")) {
        imageId = l.substring("IMAGE=".length());
      }
    }
    if (p.exitValue() != 0 || conf == null || imageId == null) {
      Sys.die("scripts/container-image.sh failed (exit " + p.exitValue() + "): "
          + String.join(" | ", tail(Files.readAllLines(err), 8)));
    }
    Files.readAllLines(err).forEach(l -> Sys.log(l));
    return new Image(Path.of(conf), imageId);
  }

  /**
   * Starts {@code image} detached under {@code --memory memory --memory-swap memory} (no swap), role all, the harness's
   * library at /app/library read-only, its STREAM_SECRET and {@code env}; returns once it is ready (90 s bound).
   */
  public static Container start(Harness h, Image image, String name, String memory, Map<String, String> env)
      throws Exception {
    return start(h, image, name, memory, env, List.of());
  }

  /** As above, with more {@code podman run} options (e.g. {@code --cpus 0.1}: a Render free instance's CPU). */
  public static Container start(Harness h, Image image, String name, String memory, Map<String, String> env,
      List<String> runOptions) throws Exception {
    int port = Sys.freePort();
    List<String> cmd = new ArrayList<>(List.of("run", "-d", "--name", name + "-" + ProcessHandle.current().pid(),
        "--memory", memory, "--memory-swap", memory, "-p", "127.0.0.1:" + port + ":8080"));
    cmd.addAll(runOptions);
    cmd.addAll(List.of("-v", h.library.toAbsolutePath() + ":/app/library:ro", "-e", "ROLE=all",
        "-e", "STREAM_SECRET=" + h.secret));
    env.forEach((k, v) -> cmd.addAll(List.of("-e", k + "=" + v)));
    cmd.add(image.id());
    String id = podman(image, cmd, 60).strip();
    if (!id.matches("[0-9a-f]{64}")) {
      Sys.die("podman run printed no container id: " + id);
    }
    Container c = null;
    try {
      long pid = Long.parseLong(podman(image, List.of("inspect", "--format", "{{.State.Pid}}", id), 30).strip());
      c = new Container(image, id, port, pid, memoryCgroup(pid));
      Runtime.getRuntime().addShutdownHook(c.remover);
      c.awaitReady();
      return c;
    } catch (Exception | Error e) {
      if (c != null) {
        c.close();
      } else {
        podman(image, List.of("rm", "-f", "-t", "0", id), 60);
      }
      throw e;
    }
  }

  public int port() {
    return port;
  }

  public String id() {
    return id;
  }

  /** One GET on a new connection to the published port (null: no Range header). */
  public Reader open(String path, String range) throws IOException {
    return Reader.open(port, path, range);
  }

  /** The java process's VmRSS and the container cgroup's memory, read from the host (cheap: no podman exec). */
  public Memory memory() {
    long rss = Sys.readStatusKb(pid, "VmRSS");
    long usage = readLong(cgroup.resolve("memory.usage_in_bytes"), cgroup.resolve("memory.current"));
    long anon = 0;
    long cache = 0;
    try {
      for (String l : Files.readAllLines(cgroup.resolve("memory.stat"))) {
        String[] kv = l.split(" ");
        switch (kv[0]) {
          case "total_rss", "anon" -> anon = Long.parseLong(kv[1]);
          case "total_cache", "file" -> cache = Long.parseLong(kv[1]);
          default -> { }
        }
      }
    } catch (IOException | RuntimeException e) {
      // the container ended
    }
    return new Memory(rss, usage, anon, cache);
  }

  /** The cgroup's peak usage (memory.max_usage_in_bytes, or memory.peak), in bytes; 0 when unknown. */
  public long peakBytes() {
    return readLong(cgroup.resolve("memory.max_usage_in_bytes"), cgroup.resolve("memory.peak"));
  }

  /** The kernel's OOM kills in the container's cgroup (memory.oom_control or memory.events); -1 when unknown. */
  public long oomKills() {
    for (Path f : List.of(cgroup.resolve("memory.oom_control"), cgroup.resolve("memory.events"))) {
      try {
        for (String l : Files.readAllLines(f)) {
          if (l.startsWith("oom_kill ")) {
            return Long.parseLong(l.substring("oom_kill ".length()).strip());
          }
        }
      } catch (IOException | RuntimeException e) {
        // not this cgroup version
      }
    }
    return -1;
  }

  /** {@code podman inspect}'s State.Running and State.OOMKilled, e.g. "true false". */
  public String state() throws Exception {
    return podman(image, List.of("inspect", "--format", "{{.State.Running}} {{.State.OOMKilled}}", id), 30).strip();
  }

  /** The container's log (its last lines). */
  public String logTail(int lines) {
    try {
      return podman(image, List.of("logs", "--tail", Integer.toString(lines), id), 30);
    } catch (Exception e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    remove();
    try {
      Runtime.getRuntime().removeShutdownHook(remover);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs (remove is idempotent)
    }
  }

  private void remove() {
    try {
      // not tracked: in a shutdown, Sys's hook kills tracked processes, and this one must outlive it
      podman(image, List.of("rm", "-f", "-t", "0", id), 60, false);
    } catch (Exception e) {
      System.err.println("bench: could not remove container " + id + ": " + e.getMessage());
    }
  }

  private void awaitReady() throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        Sys.die("the container's java exited before it was ready: " + logTail(30));
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
      Thread.sleep(200); // a polling interval: readiness has no event to wait on from outside the container
    }
    Sys.die("the container was not ready within 90 s: " + logTail(30));
  }

  /** The memory controller's folder of the process's cgroup (v1 "N:memory:/path", or v2 "0::/path"). */
  private static Path memoryCgroup(long pid) throws IOException {
    String v2 = null;
    for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"))) {
      String[] f = l.split(":", 3);
      if (f.length == 3 && List.of(f[1].split(",")).contains("memory")) {
        return Path.of("/sys/fs/cgroup/memory" + f[2]);
      }
      if (f.length == 3 && f[0].equals("0") && f[1].isEmpty()) {
        v2 = f[2];
      }
    }
    if (v2 != null && Files.exists(Path.of("/sys/fs/cgroup" + v2, "memory.current"))) {
      return Path.of("/sys/fs/cgroup" + v2);
    }
    throw new IOException("no memory cgroup for pid " + pid);
  }

  private static long readLong(Path... candidates) {
    for (Path f : candidates) {
      try {
        return Long.parseLong(Files.readString(f).strip());
      } catch (IOException | RuntimeException e) {
        // the next candidate
      }
    }
    return 0;
  }

  /** Runs {@code podman args} with the image's CONTAINERS_CONF; returns its output; bounded by {@code seconds}. */
  private static String podman(Image image, List<String> args, int seconds) throws Exception {
    return podman(image, args, seconds, true);
  }

  private static String podman(Image image, List<String> args, int seconds, boolean track) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("podman"));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("CONTAINERS_CONF", image.containersConf().toString());
    Path out = Files.createTempFile("podman", ".out");
    try {
      Process p = pb.redirectOutput(out.toFile()).start();
      if (track) {
        Sys.track(p);
      }
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("podman " + args.get(0) + " timed out after " + seconds + " s");
      }
      String text = Files.readString(out);
      if (p.exitValue() != 0) {
        throw new IOException("podman " + String.join(" ", args.subList(0, Math.min(3, args.size()))) + " failed (exit "
            + p.exitValue() + "): " + text.strip());
      }
      return text;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static List<String> tail(List<String> lines, int n) {
    return lines.subList(Math.max(0, lines.size() - n), lines.size());
  }
}
