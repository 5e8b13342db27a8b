package dev.tgstream.app.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** aria2c with 8 parallel connections downloads a 64 MiB file with the exact bytes, using Range requests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Aria2cIT {

  private ServerProcess server;
  private Fixtures.Fixture file;

  @BeforeAll
  void start() {
    Tools.require("aria2c");
    file = Fixtures.random(64, 64);
    server = ServerProcess.builder("aria2c").file("movies", file).start();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void parallelSegmentedDownloadHasTheFilesSha256() {
    download(server, server.loopbackLink("movies", file.name()), file);
  }

  /**
   * Runs {@code aria2c -x8 -s8 -k1M}, checks the sha256 of the result and that the server saw the segmented download:
   * at least 8 GET requests for the file, at least 7 of them with distinct Range headers (aria2c's first connection
   * asks without Range to learn the size; the other segments, and any later re-splits, are Range requests), no 5xx.
   */
  static void download(ServerProcess server, String url, Fixtures.Fixture file) {
    String aria2c = Tools.require("aria2c");
    Path dir = server.scratch("aria2c-" + System.nanoTime());
    int mark = server.mark();
    Tools.Result r = Tools.run(Duration.ofMinutes(5), List.of(aria2c, "-x8", "-s8", "-k1M",
        "--file-allocation=none", "--allow-overwrite=true", "--auto-file-renaming=false", "--summary-interval=0",
        "--console-log-level=warn", "--connect-timeout=10", "--timeout=60", "-d", dir.toString(), "-o", "out.bin", url));
    assertEquals(0, r.exit(), () -> "aria2c failed\n" + r.describe() + "\n" + server.tail(40));
    assertEquals(file.sha256(), Tools.sha256(dir.resolve("out.bin")), "sha256 of aria2c's download");

    String path = URI.create(url).getRawPath();
    List<ServerProcess.AccessLine> seen = server.awaitAccess(mark,
        lines -> lines.stream().filter(l -> l.path().equals(path) && l.method().equals("GET")).count() >= 8
            && distinctRanges(lines, path).size() >= 7,
        Duration.ofSeconds(20), "8 GET requests with 7 distinct Range headers for " + path);
    assertTrue(seen.stream().noneMatch(l -> l.status() >= 500), () -> "server errors: " + seen);
    System.out.println("aria2c: " + seen.size() + " requests, distinct ranges " + distinctRanges(seen, path));
  }

  private static Set<String> distinctRanges(List<ServerProcess.AccessLine> lines, String path) {
    return lines.stream().filter(l -> l.path().equals(path) && l.method().equals("GET") && l.hasRange())
        .map(ServerProcess.AccessLine::range).collect(Collectors.toSet());
  }
}
