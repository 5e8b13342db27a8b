package dev.tgstream.app.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The links a user copies for external players, pasted as they are with no cookie: the channel's {@code playlistUrl}
 * and a file's {@code playerLinks.m3u} open in ffprobe (which reads them as HLS) and in VLC (as a list of items,
 * each played); the VLC command the details page copies also loads the file's subtitles.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlayerPlaylistsIT {

  private static final String CHANNEL = "players";
  private final TestUser user = new TestUser("players-viewer", "Pl4yers-pass!", "viewer");
  private ServerProcess server;
  private Path work;
  private WebVideos.Video first;
  private WebVideos.Video second;

  @BeforeAll
  void start() throws IOException {
    Tools.require("ffprobe");
    Tools.require("cvlc");
    first = WebVideos.video("web-clip-6s.mp4", 6, 0);
    second = WebVideos.video("web-clip-11s.mp4", 11, 0);
    work = Files.createTempDirectory("it-players");
    Path srt = Files.writeString(work.resolve("alpha.en.srt"), "1\n00:00:01,000 --> 00:00:02,000\nHello VLC\n");
    server = ServerProcess.builder("player-playlists").env("UI_USERS", user.uiUsers())
        .file(CHANNEL, "alpha.mp4", first.file().path())
        .file(CHANNEL, "alpha.en.srt", srt)
        .file(CHANNEL, "beta.mp4", second.file().path())
        .start();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (work != null) {
      Tools.deleteTree(work);
    }
  }

  @Test
  void ffprobeOpensTheChannelAndFilePlaylistsPastedAsTheyAre() {
    ApiSession api = ApiSession.login(server, user);
    String channelPlaylist = channel(api).getString("playlistUrl");
    String filePlaylist = filePlayerLinks(api, "alpha.mp4").getString("m3u");
    assertTrue(channelPlaylist.endsWith("/" + CHANNEL + ".m3u"), channelPlaylist);
    Tools.Result all = WebVideos.probe(channelPlaylist);
    assertEquals(0, all.exit(), () -> "ffprobe could not open the channel playlist\n" + all.describe()
        + server.tail(20));
    assertEquals(first.durationSeconds() + second.durationSeconds(), WebVideos.parseDuration(all), 1.0);
    Tools.Result one = WebVideos.probe(filePlaylist);
    assertEquals(0, one.exit(), () -> "ffprobe could not open the file playlist\n" + one.describe());
    assertEquals(first.durationSeconds(), WebVideos.parseDuration(one), 0.5);
  }

  @Test
  void vlcPlaysEveryItemOfTheChannelPlaylist() throws IOException {
    ApiSession api = ApiSession.login(server, user);
    String playlist = channel(api).getString("playlistUrl");
    int mark = server.mark();
    vlc(playlist);
    server.awaitAccess(mark, lines -> lines.stream().anyMatch(l -> l.path().endsWith("/alpha.mp4") && ok(l.status()))
            && lines.stream().anyMatch(l -> l.path().endsWith("/beta.mp4") && ok(l.status())),
        Duration.ofSeconds(10), "VLC's GETs of both items of " + playlist);
  }

  @Test
  void vlcPlaysTheFilePlaylistAndItsCommandLoadsTheSubtitles() throws IOException {
    ApiSession api = ApiSession.login(server, user);
    JsonObject links = filePlayerLinks(api, "alpha.mp4");
    int mark = server.mark();
    vlc(List.of(links.getString("m3u")));
    server.awaitAccess(mark, lines -> lines.stream().anyMatch(l -> l.path().endsWith("/alpha.mp4") && ok(l.status())),
        Duration.ofSeconds(10), "VLC's GET of the video of " + links.getString("m3u"));
    // The command the details page copies: vlc --input-slave='<subtitles>' '<video>'.
    Matcher m = Pattern.compile("^vlc --input-slave='([^']+)' '([^']+)'$").matcher(links.getString("vlcCommand"));
    assertTrue(m.matches(), links.getString("vlcCommand"));
    // VLC's own log says it loaded the subtitle track from that URL (the UI logs no access lines of its own).
    Tools.Result r = vlc(List.of("-vv", "--input-slave=" + m.group(1), m.group(2)));
    String log = r.out() + r.stderr();
    assertTrue(log.contains("loading spu-es slave: " + m.group(1)) && !log.contains("failed to add"),
        () -> "VLC did not load the subtitles " + m.group(1) + "\n" + Tools.tail(log, 3000));
    assertTrue(log.contains("using demux module \"webvtt\"") && log.contains("using spu decoder module \"webvtt\""),
        () -> "VLC did not read the subtitles as WebVTT\n"
        + String.join("\n", log.lines().filter(l -> l.contains("slave") || l.contains("vtt") || l.contains("subtitle")
            || l.contains("error")).toList()));
  }

  private static boolean ok(int status) {
    return status == 200 || status == 206;
  }

  private Tools.Result vlc(String url) throws IOException {
    return vlc(List.of(url));
  }

  private Tools.Result vlc(List<String> args) throws IOException {
    Path home = Files.createTempDirectory("it-vlc-home");
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
    try {
      List<String> cmd = new ArrayList<>();
      if ("root".equals(System.getProperty("user.name"))) {
        // VLC refuses to run as root
        cmd.addAll(List.of(Tools.require("runuser"), "-u", "nobody", "--", "env", "HOME=" + home,
            "XDG_RUNTIME_DIR=" + home));
      }
      cmd.addAll(List.of(Tools.require("cvlc"), "--play-and-exit", "--no-video-title-show", "--run-time=2",
          "--vout=dummy", "--aout=dummy"));
      cmd.addAll(args);
      Tools.Result r = Tools.run(Duration.ofMinutes(2), cmd, Map.of("HOME", home.toString()), home);
      assertEquals(0, r.exit(), () -> "VLC failed on " + args + "\n" + r.describe());
      return r;
    } finally {
      Tools.deleteTree(home);
    }
  }

  private JsonObject channel(ApiSession api) {
    JsonArray items = new JsonObject(api.getOk("/api/channels")).getJsonArray("items");
    for (int i = 0; i < items.size(); i++) {
      if (CHANNEL.equals(items.getJsonObject(i).getString("title"))) {
        return items.getJsonObject(i);
      }
    }
    return fail("no channel " + CHANNEL + " in " + items.encode());
  }

  private JsonObject filePlayerLinks(ApiSession api, String name) {
    String channelId = channel(api).getString("id");
    JsonArray files = new JsonObject(api.getOk("/api/channels/" + URLEncoder.encode(channelId, StandardCharsets.UTF_8)
        + "/files")).getJsonArray("items");
    for (int i = 0; i < files.size(); i++) {
      JsonObject f = files.getJsonObject(i);
      if (name.equals(f.getString("name"))) {
        JsonObject details = new JsonObject(api.getOk("/api/files/" + f.getString("id")));
        assertEquals(1, details.getJsonArray("subtitles").size(), details.encode());
        URI.create(details.getJsonObject("playerLinks").getString("m3u"));
        return details.getJsonObject("playerLinks");
      }
    }
    return fail("no file " + name + " in " + files.encode());
  }
}
