package dev.tgstream.app.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A person in a real browser (headless Chromium): signs in, opens a channel, searches, opens a video, plays it,
 * seeks to 80 %, leaves, and comes back to find the position restored and the file on the continue-watching shelf.
 * The server's access log must show the Range request the browser made for the seek. Screenshots of the player and
 * the grid land in {@code app/target/e2e/} for a person to look at.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserEndToEndIT {

  private static final String CHANNEL = "e2e-videos";
  private static final String VIDEO = "orbit-seek-sample.mp4";
  private static final String SEARCH = "seek";
  /** Files in the channel: the video under test and three that the search must filter out. */
  private static final int CHANNEL_FILES = 4;

  private final TestUser user = new TestUser("e2e-viewer", "Br0wser-e2e-pass", "viewer");
  private final Path out = Fixtures.dir().resolveSibling("e2e");
  private WebVideos.Video video;
  private ServerProcess server;
  private Browser browser;
  private long t0;

  @BeforeAll
  void start() {
    Browser.requireInstalled();
    Tools.require("ffmpeg");
    Tools.require("ffprobe");
    // 30 s at a constant 4 Mbit/s (about 15 MB): the byte offset of a time is predictable, and the file is far larger
    // than what Chromium buffers ahead after pressing play (a few MB), so the seek to 80 % must be a new Range request.
    video = WebVideos.video("web-seek-30s-4mbps.mp4", 30, 4000);
    WebVideos.Video other = WebVideos.video("web-clip-6s.mp4", 6, 0);
    server = ServerProcess.builder("browser-e2e")
        .env("UI_USERS", user.uiUsers())
        .file(CHANNEL, VIDEO, video.file().path())
        .file(CHANNEL, "harbour-clip.mp4", other.file().path())
        .file(CHANNEL, "notes.pdf", Fixtures.random("notes-96k.bin", 96 * 1024, 96).path())
        .file(CHANNEL, "readme.txt", Fixtures.random("readme-4k.bin", 4 * 1024, 4).path())
        .start();
    browser = Browser.start(out);
  }

  @AfterAll
  void stop() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  private void step(String what) {
    System.out.printf(Locale.ROOT, "[%6d ms] %s%n", (System.nanoTime() - t0) / 1_000_000, what);
  }

  @Test
  void signInSearchPlaySeekAndResume() {
    t0 = System.nanoTime();
    try {
      flow();
    } catch (AssertionError | RuntimeException e) {
      try {
        browser.screenshot(out.resolve("failure.png"));
      } catch (RuntimeException ignored) {
        // the page may be gone
      }
      throw new AssertionError(e.getMessage() + "\n(screenshot: " + out.resolve("failure.png") + ")\n"
          + browser.describe() + server.tail(40), e);
    } finally {
      browser.consoleLines().forEach(l -> System.out.println("console: " + l));
    }
  }

  private void flow() {
    // ---- sign in
    browser.open(server.baseUrl() + "/");
    browser.awaitView("login");
    step("login view");
    browser.awaitElement("#login-form");
    browser.driver().findElement(By.id("login-name")).sendKeys(user.name());
    browser.driver().findElement(By.id("login-password")).sendKeys(user.password());
    browser.driver().findElement(By.id("login-submit")).click();
    browser.awaitView("home");
    step("signed in, home view");

    // ---- open the channel
    WebElement channel = browser.await("the channel link '" + CHANNEL + "'", d -> d.findElements(
            By.cssSelector("a.channel-link[data-channel-id]")).stream()
        .filter(a -> a.getText().contains(CHANNEL)).findFirst().orElse(null));
    channel.click();
    browser.awaitView("grid");
    browser.await("all " + CHANNEL_FILES + " cards of the channel", d -> gridLoaded()
        && d.findElements(By.cssSelector("#grid a.card[data-file-id]")).size() == CHANNEL_FILES);
    step("grid with " + CHANNEL_FILES + " cards");

    // ---- search: only the matching video remains (after the 300 ms debounce and the reload of the list)
    browser.driver().findElement(By.id("search")).sendKeys(SEARCH);
    WebElement card = browser.await("only the card of " + VIDEO + " after searching '" + SEARCH + "'", d -> {
      if (!gridLoaded() || !d.getCurrentUrl().contains("q=" + SEARCH)) {
        return null;
      }
      List<WebElement> cards = d.findElements(By.cssSelector("#grid a.card[data-file-id]"));
      return cards.size() == 1 && cards.get(0).getText().contains(VIDEO) ? cards.get(0) : null;
    });
    assertEquals("video", card.getAttribute("data-type"), "the card's data-type");
    String fileId = card.getAttribute("data-file-id");
    step("search left one card: " + fileId);

    // ---- details: the player loads the file's metadata
    card.click();
    browser.awaitView("details");
    browser.awaitElement("video#player");
    double duration = browser.await("the player's metadata (readyState >= 1, a finite duration)", d -> {
      Object v = browser.js("const p = document.getElementById('player');"
          + " return p && p.readyState >= 1 && isFinite(p.duration) && p.duration > 0 ? p.duration : null;");
      return v instanceof Number n ? n.doubleValue() : null;
    });
    assertEquals(video.durationSeconds(), duration, 0.5, "the player's duration");
    String src = (String) browser.js("return document.getElementById('player').currentSrc;");
    String streamPath = URI.create(src).getRawPath();
    assertTrue(URI.create(src).getHost() != null && streamPath.endsWith("/" + VIDEO),
        () -> "the player's source should be the file's stream URL, is " + src);
    step("details view, duration " + duration + " s, src " + streamPath);

    // ---- play until the clock moves
    Object played = browser.js("return document.getElementById('player').play().then(() => 'ok', e => String(e));");
    assertEquals("ok", played, "player.play()");
    browser.await("playback to start (currentTime > 0)",
        d -> browser.jsNumber("return document.getElementById('player').currentTime;") > 0);
    step("playing");

    // ---- seek to 80 %
    double target = 0.8 * duration;
    int mark = server.mark();
    browser.js("const p = document.getElementById('player'); p.currentTime = 0.8 * p.duration;");
    double reached = browser.await("the seek to " + target + " s to complete (not seeking, readyState >= 2)", d -> {
      Object v = browser.js("const p = document.getElementById('player');"
          + " return !p.seeking && p.readyState >= 2 && p.currentTime >= arguments[0] - 0.5 ? p.currentTime : null;",
          target);
      return v instanceof Number n ? n.doubleValue() : null;
    });
    assertTrue(reached >= target - 0.5 && reached < duration, () -> "currentTime after the seek: " + reached);
    step("seeked: currentTime " + reached);

    // ---- pause (saves the progress) and wait until the server has it
    double paused = browser.jsNumber("const p = document.getElementById('player'); p.pause(); return p.currentTime;");
    double saved = browser.await("the server to store the paused position (" + paused + " s) in /api/progress", d -> {
      Object v = browser.js("""
          const id = arguments[0];
          return fetch('/api/progress', {credentials: 'same-origin', cache: 'no-store'})
            .then(r => r.ok ? r.json() : null)
            .then(d => {
              const item = d && (d.items || []).find(i => String(i.fileId) === id);
              return item ? Number(item.position) : null;
            });""", fileId);
      return v instanceof Number n && Math.abs(n.doubleValue() - paused) <= 1.5 ? n.doubleValue() : null;
    });
    step("paused at " + paused + " s, server saved " + saved + " s");
    browser.screenshot(out.resolve("player.png"));
    browser.screenshot(browser.driver().findElement(By.id("player")), out.resolve("player-element.png"));

    // ---- back to the channel grid (leaving the page also ends the player's download)
    browser.driver().findElement(By.id("channel-link")).click();
    browser.awaitView("grid");
    browser.await("the grid's " + CHANNEL_FILES + " cards with their images loaded", d -> gridLoaded()
        && d.findElements(By.cssSelector("#grid a.card[data-file-id]")).size() == CHANNEL_FILES
        && Boolean.TRUE.equals(browser.js("return [...document.querySelectorAll('#grid img')].every(i => i.complete);")));
    browser.screenshot(out.resolve("grid.png"));
    step("grid screenshot");

    // ---- the server saw the seek as a Range request into the media data near 80 % of the file.
    // The file is faststart (moov, then media data) at a constant bitrate, so the media for time t starts near
    // size * t / duration: about 0.8 * size for the target. Chromium asks from the keyframe at or before the target
    // (at most 1 s = 3 % earlier) or from an interleaved audio sample just before it, and the bitrate wobbles a little;
    // [0.5, 0.95] * size is generous around 0.8 and still excludes the start of the file and a tail probe.
    // The access line is printed when a response ends: the browser's request either read to the end of the file or was
    // cut off when the details page stopped the player, so it is in the log by now (awaited anyway).
    long size = video.file().size();
    long low = size / 2;
    long high = (long) (size * 0.95);
    List<ServerProcess.AccessLine> seen = server.awaitAccess(mark, lines -> lines.stream().anyMatch(l ->
            l.path().equals(streamPath) && l.method().equals("GET") && l.status() == 206
                && l.rangeStart() >= low && l.rangeStart() <= high), Duration.ofSeconds(15),
        "the browser's GET with a Range starting in [" + low + ", " + high + "] (about " + (long) (0.8 * size)
            + " of " + size + " bytes) for " + streamPath);
    List<ServerProcess.AccessLine> forFile = seen.stream().filter(l -> l.path().equals(streamPath)).toList();
    assertTrue(forFile.stream().allMatch(l -> l.status() == 200 || l.status() == 206),
        () -> "a stream request failed: " + forFile);
    step("Range requests after the seek: " + forFile.stream().map(ServerProcess.AccessLine::range).toList()
        + " (file " + size + " bytes, 80 % = " + (long) (0.8 * size) + ")");

    // ---- come back to the details page in a fresh page load: the saved position is restored
    String detailsUrl = server.baseUrl() + "/#/f/" + URLEncoder.encode(fileId, StandardCharsets.UTF_8);
    browser.open(detailsUrl);
    browser.driver().navigate().refresh();
    browser.awaitView("details");
    double restored = browser.await("the position to be restored (#resume-note, readyState >= 1)", d -> {
      Object v = browser.js("const p = document.getElementById('player');"
          + " return p && p.readyState >= 1 && document.getElementById('resume-note') ? p.currentTime : null;");
      return v instanceof Number n ? n.doubleValue() : null;
    });
    assertEquals(paused, restored, 2.0, "the restored currentTime vs the position at pause");
    String note = browser.driver().findElement(By.id("resume-note")).getText();
    assertTrue(note.toLowerCase(Locale.ROOT).contains("resumed"), () -> "#resume-note says: " + note);
    step("reloaded details: restored at " + restored + " s (" + note + ")");

    // ---- home: the continue-watching shelf shows the file
    browser.driver().findElement(By.id("nav-home")).click();
    browser.awaitView("home");
    WebElement shelf = browser.awaitElement("section#continue");
    assertTrue(shelf.isDisplayed(), "the continue-watching shelf is visible");
    WebElement item = browser.awaitElement("section#continue a.card.shelf-card[data-file-id=\"" + fileId + "\"]");
    assertTrue(item.getText().contains(VIDEO) || String.valueOf(item.getAttribute("aria-label")).contains(VIDEO),
        () -> "the shelf card names the file: " + item.getText());
    browser.screenshot(out.resolve("home.png"));
    step("continue-watching shelf shows " + VIDEO);
    System.out.println("screenshots: " + Map.of("player", out.resolve("player.png"), "grid", out.resolve("grid.png"),
        "home", out.resolve("home.png")));
  }

  /** The grid finished its last list request. */
  private boolean gridLoaded() {
    return Boolean.TRUE.equals(browser.js(
        "const g = document.getElementById('grid'); return !!g && g.getAttribute('aria-busy') === 'false';"));
  }
}
