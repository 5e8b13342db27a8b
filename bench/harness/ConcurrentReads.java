package harness;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many readers released at once against one server while its RSS is sampled: what the memory scenarios measure.
 * Each read returns the bytes it got; one that got other than {@code expectedBytes}, or failed, counts as failed.
 */
public final class ConcurrentReads {

  /** @param peakRssKb the highest VmRSS sampled every 50 ms; {@code hwmKb} the kernel's VmHWM afterwards */
  public record Result(int failed, long peakRssKb, long hwmKb, double seconds) {
    /** The peak in MiB: the sampled one, or VmHWM when higher. */
    public double peakMib() {
      return Math.max(peakRssKb, hwmKb) / 1024.0;
    }
  }

  private ConcurrentReads() {
  }

  public static Result run(Server s, List<Callable<Long>> reads, long expectedBytes) throws InterruptedException {
    AtomicLong peakKb = new AtomicLong(Sys.readStatusKb(s.pid(), "VmRSS"));
    AtomicBoolean done = new AtomicBoolean();
    Thread sampler = new Thread(() -> {
      while (!done.get()) {
        peakKb.accumulateAndGet(Sys.readStatusKb(s.pid(), "VmRSS"), Math::max);
        try {
          Thread.sleep(50); // a sampling interval, not a wait for a result
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "rss-sampler");
    sampler.setDaemon(true);
    sampler.start();
    ExecutorService pool = Executors.newFixedThreadPool(reads.size());
    CountDownLatch gate = new CountDownLatch(1);
    List<Future<Long>> futures = new ArrayList<>();
    long t0 = System.nanoTime();
    for (Callable<Long> read : reads) {
      futures.add(pool.submit(() -> {
        gate.await();
        return read.call();
      }));
    }
    gate.countDown();
    int failed = 0;
    for (Future<Long> f : futures) {
      try {
        if (f.get(5, TimeUnit.MINUTES) != expectedBytes) {
          failed++;
        }
      } catch (Exception e) {
        failed++;
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    pool.shutdownNow();
    done.set(true);
    sampler.interrupt();
    sampler.join(2000);
    return new Result(failed, peakKb.get(), Sys.readStatusKb(s.pid(), "VmHWM"), seconds);
  }
}
