package dev.tgstream.app.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ROLE=stream: only the streamer answers, on its own port; the UI and its API are not there. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleStreamIT {

  private ServerProcess server;
  private Fixtures.Fixture file;
  private Path scratch;

  @BeforeAll
  void start() {
    Tools.require("curl");
    file = Fixtures.random("role-stream.bin", 3 * 1024 * 1024 + 17, 11);
    server = ServerProcess.builder("role-stream").env("ROLE", "stream")
        // Split, the UI and the streamer share one key: the streamer refuses to start without it.
        .env("STREAM_SECRET", "role-stream-it-secret-0123456789abcdef")
        .file("films", file).start();
    scratch = server.scratch("curl");
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void streamsWithRangesAndServesNoUi() {
    String url = server.loopbackLink("films", file.name());
    Curl.Response whole = Curl.request(scratch, url);
    assertEquals(200, whole.status(), whole::describe);
    assertEquals(file.sha256(), Tools.sha256(whole.body()));
    Curl.Response tail = Curl.request(scratch, url, "-r", "-17");
    assertEquals(206, tail.status(), tail::describe);
    assertEquals(17, tail.body().length);

    assertEquals(404, Curl.request(scratch, server.baseUrl() + "/").status(), "no SPA in role stream");
    assertEquals(404, Curl.request(scratch, server.baseUrl() + "/api/channels").status(), "no UI API in role stream");
    Curl.Response ready = Curl.request(scratch, server.baseUrl() + "/health/ready");
    assertEquals(200, ready.status(), ready::describe);
    Curl.Response metrics = Curl.request(scratch, server.baseUrl() + "/metrics");
    assertEquals(200, metrics.status());
    assertTrue(new String(metrics.body()).contains("tgstream_engine_bytes_served"), "Prometheus text with engine counters");
    assertTrue(server.lines().stream().anyMatch(l -> l.contains("tgstream ready") && l.contains("role stream")));
  }
}
