package scenarios;

import harness.Harness;
import harness.KeepAlive;
import harness.Nginx;
import harness.Scenario;
import harness.Server;
import harness.Stats;
import harness.Sys;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** No simulator: 640 random (unaligned) 1 MiB ranges over 16 keep-alive connections, nginx against tgstream. */
public final class NginxScenario implements Scenario {

  private static final int CONNECTIONS = 16;
  private static final int PER_CONNECTION = 40;

  @Override
  public String name() {
    return "nginx";
  }

  @Override
  public void run(Harness h) throws Exception {
    List<Double> nginx = new ArrayList<>();
    List<Double> ours = new ArrayList<>();
    for (int i = 0; i < h.runs(); i++) {
      try (Nginx n = h.nginx(i)) {
        rangeLoad(n.port(), "/bench.bin", 7 + i); // warm-up round
        nginx.add(rangeLoad(n.port(), "/bench.bin", 1000 + i));
      }
      Sys.log(String.format(Locale.ROOT, "run %d: nginx %.0f MiB/s", i + 1, nginx.get(i)));
      try (Server s = h.server("vs-nginx-" + i, Map.of())) {
        s.warmUp();
        rangeLoad(s.port(), h.benchPath(), 7 + i); // warm-up round
        ours.add(rangeLoad(s.port(), h.benchPath(), 1000 + i));
      }
      Sys.log(String.format(Locale.ROOT, "run %d: tgstream %.0f MiB/s", i + 1, ours.get(i)));
    }
    double vs = Stats.median(ours) / Stats.median(nginx);
    h.report().add("640 × 1 MiB ranges over 16 connections, no simulator: nginx", Stats.mibs(Stats.median(nginx)),
        Stats.list(nginx, "%.0f"), "", "");
    h.report().add("same load: tgstream", Stats.mibs(Stats.median(ours)), Stats.list(ours, "%.0f"), "", "");
    h.report().add("ratio tgstream / nginx", String.format(Locale.ROOT, "%.2f×", vs), "", "≥ 0.5×",
        vs >= 0.5 ? "pass" : String.format(Locale.ROOT, "miss by %.2f×", 0.5 - vs));
  }

  /** 16 keep-alive connections, 640 requests of 1 MiB at random offsets in all; returns MiB/s. */
  static double rangeLoad(int port, String path, long seed) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
    CountDownLatch gate = new CountDownLatch(1);
    List<Future<Long>> futures = new ArrayList<>();
    for (int c = 0; c < CONNECTIONS; c++) {
      Random rng = new Random(seed * 131 + c);
      futures.add(pool.submit(() -> {
        gate.await();
        long total = 0;
        KeepAlive conn = new KeepAlive(port);
        try {
          for (int i = 0; i < PER_CONNECTION; i++) {
            long off = (long) (rng.nextDouble() * (Harness.FILE_SIZE - Harness.MIB));
            total += conn.get(path, "bytes=" + off + "-" + (off + Harness.MIB - 1), Harness.MIB);
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
    if (bytes != (long) CONNECTIONS * PER_CONNECTION * Harness.MIB) {
      Sys.die("range load read " + bytes + " bytes");
    }
    return bytes / (double) Harness.MIB / seconds;
  }
}
