package dev.tgstream.app.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same real clients with the Telegram simulator in front of the library (aligned parts enforced, so any misaligned
 * part read would fail the request): aria2c's sha256 and unaligned curl ranges must still be exact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedTelegramIT {

  private ServerProcess server;
  private Fixtures.Fixture file;
  private String url;
  private Path scratch;

  @BeforeAll
  void start() {
    Tools.require("aria2c");
    Tools.require("curl");
    file = Fixtures.random(64, 64);
    server = ServerProcess.builder("simulated")
        .env("SIMULATE_TELEGRAM", "latency_ms=5,conn_kibps=65536,max_parallel=8")
        .file("movies", file)
        .start();
    url = server.loopbackLink("movies", file.name());
    scratch = server.scratch("curl");
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aria2cDownloadHasTheFilesSha256() {
    Aria2cIT.download(server, url, file);
  }

  @Test
  void unalignedCurlRangesAreExact() {
    Random rng = new Random(42);
    for (int i = 0; i < 12; i++) {
      long first = (long) (rng.nextDouble() * (file.size() - 1));
      long len = 1 + rng.nextInt(3 * Fixtures.MIB);
      long last = Math.min(file.size() - 1, first + len - 1);
      Curl.Response r = Curl.request(scratch, url, "-r", first + "-" + last);
      assertEquals(206, r.status(), r::describe);
      assertEquals("bytes " + first + "-" + last + "/" + file.size(), r.header("content-range"), r::describe);
      assertEquals(Tools.sha256(file.slice(first, last)), Tools.sha256(r.body()), "bytes " + first + "-" + last);
    }
  }
}
