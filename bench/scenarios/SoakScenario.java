package scenarios;

import harness.Container;
import harness.Harness;
import harness.Reader;
import harness.Scenario;
import harness.Stats;
import harness.Sys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak (issue 9): the image built from the Dockerfile, run under a real {@code --memory 512m} limit with the
 * simulator, and 200 seeking clients for 10 minutes ({@code --soak-minutes}, {@code --soak-clients}). Each client
 * loops: a file and an offset at random, then either a player's seek (an open range {@code bytes=N-}, dropped after
 * 256 KiB – 2 MiB) or a bounded range (16 KiB – 1 MiB, read to its end). Every response is checked: 206, its
 * Content-Range and Content-Length, and every body byte against the generated file. The container's memory is read
 * every second: the java process's VmRSS (the container's main process, read from the host's /proc) and its cgroup's
 * usage. Prints requests, errors, wrong bytes, first byte p50/p99, RSS per minute, whether RSS stayed flat (the last
 * minute's mean within 10 % of the second minute's) and whether the container was OOM-killed.
 *
 * <p>Not in the default suite: {@code bash bench/run.sh --only soak}. Needs root and podman (the script installs it).
 */
public final class SoakScenario implements Scenario {

  static final String TAG = "localhost/tgstream:bench-soak";
  static final String MEMORY = "512m";
  static final String CHANNEL = "soak";
  static final int FILES = 4;
  static final long FILE_SIZE = 64L * Harness.MIB;
  static final int KIB = 1024;
  /** A failed request's client waits this long before its next one, so a dead container is not hammered. */
  static final long ERROR_PAUSE_MS = 1000;
  /** After the soak's end, requests in flight get this long to finish (a read times out after 120 s). */
  static final long DRAIN_SECONDS = 150;
  static final double FLAT_TOLERANCE = 0.10;

  @Override
  public String name() {
    return "soak";
  }

  @Override
  public boolean inDefaultSuite() {
    return false;
  }

  /** One generated file: its signed path, and an open channel to read the expected bytes from. */
  record SoakFile(String name, String path, FileChannel local) {
  }

  /** The counters every client adds to. */
  static final class Tally {
    final AtomicLong requests = new AtomicLong();
    final AtomicLong seeks = new AtomicLong();
    final AtomicLong bounded = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong wrongBytes = new AtomicLong();
    final AtomicLong badResponses = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final ConcurrentLinkedQueue<Double> firstByte = new ConcurrentLinkedQueue<>();
    final List<String> firstErrors = Collections.synchronizedList(new ArrayList<>());

    void error(String what) {
      errors.incrementAndGet();
      if (firstErrors.size() < 10) {
        firstErrors.add(what);
      }
    }
  }

  /** One memory sample, {@code t} seconds after the load began. */
  record Sample(double t, Container.Memory memory) {
  }

  @Override
  public void run(Harness h) throws Exception {
    int minutes = h.options().soakMinutes;
    int clients = h.options().soakClients;
    List<SoakFile> files = prepareFiles(h);
    Container.Image image = Container.image(h, TAG);
    Sys.log("image " + image.id().substring(0, 12) + " (" + TAG + "), podman configuration " + image.containersConf());
    try (Container c = Container.start(h, image, "tgstream-soak", MEMORY, Harness.SIMULATED)) {
      Sys.log("container " + c.id().substring(0, 12) + " ready on 127.0.0.1:" + c.port() + " (--memory " + MEMORY
          + ", SIMULATE_TELEGRAM=" + Harness.SIMULATOR + "); " + clients + " clients for " + minutes + " min");
      Container.Memory idle = c.memory();
      Tally tally = new Tally();
      List<Sample> samples = new CopyOnWriteArrayList<>();
      long t0 = System.nanoTime();
      long end = t0 + TimeUnit.MINUTES.toNanos(minutes);
      Thread sampler = new Thread(() -> sample(c, samples, t0, end, tally), "soak-memory");
      sampler.setDaemon(true);
      sampler.start();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        long seed = 9_000L + i;
        Thread t = new Thread(() -> client(c, files, new Random(seed), end, tally), "soak-client-" + i);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
      long drainBy = end + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
      for (Thread t : threads) {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(drainBy - System.nanoTime())));
      }
      long stuck = threads.stream().filter(Thread::isAlive).count();
      sampler.join(5000);
      String state = c.state();
      long oomKills = c.oomKills();
      long peak = c.peakBytes();
      if (stuck > 0) {
        tally.error(stuck + " clients still in a request " + DRAIN_SECONDS + " s after the end");
      }
      report(h, minutes, clients, tally, samples, idle, state, oomKills, peak, c);
    } finally {
      for (SoakFile f : files) {
        f.local().close();
      }
    }
  }

  /** FILES files of seeded random bytes in the library's folder {@code soak}, and their signed links. */
  private static List<SoakFile> prepareFiles(Harness h) throws Exception {
    Path folder = Files.createDirectories(h.library().resolve(CHANNEL));
    List<SoakFile> files = new ArrayList<>();
    for (int i = 0; i < FILES; i++) {
      String name = "soak-" + i + ".bin";
      Path file = folder.resolve(name);
      Sys.generate(file, FILE_SIZE, 777 + i);
      files.add(new SoakFile(name, h.signedPath(CHANNEL, name), FileChannel.open(file, StandardOpenOption.READ)));
    }
    Sys.log("soak library: " + FILES + " files of " + FILE_SIZE / Harness.MIB + " MiB in " + folder);
    return files;
  }

  /** One client's loop until {@code end}: a seek or a bounded range at a random place, every byte checked. */
  private static void client(Container c, List<SoakFile> files, Random rnd, long end, Tally tally) {
    byte[] got = new byte[64 * KIB];
    byte[] want = new byte[64 * KIB];
    while (System.nanoTime() < end) {
      SoakFile f = files.get(rnd.nextInt(files.size()));
      long start = (long) (rnd.nextDouble() * (FILE_SIZE - 1));
      boolean seek = rnd.nextBoolean();
      long last = seek ? FILE_SIZE - 1 : Math.min(FILE_SIZE - 1, start + 16 * KIB + rnd.nextInt(1008 * KIB) - 1);
      long toRead = seek ? Math.min(FILE_SIZE - start, 256 * KIB + rnd.nextInt(1792 * KIB)) : last - start + 1;
      String range = "bytes=" + start + "-" + (seek ? "" : Long.toString(last));
      tally.requests.incrementAndGet();
      (seek ? tally.seeks : tally.bounded).incrementAndGet();
      try (Reader r = c.open(f.path(), range)) {
        String expectRange = "bytes " + start + "-" + last + "/" + FILE_SIZE;
        if (r.status() != 206 || !expectRange.equals(r.header("Content-Range"))
            || r.contentLength() != last - start + 1) {
          tally.badResponses.incrementAndGet();
          throw new IOException("HTTP " + r.status() + ", Content-Range " + r.header("Content-Range")
              + ", Content-Length " + r.contentLength() + " for " + range + " (expected " + expectRange + ")");
        }
        tally.firstByte.add(r.firstByteSeconds());
        long pos = start;
        long left = toRead;
        while (left > 0) {
          int n = r.read(got, 0, (int) Math.min(got.length, left));
          if (n < 0) {
            throw new IOException("body ended after " + (pos - start) + " of " + toRead + " bytes for " + range);
          }
          readLocal(f.local(), pos, want, n);
          long wrong = countDifferent(got, want, n);
          if (wrong > 0) {
            tally.wrongBytes.addAndGet(wrong);
            tally.error(wrong + " wrong bytes in " + f.name() + " at " + pos + "+" + n + " (" + range + ")");
          }
          pos += n;
          left -= n;
          tally.bytes.addAndGet(n);
        }
        if (!seek && r.read(got, 0, 1) >= 0) {
          throw new IOException("more than Content-Length for " + range);
        }
        // a seek closes here with the body unread: what a player does when the user jumps
      } catch (IOException | RuntimeException e) {
        tally.error(f.name() + " " + range + ": " + e);
        sleepQuietly(ERROR_PAUSE_MS);
      }
    }
  }

  private static void readLocal(FileChannel ch, long pos, byte[] dst, int n) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(dst, 0, n);
    while (b.hasRemaining()) {
      if (ch.read(b, pos + b.position()) < 0) {
        throw new IOException("local file ended at " + (pos + b.position()));
      }
    }
  }

  private static long countDifferent(byte[] a, byte[] b, int n) {
    if (Arrays.mismatch(a, 0, n, b, 0, n) < 0) {
      return 0;
    }
    long wrong = 0;
    for (int i = 0; i < n; i++) {
      if (a[i] != b[i]) {
        wrong++;
      }
    }
    return wrong;
  }

  /** The container's memory every second until {@code end}; a progress line each minute. */
  private static void sample(Container c, List<Sample> samples, long t0, long end, Tally tally) {
    long next = t0;
    int n = 0;
    while (System.nanoTime() < end) {
      Container.Memory m = c.memory();
      samples.add(new Sample((System.nanoTime() - t0) / 1e9, m));
      if (++n % 60 == 0) {
        Sys.log(String.format(Locale.ROOT, "soak: %d min: %d requests, %d errors, %d wrong bytes; VmRSS %.0f MiB, "
                + "cgroup %.0f MiB", n / 60, tally.requests.get(), tally.errors.get(), tally.wrongBytes.get(),
            m.rssKb() / 1024.0, m.cgroupBytes() / (double) Harness.MIB));
      }
      next += TimeUnit.SECONDS.toNanos(1);
      long wait = next - System.nanoTime();
      if (wait > 0) {
        sleepQuietly(TimeUnit.NANOSECONDS.toMillis(wait)); // the sampling interval
      }
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void report(Harness h, int minutes, int clients, Tally tally, List<Sample> samples,
      Container.Memory idle, String state, long oomKills, long peakBytes, Container c) {
    List<Double> fb = new ArrayList<>(tally.firstByte);
    Collections.sort(fb);
    double p50 = percentile(fb, 0.50);
    double p99 = percentile(fb, 0.99);
    double max = fb.isEmpty() ? Double.NaN : fb.get(fb.size() - 1);
    Sys.log(String.format(Locale.ROOT, "soak: %d requests (%d seeks, %d bounded), %.0f MiB checked, %d errors, "
            + "%d wrong bytes, %d bad responses", tally.requests.get(), tally.seeks.get(), tally.bounded.get(),
        tally.bytes.get() / (double) Harness.MIB, tally.errors.get(), tally.wrongBytes.get(),
        tally.badResponses.get()));
    tally.firstErrors.forEach(e -> Sys.log("  error: " + e));
    Sys.log(String.format(Locale.ROOT, "soak: first byte p50 %.3f s, p99 %.3f s, max %.3f s (%d responses)", p50, p99,
        max, fb.size()));
    Sys.log(String.format(Locale.ROOT, "soak: idle before the load: VmRSS %.0f MiB, cgroup %.0f MiB",
        idle.rssKb() / 1024.0, idle.cgroupBytes() / (double) Harness.MIB));
    List<String> perMinute = new ArrayList<>();
    double[] meanRss = new double[minutes];
    for (int m = 0; m < minutes; m++) {
      final int minute = m;
      List<Sample> in = samples.stream().filter(s -> (int) (s.t() / 60) == minute && s.memory().rssKb() > 0).toList();
      if (in.isEmpty()) {
        Sys.log(String.format(Locale.ROOT, "soak: minute %d: no samples (the java process was gone)", m + 1));
        meanRss[m] = Double.NaN;
        perMinute.add("—");
        continue;
      }
      double mean = in.stream().mapToLong(s -> s.memory().rssKb()).average().orElse(0) / 1024.0;
      double lo = in.stream().mapToLong(s -> s.memory().rssKb()).min().orElse(0) / 1024.0;
      double hi = in.stream().mapToLong(s -> s.memory().rssKb()).max().orElse(0) / 1024.0;
      double cg = in.stream().mapToLong(s -> s.memory().cgroupBytes()).max().orElse(0) / (double) Harness.MIB;
      double anon = in.stream().mapToLong(s -> s.memory().cgroupRssBytes()).max().orElse(0) / (double) Harness.MIB;
      double cache = in.stream().mapToLong(s -> s.memory().cgroupCacheBytes()).max().orElse(0) / (double) Harness.MIB;
      meanRss[m] = mean;
      perMinute.add(String.format(Locale.ROOT, "%.0f", mean));
      Sys.log(String.format(Locale.ROOT, "soak: minute %2d: VmRSS mean %.0f MiB (min %.0f, max %.0f); cgroup max %.0f "
          + "MiB (anon %.0f, page cache %.0f); %d samples", m + 1, mean, lo, hi, cg, anon, cache, in.size()));
    }
    // The first minute is the warm-up (caches filling); with fewer than 3 minutes the last minute is the second.
    boolean judged = minutes >= 3;
    double second = minutes >= 2 ? meanRss[1] : Double.NaN;
    double lastMinute = meanRss[minutes - 1];
    double drift = (lastMinute - second) / second;
    boolean flat = judged && Math.abs(drift) <= FLAT_TOLERANCE;
    String flatness = !judged ? "not judged (needs ≥ 3 minutes)"
        : String.format(Locale.ROOT, "%s: last minute %.0f MiB vs second %.0f MiB (%+.1f %%)",
            flat ? "flat" : "NOT flat", lastMinute, second, drift * 100);
    boolean oom = state.endsWith("true") || oomKills > 0;
    String oomText = String.format(Locale.ROOT, "running/OOMKilled %s, cgroup oom_kill %d, peak %.0f MiB of %s",
        state, oomKills, peakBytes / (double) Harness.MIB, MEMORY);
    Sys.log("soak: RSS " + flatness);
    Sys.log("soak: " + oomText);
    if (!state.startsWith("true")) {
      Sys.log("soak: the container stopped; its log:\n" + c.logTail(30));
    }

    String what = String.format(Locale.ROOT, "soak, %d clients × %d min in the container (--memory %s, simulator)",
        clients, minutes, MEMORY);
    h.report().add(what + ": requests / errors / wrong bytes",
        tally.requests.get() + " / " + tally.errors.get() + " / " + tally.wrongBytes.get(),
        String.format(Locale.ROOT, "%d seeks, %d bounded, %.0f MiB checked", tally.seeks.get(), tally.bounded.get(),
            tally.bytes.get() / (double) Harness.MIB),
        "0 errors, 0 wrong bytes", tally.errors.get() == 0 && tally.wrongBytes.get() == 0 ? "pass" : "FAIL");
    h.report().add(what + ": first byte p50 / p99", Stats.secs(p50) + " / " + Stats.secs(p99),
        "max " + Stats.secs(max) + ", " + fb.size() + " responses", "printed", "—");
    h.report().add(what + ": VmRSS per minute (mean, MiB)", String.join(", ", perMinute),
        String.format(Locale.ROOT, "idle %.0f MiB before the load", idle.rssKb() / 1024.0),
        "last minute within 10 % of the second", flat ? "pass" : (judged ? "FAIL" : "—"));
    h.report().add(what + ": OOM-killed", oom ? "yes" : "no", oomText, "no", oom ? "FAIL" : "pass");
  }

  private static double percentile(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }
}
