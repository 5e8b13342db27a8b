package dev.tgstream.app.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code link} subcommand of the jar, as a user runs it beside a running server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinkCliIT {

  private static final String ODD_NAME = "My Holiday (été) #1.bin";

  private ServerProcess server;
  private Fixtures.Fixture clip;
  private Fixtures.Fixture odd;
  private Path scratch;

  @BeforeAll
  void start() {
    Tools.require("curl");
    clip = Fixtures.random("clip.mp4", Fixtures.MIB + 123, 7);
    odd = Fixtures.random("odd-name.bin", 300_001, 8);
    server = ServerProcess.builder("link-cli")
        .file("movies", clip)
        .file("movies", ODD_NAME, odd.path())
        .start();
    scratch = server.scratch("link");
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Runs {@code link} and checks that stdout holds exactly one line (a user writes URL=$(java -jar … link …)). */
  private String strictLink(Map<String, String> env, String... args) {
    Tools.Result r = server.cli(env, args);
    assertEquals(0, r.exit(), r::describe);
    List<String> lines = r.out().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), () -> "link must print exactly one line on stdout (the URL)\n" + r.describe());
    return lines.get(0).strip();
  }

  @Test
  void printsOneAbsoluteSignedUrlThatStreamsTheFile() {
    String url = strictLink(Map.of(), "link", "movies", "clip.mp4");
    assertTrue(Pattern.matches("http://localhost:" + server.port() + "/stream/[A-Za-z0-9._~%-]+/clip\\.mp4", url),
        () -> "unexpected link: " + url);
    Curl.Response r = Curl.request(scratch, url); // the printed URL itself, as a user pastes it
    assertEquals(200, r.status(), r::describe);
    assertEquals(clip.sha256(), Tools.sha256(r.body()));
    String disposition = r.header("content-disposition");
    assertTrue(disposition == null || disposition.toLowerCase(Locale.ROOT).startsWith("inline"),
        () -> "default disposition of a video must be inline (documents are always attachments): " + disposition);
  }

  @Test
  void downloadOptionGivesAttachment() {
    String url = server.loopbackLink("movies", "clip.mp4", "--download", "--ttl", "3600");
    Curl.Response r = Curl.request(scratch, url, "-I");
    assertEquals(200, r.status(), r::describe);
    String disposition = r.header("content-disposition");
    assertTrue(disposition != null && disposition.toLowerCase(Locale.ROOT).startsWith("attachment")
        && disposition.contains("clip.mp4"), () -> "Content-Disposition: " + disposition);
  }

  @Test
  void publicUrlIsUsedForTheLink() {
    String url = strictLink(Map.of("PUBLIC_URL", "https://media.example.org"), "link", "movies", "clip.mp4");
    assertTrue(url.startsWith("https://media.example.org/stream/") && url.endsWith("/clip.mp4"), url);
  }

  @Test
  void fileNameWithSpacesAndAccentsMakesAUsableUrl() {
    String url = server.loopbackLink("movies", ODD_NAME);
    assertFalse(url.contains(" "), () -> "the printed URL contains a raw space: " + url);
    Curl.Response r = Curl.request(scratch, url, "-r", "1000-1999");
    assertEquals(206, r.status(), r::describe);
    assertEquals(Tools.sha256(odd.slice(1000, 1999)), Tools.sha256(r.body()));
  }

  private void assertRefused(String channel, String file) {
    Tools.Result r = server.cli("link", channel, file);
    assertEquals(2, r.exit(), () -> "link " + channel + " " + file + " must exit 2\n" + r.describe());
    assertTrue(r.out().isBlank(), () -> "nothing on stdout when refused\n" + r.describe());
    List<String> err = r.stderr().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, err.size(), () -> "exactly one line on stderr\n" + r.describe());
  }

  @Test
  void unknownChannelExits2() {
    assertRefused("no-such-channel", "clip.mp4");
  }

  @Test
  void unknownFileExits2() {
    assertRefused("movies", "missing.bin");
  }

  @Test
  void pathsLeadingOutsideTheLibraryExit2() {
    assertRefused("movies", "../etc/passwd");
    assertRefused("movies", "../../../../../../etc/passwd");
    assertRefused("movies", "/etc/passwd");
    assertRefused("movies", "../../data/stream.secret");
  }
}
