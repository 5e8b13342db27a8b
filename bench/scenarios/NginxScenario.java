package scenarios;

import harness.Harness;
import harness.JitActivity;
import harness.KeepAlive;
import harness.Nginx;
import harness.ProcessCpu;
import harness.Scenario;
import harness.Server;
import harness.Stats;
import harness.Sys;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * No simulator: 640 random (unaligned) 1 MiB ranges over 16 keep-alive connections, nginx against tgstream: the
 * throughput of each and the CPU seconds each server process spent per GiB of the measured round.
 */
public final class NginxScenario implements Scenario {

  private static final int CONNECTIONS = 16;
  private static final int PER_CONNECTION = 40;
  /**
   * Rounds of the same load before the measured one, for both servers: the steady state of a long-running server.
   * nginx has no JIT, these only fill caches; for tgstream they are the least, see {@link #QUIET_COMPILES}. What a first
   * request costs is measured by the {@code first} scenario instead.
   */
  private static final int WARM_ROUNDS = 20;
  /**
   * tgstream is warm once a round of the load made its JIT compile at most this many methods, {@link #QUIET_ROUNDS}
   * rounds in a row. Twenty fixed rounds were not enough: jstat showed C2 still compiling (and the server spending a
   * third more CPU per GiB) until round 30 to 40 on the 2-core machine, later on a busier one.
   */
  private static final int QUIET_COMPILES = 10;
  private static final int QUIET_ROUNDS = 3;
  /** A JIT that never goes quiet is reported as such, and measured anyway. */
  private static final int MAX_WARM_ROUNDS = 100;
  /** One measured round: 640 MiB. */
  private static final double GIB_PER_ROUND = CONNECTIONS * PER_CONNECTION / 1024.0;

  @Override
  public String name() {
    return "nginx";
  }

  @Override
  public void run(Harness h) throws Exception {
    List<Double> nginx = new ArrayList<>();
    List<Double> ours = new ArrayList<>();
    List<Double> nginxCpu = new ArrayList<>();
    List<Double> oursCpu = new ArrayList<>();
    List<Double> oursWarmRounds = new ArrayList<>();
    boolean everQuiet = true;
    for (int i = 0; i < h.runs(); i++) {
      try (Nginx n = h.nginx(i)) {
        warm(n.port(), "/bench.bin", i);
        List<Long> pids = n.pids();
        double cpu = ProcessCpu.seconds(pids);
        nginx.add(rangeLoad(n.port(), "/bench.bin", 1000 + i));
        nginxCpu.add((ProcessCpu.seconds(pids) - cpu) / GIB_PER_ROUND);
      }
      Sys.log(String.format(Locale.ROOT, "run %d: nginx %.0f MiB/s, %.3f CPU s/GiB", i + 1, nginx.get(i),
          nginxCpu.get(i)));
      try (Server s = h.server("vs-nginx-" + i, Map.of())) {
        s.warmUp();
        int rounds = warmUntilJitQuiet(s, h.benchPath(), i);
        everQuiet &= rounds > 0;
        oursWarmRounds.add((double) Math.abs(rounds));
        List<Long> pids = List.of(s.pid());
        double cpu = ProcessCpu.seconds(pids);
        ours.add(rangeLoad(s.port(), h.benchPath(), 1000 + i));
        oursCpu.add((ProcessCpu.seconds(pids) - cpu) / GIB_PER_ROUND);
      }
      Sys.log(String.format(Locale.ROOT, "run %d: tgstream %.0f MiB/s, %.3f CPU s/GiB (after %.0f warm rounds)", i + 1,
          ours.get(i), oursCpu.get(i), oursWarmRounds.get(i)));
    }
    double vs = Stats.median(ours) / Stats.median(nginx);
    h.report().add("640 × 1 MiB ranges over 16 connections, no simulator: nginx", Stats.mibs(Stats.median(nginx)),
        Stats.list(nginx, "%.0f"), "", "");
    h.report().add("same load: tgstream", Stats.mibs(Stats.median(ours)), Stats.list(ours, "%.0f"), "", "");
    h.report().add("tgstream's warm-up rounds, until its JIT compiled ≤ " + QUIET_COMPILES + " methods a round "
            + QUIET_ROUNDS + " rounds in a row (nginx: " + WARM_ROUNDS + ")",
        String.format(Locale.ROOT, "%.0f", Stats.median(oursWarmRounds)), Stats.list(oursWarmRounds, "%.0f"), "",
        everQuiet ? "" : "JIT still compiling after " + MAX_WARM_ROUNDS + " rounds (or jstat missing)");
    h.report().add("ratio tgstream / nginx", String.format(Locale.ROOT, "%.2f×", vs), "", "≥ 0.8×",
        vs >= 0.8 ? "pass" : String.format(Locale.ROOT, "miss by %.2f×", 0.8 - vs));
    // Server CPU (user + system, all threads) spent on the measured round, per GiB served: what the bytes cost,
    // independent of how fast the shared machine let the round run.
    h.report().add("CPU per GiB served, same load: nginx", cpuPerGib(Stats.median(nginxCpu)),
        Stats.list(nginxCpu, "%.3f"), "", "");
    h.report().add("CPU per GiB served, same load: tgstream", cpuPerGib(Stats.median(oursCpu)),
        Stats.list(oursCpu, "%.3f"), "", "");
  }

  private static void warm(int port, String path, int run) throws Exception {
    for (int r = 0; r < WARM_ROUNDS; r++) {
      rangeLoad(port, path, 7 + run * 31L + r);
    }
  }

  /**
   * Warms tgstream with the measured load until its JIT is quiet (see {@link #QUIET_COMPILES}); returns the rounds it
   * took, negated when the JIT never went quiet or jstat could not tell.
   */
  private static int warmUntilJitQuiet(Server s, String path, int run) throws Exception {
    OptionalLong before = JitActivity.compiled(s.pid());
    if (before.isEmpty()) {
      Sys.log("jstat cannot read the server's JIT count: warming " + WARM_ROUNDS + " rounds");
      warm(s.port(), path, run);
      return -WARM_ROUNDS;
    }
    long compiled = before.getAsLong();
    int quiet = 0;
    for (int r = 0; r < MAX_WARM_ROUNDS; r++) {
      rangeLoad(s.port(), path, 7 + run * 131L + r);
      OptionalLong now = JitActivity.compiled(s.pid());
      if (now.isEmpty()) {
        return -(r + 1);
      }
      quiet = now.getAsLong() - compiled <= QUIET_COMPILES ? quiet + 1 : 0;
      compiled = now.getAsLong();
      if (r + 1 >= WARM_ROUNDS && quiet >= QUIET_ROUNDS) {
        return r + 1;
      }
    }
    return -MAX_WARM_ROUNDS;
  }

  private static String cpuPerGib(double seconds) {
    return String.format(Locale.ROOT, "%.3f CPU s/GiB", seconds);
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
