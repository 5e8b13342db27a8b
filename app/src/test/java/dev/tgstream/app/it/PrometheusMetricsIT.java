package dev.tgstream.app.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code /metrics} of every role, after some traffic, passes {@code promtool check metrics} (the Prometheus project's
 * own linter: HELP on every family, counters end in {@code _total}, base units, no type-like suffixes) and carries the
 * meters we rely on with the right TYPE.
 */
class PrometheusMetricsIT {

  /** A role as the suite starts it, with the settings it needs. */
  record RoleCase(String role, Map<String, String> env) {
    @Override
    public String toString() {
      return role;
    }
  }

  static List<RoleCase> roles() {
    return List.of(
        new RoleCase("all", Map.of()),
        new RoleCase("stream", Map.of("STREAM_SECRET", SPLIT_SECRET)),
        // A split UI whose streamer is down (nothing listens on port 9): it serves from its local engine, and its
        // breaker and HTTP client meters are on /metrics too.
        new RoleCase("ui", Map.of("STREAMER_URL", "http://127.0.0.1:9", "STREAM_SECRET", SPLIT_SECRET)));
  }

  static final String SPLIT_SECRET = "metrics-it-split-secret-0123456789abcdef";

  private static final Pattern SAMPLE = Pattern.compile("(?m)^(\\w+)(\\{[^}]*})? (\\S+)$");

  private ServerProcess server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "role {0}")
  @MethodSource("roles")
  void metricsPassPromtoolAndCarryTheKeyMeters(RoleCase rc) throws Exception {
    String promtool = Tools.require("promtool");
    Fixtures.Fixture file = Fixtures.random("metrics.bin", 3L * 1024 * 1024 + 5, 31);
    ServerProcess.Builder b = ServerProcess.builder("metrics-" + rc.role()).env("ROLE", rc.role()).file("films", file);
    rc.env().forEach(b::env);
    server = b.start();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    String url = server.loopbackLink("films", file.name());
    assertEquals(206, get(client, url, "bytes=0-99999").statusCode());
    assertEquals(404, get(client, server.baseUrl() + "/no-such-thing", null).statusCode());
    String first = scrape(client);
    assertEquals(200, get(client, url, null).statusCode());
    String text = scrape(client);

    Path saved = server.scratch("metrics").resolve("metrics-" + rc.role() + ".txt");
    Files.writeString(saved, text, StandardCharsets.UTF_8);
    Tools.Result check = promtoolCheck(promtool, saved);
    assertEquals(0, check.exit(), () -> "promtool check metrics rejected /metrics of role " + rc.role() + " ("
        + saved + ")\n" + check.describe());

    assertType(text, "tgstream_engine_bytes_served_total", "counter");
    assertType(text, "tgstream_engine_fetches_total", "counter");
    assertType(text, "tgstream_engine_cache_hits_total", "counter");
    assertType(text, "tgstream_engine_parts_in_flight", "gauge");
    assertType(text, "tgstream_engine_cache_bytes", "gauge");
    assertType(text, "tgstream_engine_gateway_reads_seconds", "summary");
    assertType(text, "vertx_http_server_requests_total", "counter");
    assertType(text, "vertx_http_server_response_time_seconds", "summary");
    assertType(text, "vertx_eventbus_handlers", "gauge");
    assertType(text, "jvm_memory_used_bytes", "gauge");
    assertType(text, "jvm_gc_pause_seconds", "summary");
    assertType(text, "process_cpu_seconds_total", "counter");
    assertType(text, "process_resident_memory_bytes", "gauge");
    assertType(text, "process_uptime_seconds", "gauge");
    assertType(text, "netty_eventexecutor_tasks_pending", "gauge");
    if (rc.role().equals("ui")) {
      // The breaker's meters join the same registry.
      assertType(text, "tgstream_streamer_breaker_state", "gauge");
      assertType(text, "tgstream_streamer_breaker_transitions_total", "counter");
    }

    // Counters are monotonic totals: the whole file streamed between the two scrapes is in the difference.
    double before = value(first, "tgstream_engine_bytes_served_total", "");
    double after = value(text, "tgstream_engine_bytes_served_total", "");
    assertTrue(before >= 100_000, "the range before the first scrape is counted: " + before);
    assertTrue(after - before >= file.size(), "bytes served grew by the whole file: " + before + " -> " + after);
    // Requests are labelled by route pattern (never by the token-bearing path) and status.
    assertTrue(value(text, "vertx_http_server_requests_total", "code=\"206\"", "route=\"/stream/:token/:filename\"") >= 1,
        () -> "a 206 on the /stream route:\n" + grep(text, "vertx_http_server_requests_total"));
    assertTrue(!text.contains(url.substring(url.indexOf("/stream/") + 8, url.lastIndexOf('/'))),
        "no signed token in any label");
    System.out.printf("role %s: /metrics has %d families, %d bytes; promtool: ok%n", rc.role(),
        text.lines().filter(l -> l.startsWith("# TYPE ")).count(), text.length());
  }

  private HttpResponse<byte[]> get(HttpClient client, String url, String range) throws IOException, InterruptedException {
    HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
    if (range != null) {
      rb.header("Range", range);
    }
    return client.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private String scrape(HttpClient client) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = get(client, server.baseUrl() + "/metrics", null);
    assertEquals(200, r.statusCode(), () -> "GET /metrics\n" + server.tail(30));
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
        "Prometheus text format");
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  /** {@code promtool check metrics < file}: it reads the exposition from stdin. */
  private static Tools.Result promtoolCheck(String promtool, Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(promtool, "check", "metrics")
        .redirectInput(file.toFile())
        .redirectErrorStream(true)
        .start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("promtool did not finish");
    }
    return new Tools.Result(List.of(promtool, "check", "metrics", "<", file.toString()), p.exitValue(), out, "");
  }

  private static void assertType(String text, String family, String type) {
    assertTrue(text.contains("\n# TYPE " + family + " " + type + "\n"),
        () -> "# TYPE " + family + " " + type + " missing; saw: " + grep(text, family));
    assertTrue(text.contains("\n# HELP " + family + " "), () -> "# HELP " + family + " missing");
  }

  /** The sum of the samples of {@code name} whose labels contain every one of {@code labels}. */
  private static double value(String text, String name, String... labels) {
    double sum = 0;
    boolean seen = false;
    Matcher m = SAMPLE.matcher(text);
    while (m.find()) {
      if (!m.group(1).equals(name)) {
        continue;
      }
      String l = m.group(2) == null ? "" : m.group(2);
      boolean all = true;
      for (String want : labels) {
        all &= l.contains(want);
      }
      if (all) {
        sum += Double.parseDouble(m.group(3));
        seen = true;
      }
    }
    if (!seen) {
      fail("no sample of " + name + " with " + String.join(",", labels) + "; saw: " + grep(text, name));
    }
    return sum;
  }

  private static String grep(String text, String name) {
    return "\n  " + String.join("\n  ", text.lines().filter(l -> l.contains(name)).toList());
  }
}
