package dev.tgstream.telegram.simulated;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link SimulationClock} that only moves when the test says so. Scheduled actions run in due order as the clock
 * passes them, on the context that scheduled them (inline when the test already runs there), so a test can say
 * exactly what has happened after 99 ms and what after 100 ms.
 */
final class ManualClock implements SimulationClock {

  private record Task(long dueNanos, long seq, Context context, Runnable action) {
  }

  private record Waiter(int tasks, Promise<Void> promise) {
  }

  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(Comparator.comparingLong(Task::dueNanos).thenComparingLong(Task::seq));
  private final List<Waiter> waiters = new ArrayList<>();
  private long nowNanos;
  private long seq;

  @Override
  public synchronized long nanoTime() {
    return nowNanos;
  }

  /** Milliseconds the clock has been moved forward. */
  synchronized long elapsedMs() {
    return TimeUnit.NANOSECONDS.toMillis(nowNanos);
  }

  @Override
  public void schedule(long delayMs, Runnable action) {
    List<Promise<Void>> ready = new ArrayList<>();
    synchronized (this) {
      tasks.add(new Task(nowNanos + TimeUnit.MILLISECONDS.toNanos(delayMs), seq++, Vertx.currentContext(), action));
      waiters.removeIf(w -> {
        if (tasks.size() >= w.tasks) {
          ready.add(w.promise);
          return true;
        }
        return false;
      });
    }
    ready.forEach(Promise::complete);
  }

  /** Actions scheduled and not yet due. */
  synchronized int pending() {
    return tasks.size();
  }

  /** Completes once at least {@code n} actions are scheduled (e.g. the calls that hold a slot now). */
  Future<Void> whenPending(int n) {
    synchronized (this) {
      if (tasks.size() < n) {
        Promise<Void> p = Promise.promise();
        waiters.add(new Waiter(n, p));
        return p.future();
      }
    }
    return Future.succeededFuture();
  }

  /** Moves the clock forward by {@code ms}, running every action that falls due on the way, in due order. */
  void advance(long ms) {
    long target;
    synchronized (this) {
      target = nowNanos + TimeUnit.MILLISECONDS.toNanos(ms);
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.dueNanos > target) {
          nowNanos = target;
          return;
        }
        tasks.poll();
        nowNanos = next.dueNanos;
      }
      run(next);
    }
  }

  /** Moves the clock to the next due action and runs it (and any due at the same instant). */
  void advanceToNext() {
    long gap;
    synchronized (this) {
      Task next = tasks.peek();
      if (next == null) {
        throw new IllegalStateException("nothing is scheduled");
      }
      gap = TimeUnit.NANOSECONDS.toMillis(next.dueNanos - nowNanos);
    }
    advance(gap);
  }

  /** Moves time forward event by event until {@code done} completes (every step of it must be on this clock). */
  <T> Future<T> drive(Future<T> done) {
    if (done.isComplete()) {
      return done;
    }
    // The last step may complete it outside any scheduled action (a call whose time had already passed).
    Promise<Void> step = Promise.promise();
    done.onComplete(ar -> step.tryComplete());
    whenPending(1).onComplete(ar -> step.tryComplete());
    return step.future().compose(v -> {
      if (done.isComplete()) {
        return done;
      }
      advanceToNext();
      return drive(done);
    });
  }

  private static void run(Task task) {
    if (task.context == null || Vertx.currentContext() == task.context) {
      task.action.run();
    } else {
      task.context.runOnContext(v -> task.action.run());
    }
  }
}
