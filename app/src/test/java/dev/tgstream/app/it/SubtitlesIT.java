package dev.tgstream.app.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * In Chromium, a WebM's own WebVTT track and an MP4's sidecar .srt (Latin-1, as old files are) become text tracks
 * of the player, and their first cues have the text and times that went in; the grid shows the cards' durations and
 * pictures (a frame made by ffmpeg, a cover from an MP3's tag). Chromium does not play MKV, so the embedded case
 * uses WebM, the same Matroska structure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubtitlesIT {

  private static final String CHANNEL = "subtitled";
  private final TestUser user = new TestUser("subs-viewer", "Sub-titles-pass1", "viewer");
  private final Path out = Fixtures.dir().resolveSibling("e2e");
  private Path work;
  private ServerProcess server;
  private Browser browser;

  @BeforeAll
  void start() throws IOException {
    Browser.requireInstalled();
    work = Files.createTempDirectory("it-subtitles");
    Path vtt = Files.writeString(work.resolve("in.vtt"), """
        WEBVTT

        00:00:00.500 --> 00:00:02.000
        Hello from inside the WebM

        00:00:02.500 --> 00:00:03.500
        Second cue
        """, StandardCharsets.UTF_8);
    ffmpeg(work.resolve("inside.webm"), "-f", "lavfi", "-i", "testsrc=duration=4:size=320x240:rate=25",
        "-i", vtt.toString(), "-map", "0", "-map", "1", "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8",
        "-b:v", "300k", "-c:s", "webvtt", "-metadata:s:s:0", "language=eng", "-metadata:s:s:0", "title=English");
    ffmpeg(work.resolve("beside.mp4"), "-f", "lavfi", "-i", "testsrc2=duration=5:size=320x240:rate=25",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart");
    Files.write(work.resolve("beside.fr.srt"), "1\r\n00:00:01,250 --> 00:00:03,000\r\nBonjour, ça va ?\r\n"
        .getBytes(StandardCharsets.ISO_8859_1));
    Path cover = ffmpeg(work.resolve("cover.jpg"), "-f", "lavfi", "-i", "color=orange:size=200x200", "-frames:v",
        "1");
    ffmpeg(work.resolve("song.mp3"), "-f", "lavfi", "-i", "sine=duration=3", "-i", cover.toString(), "-map", "0",
        "-map", "1", "-c:a", "libmp3lame", "-c:v", "copy", "-id3v2_version", "3");
    ServerProcess.Builder b = ServerProcess.builder("subtitles").env("UI_USERS", user.uiUsers());
    for (String name : List.of("inside.webm", "beside.mp4", "beside.fr.srt", "song.mp3")) {
      b.file(CHANNEL, name, work.resolve(name));
    }
    server = b.start();
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
      if (work != null) {
        Tools.deleteTree(work);
      }
    }
  }

  @Test
  void embeddedAndSidecarSubtitlesAreTextTracksWithTheirFirstCue() {
    ApiSession api = ApiSession.login(server, user);
    Map<String, JsonObject> cards = cards(api);
    assertEquals(3, cards.size(), () -> "the .srt belongs to beside.mp4 and is not listed: " + cards.keySet());
    signIn();
    try {
      assertFirstCue(cards.get("inside.webm").getString("id"), "en", "English", "Hello from inside the WebM", 0.5, 2.0);
      assertFirstCue(cards.get("beside.mp4").getString("id"), "fr", "French", "Bonjour, ça va ?", 1.25, 3.0);
      gridShowsDurationsAndPictures(cards);
    } catch (AssertionError | RuntimeException e) {
      browser.screenshot(out.resolve("subtitles-failure.png"));
      throw new AssertionError(e.getMessage() + "\n" + browser.describe() + server.tail(40), e);
    }
  }

  private void signIn() {
    browser.open(server.baseUrl() + "/");
    browser.awaitView("login");
    browser.driver().findElement(By.id("login-name")).sendKeys(user.name());
    browser.driver().findElement(By.id("login-password")).sendKeys(user.password());
    browser.driver().findElement(By.id("login-submit")).click();
    browser.awaitView("home");
  }

  private void assertFirstCue(String fileId, String language, String label, String text, double start, double end) {
    browser.open(server.baseUrl() + "/#/f/" + fileId);
    browser.awaitElement("video#player");
    browser.await("a text track on the player", d -> browser.jsNumber(
        "return document.getElementById('player').textTracks.length") >= 1);
    // Showing a track makes the browser fetch and parse it; its cues then appear.
    Object cue = browser.await("the first cue of the text track", d -> browser.js("""
        const t = document.getElementById('player').textTracks[0];
        if (t.mode === 'disabled') t.mode = 'hidden';
        if (!t.cues || t.cues.length === 0) return null;
        const c = t.cues[0];
        return {text: c.text, start: c.startTime, end: c.endTime, language: t.language, label: t.label,
                kind: t.kind};"""));
    @SuppressWarnings("unchecked")
    Map<String, Object> c = (Map<String, Object>) cue;
    assertEquals(text, c.get("text"));
    assertEquals(start, ((Number) c.get("start")).doubleValue(), 1e-6);
    assertEquals(end, ((Number) c.get("end")).doubleValue(), 1e-6);
    assertEquals(language, c.get("language"));
    assertEquals(label, c.get("label"));
    assertEquals("subtitles", c.get("kind"));
  }

  private void gridShowsDurationsAndPictures(Map<String, JsonObject> cards) {
    browser.open(server.baseUrl() + "/");
    browser.awaitView("home");
    browser.await("the channel link", d -> d.findElements(By.cssSelector("a.channel-link[data-channel-id]")).stream()
        .filter(a -> a.getText().contains(CHANNEL)).findFirst().orElse(null)).click();
    browser.awaitView("grid");
    // Every card's picture decoded (frames made by ffmpeg, the MP3's cover), and every card shows its duration.
    browser.await("3 cards with loaded pictures and durations", Duration.ofSeconds(60), d -> browser.jsNumber("""
        const cards = [...document.querySelectorAll('#grid a.card[data-file-id]')];
        const ok = cards.filter(c => {
          const img = c.querySelector('.card-thumb img');
          return img && img.complete && img.naturalWidth > 0 && c.querySelector('.card-duration');
        });
        return ok.length;""") == 3);
    List<String> durations = new ArrayList<>();
    browser.driver().findElements(By.cssSelector("#grid .card-duration")).forEach(e -> durations.add(e.getText()));
    assertTrue(durations.size() == 3 && durations.stream().allMatch(t -> t.matches("0:0[2-5]")),
        () -> "card durations " + durations);
    browser.screenshot(out.resolve("grid-thumbnails.png"));
  }

  private Map<String, JsonObject> cards(ApiSession api) {
    JsonArray channels = new JsonObject(api.getOk("/api/channels")).getJsonArray("items");
    for (int i = 0; i < channels.size(); i++) {
      JsonObject ch = channels.getJsonObject(i);
      if (CHANNEL.equals(ch.getString("title"))) {
        JsonArray items = new JsonObject(api.getOk("/api/channels/"
            + URLEncoder.encode(ch.getString("id"), StandardCharsets.UTF_8) + "/files")).getJsonArray("items");
        Map<String, JsonObject> byName = new java.util.HashMap<>();
        items.forEach(o -> byName.put(((JsonObject) o).getString("name"), (JsonObject) o));
        return byName;
      }
    }
    return fail("no channel " + CHANNEL + " in " + channels.encode());
  }

  private static Path ffmpeg(Path target, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Tools.require("ffmpeg"), "-hide_banner", "-loglevel", "error",
        "-nostdin", "-y"));
    cmd.addAll(List.of(args));
    cmd.add(target.toString());
    Tools.Result r = Tools.run(Duration.ofMinutes(2), cmd);
    assertEquals(0, r.exit(), () -> "ffmpeg could not make " + target.getFileName() + "\n" + r.describe());
    return target;
  }
}
