package dev.tgstream.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What SIGTERM (a redeploy, {@code podman stop}) and Ctrl-C do: one log line, no new connections, running responses
 * get up to the grace period to finish, the backend closes, Vert.x closes, and the process exits 0.
 *
 * <p>The signals are handled here rather than only in a shutdown hook because a JVM that ends by a signal's default
 * action exits 143 (or 130), which platforms report as a failure; after a clean stop this handler exits 0 itself. The
 * shutdown hook remains for every other way the JVM ends (System.exit elsewhere, a signal we do not handle), with the
 * same sequence, run at most once. {@code sun.misc.Signal} lives in {@code jdk.unsupported}, which JEP 260 keeps open
 * for exactly this until the JDK has a supported replacement (javac notes it as proprietary API).
 */
final class GracefulShutdown {

  private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

  /** Time beyond the grace for undeploying, closing the backend and closing Vert.x; a hang past it still exits. */
  static final Duration CLOSE_MARGIN = Duration.ofSeconds(5);

  static final int EXIT_OK = 0;
  static final int EXIT_UNCLEAN = 1;

  private final Future<Application> app;
  private final Vertx vertx;
  private final Duration grace;
  private final AtomicBoolean begun = new AtomicBoolean();
  private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();

  private GracefulShutdown(Future<Application> app, Vertx vertx, Duration grace) {
    this.app = app;
    this.vertx = vertx;
    this.grace = grace;
  }

  /**
   * Handles SIGTERM and SIGINT, and hooks JVM exit, for an application that is starting: installed before the port
   * opens, so that a stop right after the first health check (a fast redeploy) takes the same clean path.
   */
  static void install(Future<Application> app, Vertx vertx, Duration grace) {
    GracefulShutdown shutdown = new GracefulShutdown(app, vertx, grace);
    for (String name : List.of("TERM", "INT")) {
      try {
        Signal.handle(new Signal(name), signal -> System.exit(shutdown.run("SIG" + signal.getName())));
      } catch (IllegalArgumentException e) {
        // The signal is ignored by our parent (nohup, a background job) or reserved (-Xrs): the hook still runs.
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown.run("JVM exit"), "tgstream-shutdown"));
  }

  /** Runs the sequence once (later callers wait for the first); returns the exit code. Blocks, bounded. */
  int run(String reason) {
    if (!begun.compareAndSet(false, true)) {
      return exitCode.join();
    }
    if (app.failed()) {
      // Start-up failed and said so in one line; the JVM is already on its way out with that code.
      exitCode.complete(EXIT_UNCLEAN);
      return EXIT_UNCLEAN;
    }
    int code = EXIT_OK;
    try {
      LOG.info("shutting down on {}: refusing new connections, running responses get up to {} ms", reason,
          grace.toMillis());
      // Still starting: let the start settle first, so that nothing is deployed behind the stop's back.
      code = await(app.transform(started -> started.succeeded() ? started.result().stop() : Future.succeededFuture()),
          grace.plus(CLOSE_MARGIN), "stopping the service");
      // Closed on its own, not chained after stop(): the future of a chain runs on an event loop, and completing it
      // once the loops are gone throws RejectedExecutionException and never completes (the old 10 s exit).
      code = Math.max(code, await(vertx.close(), CLOSE_MARGIN, "closing Vert.x"));
    } finally {
      exitCode.complete(code);
    }
    return code;
  }

  private static int await(Future<?> step, Duration limit, String what) {
    try {
      step.toCompletionStage().toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
      return EXIT_OK;
    } catch (TimeoutException e) {
      LOG.warn("shutdown: {} took longer than {} ms; exiting anyway", what, limit.toMillis());
    } catch (ExecutionException e) {
      // One line with the cause, no stack trace: the process is going away and the reason is what an operator needs.
      LOG.warn("shutdown: {} failed: {}", what, e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("shutdown: interrupted while {}", what);
    }
    return EXIT_UNCLEAN;
  }
}
