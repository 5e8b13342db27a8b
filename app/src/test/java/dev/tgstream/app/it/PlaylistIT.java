package dev.tgstream.app.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A channel's M3U playlist, as VLC, mpv or Kodi get it: {@code #EXTM3U}, one {@code #EXTINF:<duration>,<title>} per
 * video or audio file followed by its absolute signed URL, nothing for documents; and its first link plays in ffprobe
 * (no cookie: the signed token is the only credential).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlaylistIT {

  private static final String CHANNEL = "playlist-channel";
  /** {@code #EXTINF:<duration>[ attributes],<title>}; the duration may be an integer or a decimal, -1 for unknown. */
  private static final Pattern EXTINF = Pattern.compile("^#EXTINF:\\s*(-?\\d+(?:\\.\\d+)?)([^,]*),(.*)$");

  private final TestUser user = new TestUser("playlist-viewer", "m3u-Pa55word!", "viewer");
  private ServerProcess server;
  /** Library file name → the video put there. */
  private final Map<String, WebVideos.Video> videos = new LinkedHashMap<>();

  @BeforeAll
  void start() {
    Tools.require("ffmpeg");
    Tools.require("ffprobe");
    videos.put("first clip.mp4", WebVideos.video("web-clip-6s.mp4", 6, 0));
    videos.put("second-clip.mp4", WebVideos.video("web-clip-11s.mp4", 11, 0));
    Fixtures.Fixture document = Fixtures.random("notes-96k.bin", 96 * 1024, 96);
    ServerProcess.Builder b = ServerProcess.builder("playlist").env("UI_USERS", user.uiUsers());
    videos.forEach((name, v) -> b.file(CHANNEL, name, v.file().path()));
    b.file(CHANNEL, "notes.pdf", document.path());
    server = b.start();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** One playlist entry: its EXTINF duration and title, and the URL line after it. */
  private record Entry(double duration, String title, String url) {
  }

  @Test
  void channelPlaylistListsEveryVideoWithDurationAndItsFirstLinkPlaysInFfprobe() {
    ApiSession api = ApiSession.login(server, user);
    String channelId = channelId(api);

    HttpResponse<String> r = api.get("/api/channels/" + URLEncoder.encode(channelId, StandardCharsets.UTF_8)
        + "/playlist.m3u8");
    assertEquals(200, r.statusCode(), () -> "playlist: HTTP " + r.statusCode() + " " + r.body());
    String type = r.headers().firstValue("Content-Type").orElse("");
    assertTrue(type.toLowerCase(Locale.ROOT).contains("mpegurl"),
        () -> "playlist Content-Type should be an M3U type (audio/x-mpegurl, application/vnd.apple.mpegurl), got " + type);
    String body = r.body();
    System.out.println("playlist:\n" + body);

    List<Entry> entries = parse(body);
    assertEquals(videos.size(), entries.size(),
        () -> "one #EXTINF per video/audio file (" + videos.keySet() + "), none for the document; got:\n" + body);
    for (Entry e : entries) {
      WebVideos.Video v = videos.get(e.title());
      assertNotNull(v, () -> "#EXTINF title '" + e.title() + "' is none of the channel's videos " + videos.keySet());
      assertEquals(v.durationSeconds(), e.duration(), 1.0,
          () -> "#EXTINF duration of " + e.title() + " (the video lasts " + WebVideos.seconds(v.durationSeconds()) + ")");
      assertTrue(e.url().startsWith(server.baseUrl() + "/"),
          () -> "the URL after #EXTINF of " + e.title() + " must be absolute and point at this server ("
              + server.baseUrl() + "), got " + e.url());
    }
    assertEquals(videos.size(), entries.stream().map(Entry::title).distinct().count(),
        () -> "each video listed once:\n" + body);

    // The first link, with no cookie, in a real demuxer.
    Entry first = entries.get(0);
    WebVideos.Video expected = videos.get(first.title());
    int mark = server.mark();
    long started = System.nanoTime();
    Tools.Result probe = WebVideos.probe(first.url());
    assertEquals(0, probe.exit(), () -> "ffprobe could not open the playlist's first link\n" + probe.describe()
        + "\n" + server.tail(20));
    double probed = WebVideos.parseDuration(probe);
    assertEquals(expected.durationSeconds(), probed, 0.5,
        () -> "ffprobe's duration of " + first.url() + " vs the file's " + WebVideos.seconds(expected.durationSeconds()));
    String path = URI.create(first.url()).getRawPath();
    server.awaitAccess(mark, lines -> lines.stream().anyMatch(l -> l.path().equals(path)
            && (l.status() == 200 || l.status() == 206)), Duration.ofSeconds(10),
        "ffprobe's GET of " + path);
    System.out.printf(Locale.ROOT, "ffprobe read %s in %d ms: duration %.3f s%n", first.title(),
        (System.nanoTime() - started) / 1_000_000, probed);
  }

  private String channelId(ApiSession api) {
    JsonArray items = new JsonObject(api.getOk("/api/channels")).getJsonArray("items");
    for (int i = 0; i < items.size(); i++) {
      JsonObject ch = items.getJsonObject(i);
      if (CHANNEL.equals(ch.getString("title"))) {
        assertEquals(videos.size() + 1, ch.getInteger("count", -1), () -> "file count of " + ch);
        return String.valueOf(ch.getValue("id"));
      }
    }
    return fail("no channel titled " + CHANNEL + " in " + items.encode());
  }

  /**
   * Parses an extended M3U strictly: the header first; each {@code #EXTINF} is followed by its URL (other {@code #}
   * lines may come between, as players allow); a URL without an {@code #EXTINF} before it fails.
   */
  private static List<Entry> parse(String body) {
    String text = body.startsWith("\uFEFF") ? body.substring(1) : body;
    List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    assertTrue(!lines.isEmpty() && lines.get(0).equals("#EXTM3U"), () -> "the playlist must start with #EXTM3U:\n" + body);
    List<Entry> out = new ArrayList<>();
    Matcher pending = null;
    for (String line : lines.subList(1, lines.size())) {
      if (line.startsWith("#EXTINF")) {
        String previous = pending == null ? null : pending.group(0);
        assertTrue(pending == null, () -> "#EXTINF without a URL after it: " + previous + "\n" + body);
        Matcher m = EXTINF.matcher(line);
        assertTrue(m.matches(), () -> "malformed #EXTINF line (want #EXTINF:<duration>,<title>): " + line);
        pending = m;
      } else if (line.startsWith("#")) {
        continue; // #PLAYLIST, #EXTGRP, ... and comments
      } else {
        assertNotNull(pending, () -> "a URL without #EXTINF before it: " + line + "\n" + body);
        URI u = URI.create(line);
        assertTrue(u.isAbsolute() && ("http".equals(u.getScheme()) || "https".equals(u.getScheme())),
            () -> "playlist entries must be absolute http(s) URLs: " + line);
        out.add(new Entry(Double.parseDouble(pending.group(1)), pending.group(3).strip(), line));
        pending = null;
      }
    }
    String dangling = pending == null ? null : pending.group(0);
    assertTrue(dangling == null, () -> "the last #EXTINF has no URL: " + dangling);
    return out;
  }
}
