package dev.tgstream.app.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Interrupted downloads resumed by {@code curl -C -} and {@code wget -c} end with the file's exact bytes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResumeIT {

  private ServerProcess server;
  private Fixtures.Fixture file;
  private String url;

  @BeforeAll
  void start() {
    Tools.require("curl");
    Tools.require("wget");
    file = Fixtures.random(64, 64);
    server = ServerProcess.builder("resume").file("movies", file).start();
    url = server.loopbackLink("movies", file.name());
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** The first half as an interrupted client leaves it: {@code curl -r 0-<half>} into the output file. */
  private Path firstHalf(Path dir) {
    Path out = dir.resolve("out.bin");
    long half = file.size() / 2 - 777;
    Tools.Result r = Tools.run(Duration.ofMinutes(3),
        List.of(Tools.require("curl"), "-sS", "-f", "-r", "0-" + half, "-o", out.toString(), url));
    assertEquals(0, r.exit(), r::describe);
    try {
      assertEquals(half + 1, Files.size(out), "size of the first half");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private void assertResumedFrom(int mark, long offset) {
    String path = URI.create(url).getRawPath();
    server.awaitAccess(mark, lines -> lines.stream().anyMatch(l -> l.path().equals(path) && l.status() == 206
            && l.rangeStart() == offset), Duration.ofSeconds(20),
        "a 206 for Range bytes=" + offset + "- (the resume)");
  }

  @Test
  void curlContinueAt() throws IOException {
    Path dir = server.scratch("curl-resume");
    Path out = firstHalf(dir);
    long have = Files.size(out);
    int mark = server.mark();
    Tools.Result r = Tools.run(Duration.ofMinutes(3),
        List.of(Tools.require("curl"), "-sS", "-f", "-C", "-", "-o", out.toString(), url));
    assertEquals(0, r.exit(), r::describe);
    assertEquals(file.sha256(), Tools.sha256(out), "sha256 after curl -C - resume");
    assertResumedFrom(mark, have);
  }

  @Test
  void wgetContinue() throws IOException {
    Path dir = server.scratch("wget-resume");
    Path out = firstHalf(dir);
    long have = Files.size(out);
    int mark = server.mark();
    Tools.Result r = Tools.run(Duration.ofMinutes(3),
        List.of(Tools.require("wget"), "-q", "-c", "-O", out.toString(), url));
    assertEquals(0, r.exit(), r::describe);
    assertEquals(file.sha256(), Tools.sha256(out), "sha256 after wget -c resume");
    assertResumedFrom(mark, have);
  }
}
