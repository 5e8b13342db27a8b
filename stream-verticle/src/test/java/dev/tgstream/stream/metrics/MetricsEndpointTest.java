package dev.tgstream.stream.metrics;

import dev.tgstream.stream.api.LocalStreamerService;
import dev.tgstream.stream.engine.EngineConfig;
import dev.tgstream.stream.engine.StreamEngine;
import dev.tgstream.stream.http.StreamHandler;
import dev.tgstream.stream.link.Disposition;
import dev.tgstream.stream.link.LinkSigner;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.library.LibraryGateway;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /metrics} of a Vertx made by {@link Metrics#vertx}: HTTP server and client, event bus, JVM, process and engine
 * meters in valid Prometheus text. Each test has a registry of its own (registries are global by name), closed with
 * its Vertx, so nothing leaks into another test class.
 */
class MetricsEndpointTest {

  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern TYPE = Pattern.compile("(?m)^# TYPE (\\w+) (\\w+)$");

  @TempDir
  Path library;

  private String registryName;
  private Vertx vertx;

  @BeforeEach
  void start() {
    registryName = "test-" + UUID.randomUUID();
    vertx = Metrics.vertx(new VertxOptions(), registryName);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertTrue(Metrics.registry(registryName).isEmpty(), "closing the Vertx removes its registry");
  }

  @Test
  void servesEveryKindOfMeterAsValidPrometheusText() throws Exception {
    byte[] bytes = new byte[300_000];
    new Random(5).nextBytes(bytes);
    Files.createDirectories(library.resolve("films"));
    Files.write(library.resolve("films").resolve("a.bin"), bytes);
    MeterRegistry registry = Metrics.registry(registryName).orElseThrow();

    TelegramGateway gateway = await(LibraryGateway.open(vertx, library));
    StreamEngine engine = new StreamEngine(vertx, gateway, EngineConfig.defaults());
    new EngineMeters(engine).bindTo(registry);
    LinkSigner signer = new LinkSigner(SECRET, Clock.systemUTC());
    Router router = Router.router(vertx);
    // A guard in front, as the UI's /api/* ones: the label names the route that answered, not the chain.
    router.route("/stream/*").handler(ctx -> ctx.next());
    StreamHandler.mount(router, "/stream", new StreamHandler(signer, gateway, engine));
    MetricsHandler.mount(router, registry);
    HttpServer server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    vertx.eventBus().<String>consumer("tgstream.test", m -> m.reply("pong"));

    MediaFile file = await(gateway.channels().compose(channels -> gateway.files(channels.get(0).id(), FileQuery.all())))
        .items().get(0);
    String path = LocalStreamerService.streamPath(signer.sign(file.id(), 3600, Disposition.INLINE), file.name());
    WebClient client = WebClient.create(vertx);
    int port = server.actualPort();
    assertEquals(206, await(client.get(port, "127.0.0.1", path).putHeader("Range", "bytes=0-999").send()).statusCode());
    assertEquals(200, await(client.get(port, "127.0.0.1", path).send()).statusCode());
    // Those two went by sendfile from the library file; two ranges at once go through the engine's part reads.
    assertEquals(206, await(client.get(port, "127.0.0.1", path).putHeader("Range", "bytes=0-9,100-109").send())
        .statusCode());
    assertEquals("pong", await(vertx.eventBus().<String>request("tgstream.test", "ping")).body());

    HttpResponse<Buffer> scrape = await(client.get(port, "127.0.0.1", MetricsHandler.PATH).send());
    assertEquals(200, scrape.statusCode());
    assertTrue(scrape.getHeader("Content-Type").startsWith("text/plain; version=0.0.4"));
    String text = scrape.bodyAsString();

    assertEquals(1000.0 + bytes.length + 20, sample(text, "tgstream_engine_bytes_served_total", ""),
        "exact bytes served");
    assertEquals(2.0, sample(text, "tgstream_engine_local_file_sends_total", ""), "responses sent by sendfile");
    assertEquals(1000.0 + bytes.length, sample(text, "tgstream_engine_local_file_bytes_total", ""));
    assertTrue(sample(text, "vertx_http_server_requests_total", "route=\"/stream/:token/:filename\"") >= 2, text);
    assertFalse(text.contains(">/stream"), "one route per label, not the chain");
    assertTrue(sample(text, "vertx_http_client_requests_total", "method=\"GET\"") >= 2, "HTTP client meters");
    assertTrue(sample(text, "vertx_http_client_response_time_seconds_count", "code=\"206\"") >= 1, "by status");
    assertTrue(sample(text, "vertx_http_client_response_time_seconds_count", "route=\"/stream\"") >= 2,
        "by the first path segment: never the token");
    assertTrue(sample(text, "vertx_eventbus_processed_total", "address=\"tgstream.test\"") >= 1, "event-bus meters");
    assertFalse(text.contains(path.substring("/stream/".length(), path.lastIndexOf('/'))), "no token in any label");
    assertEquals("counter", type(text, "tgstream_engine_fetches_total"));
    assertEquals("gauge", type(text, "tgstream_engine_cache_bytes"));
    assertEquals("gauge", type(text, "tgstream_engine_cache_capacity_bytes"));
    assertEquals("gauge", type(text, "tgstream_engine_part_buffers"));
    assertTrue(sample(text, "tgstream_engine_part_buffers", "") >= 1, "the cached parts at least");
    assertEquals("gauge", type(text, "tgstream_engine_part_buffers_memory_bytes"));
    assertEquals("gauge", type(text, "tgstream_engine_part_buffers_free_bytes"));
    assertEquals("summary", type(text, "vertx_http_client_response_time_seconds"));
    assertEquals("summary", type(text, "tgstream_engine_gateway_reads_seconds"));
    assertTrue(sample(text, "tgstream_engine_gateway_reads_seconds_count", "") >= 1, "gateway reads are timed");
    assertEquals("gauge", type(text, "jvm_memory_used_bytes"));
    assertEquals("counter", type(text, "process_cpu_seconds_total"));
    assertEquals("gauge", type(text, "netty_eventexecutor_tasks_pending"));
    assertFalse(text.contains("netty_allocator_"), "the allocator meters of an allocator Vert.x does not use");
    lint(text);
    promtoolWhenInstalled(text);

    // A Prometheus server asks for OpenMetrics first.
    HttpResponse<Buffer> om = await(client.get(port, "127.0.0.1", MetricsHandler.PATH)
        .putHeader("Accept", "application/openmetrics-text; version=1.0.0").send());
    assertTrue(om.getHeader("Content-Type").startsWith("application/openmetrics-text"));
    assertTrue(om.bodyAsString().endsWith("# EOF\n"), "an OpenMetrics exposition ends with # EOF");
  }

  @Test
  void answers503WhereMetricsAreOff() throws Exception {
    // This test's Vertx reports to its own registry, so the service's (default) one does not exist here.
    Router router = Router.router(vertx);
    MetricsHandler.mount(router);
    HttpServer server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    HttpResponse<Buffer> r = await(WebClient.create(vertx).get(server.actualPort(), "127.0.0.1", "/metrics").send());
    assertEquals(Metrics.registry().isPresent() ? 200 : 503, r.statusCode());
  }

  /**
   * The rules of {@code promtool check metrics} that our meters could break, so that the unit suite catches them
   * without the tool: HELP for every family, {@code _total} on counters, no abbreviated units, no {@code _count} on a
   * plain gauge.
   */
  static void lint(String text) {
    Matcher m = TYPE.matcher(text);
    List<String> problems = new ArrayList<>();
    Set<String> abbreviations = Set.of("ms", "ns", "us", "secs", "msec", "sec", "kb", "mb", "kib", "mib");
    while (m.find()) {
      String name = m.group(1);
      String type = m.group(2);
      if (!text.contains("# HELP " + name + " ")) {
        problems.add(name + ": no HELP");
      }
      if (type.equals("counter") && !name.endsWith("_total")) {
        problems.add(name + ": counter without _total");
      }
      if (!type.equals("summary") && !type.equals("histogram") && name.endsWith("_count")) {
        problems.add(name + ": _count on a " + type);
      }
      for (String part : name.split("_")) {
        if (abbreviations.contains(part)) {
          problems.add(name + ": abbreviated unit " + part);
        }
      }
    }
    assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
  }

  /** The real linter too, when it is on PATH (scripts/test-tools.sh installs it; the ITs require it). */
  private static void promtoolWhenInstalled(String text) throws Exception {
    String path = System.getenv("PATH");
    File promtool = null;
    for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
      File candidate = new File(dir, "promtool");
      if (candidate.canExecute()) {
        promtool = candidate;
        break;
      }
    }
    if (promtool == null) {
      System.out.println("promtool not on PATH: the built-in lint ran alone (PrometheusMetricsIT runs promtool)");
      return;
    }
    Path input = Files.createTempFile("metrics", ".txt");
    try {
      Files.writeString(input, text);
      Process p = new ProcessBuilder(promtool.getPath(), "check", "metrics").redirectInput(input.toFile())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool finished");
      assertEquals(0, p.exitValue(), () -> "promtool check metrics:\n" + out);
    } finally {
      Files.deleteIfExists(input);
    }
  }

  private static String type(String text, String family) {
    Matcher m = TYPE.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(family)) {
        return m.group(2);
      }
    }
    return "missing: " + family;
  }

  /** Sum of the samples of {@code name} whose label set contains {@code label}. */
  private static double sample(String text, String name, String label) {
    double sum = 0;
    boolean seen = false;
    for (String line : text.split("\n")) {
      if ((line.startsWith(name + " ") || line.startsWith(name + "{")) && line.contains(label)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        seen = true;
      }
    }
    assertTrue(seen, () -> "no sample " + name + " with " + label + " in:\n" + String.join("\n", text.lines().filter(l -> l.contains(name.substring(0, 17))).toList()));
    return sum;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
