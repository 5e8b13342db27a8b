package dev.tgstream.app.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * SIGTERM as a platform sends it on stop or redeploy ({@code podman stop}, Render): one log line, no new connections,
 * running responses finish within SHUTDOWN_GRACE_MS (or are cut then), exit code 0, no stack trace. The exit time is
 * printed, not asserted, except for an upper bound (grace + 10 s) so that a hang fails.
 */
class GracefulShutdownIT {

  private static final String SHUTDOWN_LINE = "shutting down on SIGTERM";
  /** Generous: the bound catches a hang (the old exit took 10 s after a RejectedExecutionException), not slowness. */
  private static final Duration SLACK = Duration.ofSeconds(10);

  private ServerProcess server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "role {0}")
  @ValueSource(strings = {"all", "stream", "ui"})
  void idleServerExitsPromptlyWithOneLine(String role) {
    Fixtures.Fixture file = Fixtures.random("shutdown-idle.bin", 256 * 1024, 21);
    server = forRole(role, "shutdown-idle-" + role).file("films", file).start();
    long grace = 5000;

    long t0 = System.nanoTime();
    server.sigterm();
    OptionalInt exit = server.awaitExit(Duration.ofMillis(grace).plus(SLACK));
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    System.out.printf("role %s: idle SIGTERM -> exit %s after %d ms%n", role, exit, ms);

    assertTrue(exit.isPresent(), () -> "still running " + ms + " ms after SIGTERM\n" + server.tail(40));
    assertEquals(0, exit.getAsInt(), () -> "exit code after SIGTERM\n" + server.tail(40));
    assertCleanLog(server.lines());
  }

  @ParameterizedTest(name = "role {0}")
  @ValueSource(strings = {"all", "stream", "ui"})
  void runningDownloadGetsTheGraceThenTheProcessExitsZero(String role) throws Exception {
    // 24 MiB at 1 MiB/s through one simulated Telegram connection: ~24 s, far longer than the grace, which lets a
    // few more parts through.
    Fixtures.Fixture file = Fixtures.random("shutdown-busy.bin", 24L * 1024 * 1024, 22);
    long grace = 3000;
    server = forRole(role, "shutdown-busy-" + role)
        .env("SIMULATE_TELEGRAM", "latency_ms=20,part_kib=1024,conn_kibps=1024,max_parallel=1")
        .env("STREAM_READAHEAD", "0")
        .env("SHUTDOWN_GRACE_MS", Long.toString(grace))
        .file("films", file)
        .start();
    String url = server.loopbackLink("films", file.name());

    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    InputStream body = response.body();
    byte[] buf = new byte[64 * 1024];
    long before = 0;
    while (before < 64 * 1024) {
      int n = body.read(buf);
      assertTrue(n > 0, "the download ended before SIGTERM");
      before += n;
    }

    long t0 = System.nanoTime();
    server.sigterm();
    // Read the rest on another thread; it ends at the last byte or when the server cuts the connection.
    long received = before;
    CompletableFuture<long[]> rest = CompletableFuture.supplyAsync(() -> {
      long after = 0;
      String cut = null;
      try (InputStream in = body) {
        int n;
        while ((n = in.read(buf)) > 0) {
          after += n;
        }
      } catch (IOException e) {
        cut = e.toString();
      }
      return new long[] {after, System.nanoTime(), cut == null ? 0 : 1};
    });
    // While that response still flows, the port refuses new connections.
    assertTrue(server.awaitLine(l -> l.contains(SHUTDOWN_LINE), SLACK), "the shutdown line\n" + server.tail(20));
    java.util.OptionalLong refusedAt = awaitRefused(server.port(), Duration.ofMillis(grace));
    assertTrue(refusedAt.isPresent(), "a new connection was still accepted " + grace + " ms after SIGTERM");
    assertFalse(rest.isDone(), "the running response was still flowing when new connections were refused");
    OptionalInt exit = server.awaitExit(Duration.ofMillis(grace).plus(SLACK));
    long exitMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    long[] r = rest.get(SLACK.toSeconds(), TimeUnit.SECONDS);
    long afterSigterm = r[0];
    long endMs = TimeUnit.NANOSECONDS.toMillis(r[1] - t0);
    boolean complete = received + afterSigterm == file.size();
    System.out.printf("role %s: busy SIGTERM (grace %d ms): new connections refused after %d ms; response %s after %d "
            + "ms with %d of %d bytes (%d after SIGTERM); exit %s after %d ms%n", role, grace,
        TimeUnit.NANOSECONDS.toMillis(refusedAt.getAsLong() - t0), complete ? "completed" : "cut", endMs,
        received + afterSigterm, file.size(), afterSigterm, exit, exitMs);

    assertTrue(exit.isPresent(), () -> "still running " + exitMs + " ms after SIGTERM\n" + server.tail(40));
    assertEquals(0, exit.getAsInt(), () -> "exit code after SIGTERM\n" + server.tail(40));
    assertTrue(afterSigterm > 0, "the running response kept flowing during the grace period");
    if (!complete) {
      // Cut, not finished: only once the grace was over (the slack is for scheduling, not a timing claim).
      assertTrue(endMs >= grace - 250, "the response was cut after " + endMs + " ms, before the " + grace + " ms grace");
    }
    assertCleanLog(server.lines());
  }

  @Test
  void downloadShorterThanTheGraceCompletesAndTheExitFollowsIt() throws Exception {
    // 3 MiB at 1 MiB/s: about 3 s, well inside a 20 s grace. The exit must follow the response, not the grace.
    Fixtures.Fixture file = Fixtures.random("shutdown-short.bin", 3L * 1024 * 1024, 23);
    long grace = 20_000;
    server = ServerProcess.builder("shutdown-short")
        .env("SIMULATE_TELEGRAM", "latency_ms=20,part_kib=1024,conn_kibps=1024,max_parallel=1")
        .env("STREAM_READAHEAD", "0")
        .env("SHUTDOWN_GRACE_MS", Long.toString(grace))
        .file("films", file)
        .start();
    String url = server.loopbackLink("films", file.name());
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[64 * 1024];
    long got = 0;
    try (InputStream body = response.body()) {
      int n = body.read(buf);
      assertTrue(n > 0, "the download ended before SIGTERM");
      sha.update(buf, 0, n);
      got += n;
      long t0 = System.nanoTime();
      server.sigterm();
      while ((n = body.read(buf)) > 0) {
        sha.update(buf, 0, n);
        got += n;
      }
      long endMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      OptionalInt exit = server.awaitExit(Duration.ofMillis(grace).plus(SLACK));
      long exitMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      System.out.printf("short download + SIGTERM (grace %d ms): response completed %d ms after SIGTERM, exit %s "
          + "after %d ms%n", grace, endMs, exit, exitMs);
      assertEquals(file.size(), got, "the whole file arrived");
      assertEquals(file.sha256(), java.util.HexFormat.of().formatHex(sha.digest()), "and the right bytes");
      assertTrue(exit.isPresent(), () -> "still running " + exitMs + " ms after SIGTERM\n" + server.tail(40));
      assertEquals(0, exit.getAsInt(), () -> "exit code after SIGTERM\n" + server.tail(40));
    }
    assertCleanLog(server.lines());
  }

  /**
   * A server of {@code role}: the split roles get their shared STREAM_SECRET, and a split UI a streamer that is down,
   * so it streams from its local engine.
   */
  private static ServerProcess.Builder forRole(String role, String name) {
    ServerProcess.Builder b = ServerProcess.builder(name).env("ROLE", role);
    if (!role.equals("all")) {
      b.env("STREAM_SECRET", PrometheusMetricsIT.SPLIT_SECRET);
    }
    if (role.equals("ui")) {
      b.env("STREAMER_URL", "http://127.0.0.1:9");
    }
    return b;
  }

  /**
   * Connects to {@code port} until the connection is refused; returns the nanoTime of the refusal, or empty if
   * connections were still accepted after {@code limit}. Each attempt is answered at once on loopback (accept or RST), so the loop
   * waits on those answers rather than on a timer.
   */
  private static java.util.OptionalLong awaitRefused(int port, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      try (java.net.Socket socket = new java.net.Socket()) {
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
      } catch (java.net.ConnectException refused) {
        return java.util.OptionalLong.of(System.nanoTime());
      } catch (IOException other) {
        // a timeout or reset: ask again
      }
    }
    return java.util.OptionalLong.empty();
  }

  private static void assertCleanLog(List<String> lines) {
    long shutdownLines = lines.stream().filter(l -> l.contains("shutting down")).count();
    assertEquals(1, shutdownLines, () -> "exactly one shutdown line:\n  " + String.join("\n  ", lines));
    assertTrue(lines.stream().anyMatch(l -> l.contains(SHUTDOWN_LINE)), "the line names the signal");
    for (String line : lines) {
      if (line.contains("Exception") || line.startsWith("\tat ") || line.startsWith("Caused by")) {
        fail("a stack trace or exception in the log: " + line + "\n  " + String.join("\n  ", lines));
      }
    }
  }
}
