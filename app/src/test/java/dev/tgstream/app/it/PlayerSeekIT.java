package dev.tgstream.app.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
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

/**
 * Real players seek to 90 % of a generated MP4 whose moov atom sits at the end: they must probe the tail, then ask
 * for a Range that starts in the media data past the middle of the file (before the moov), and decode from there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlayerSeekIT {

  private static final Pattern FRAME = Pattern.compile("(?m)^frame=(\\d+)");

  private ServerProcess server;
  private Fixtures.Video video;
  private String url;
  private String path;

  @BeforeAll
  void start() {
    Tools.require("ffmpeg");
    video = Fixtures.video();
    server = ServerProcess.builder("player-seek").file("videos", "clip.mp4", video.file().path()).start();
    url = server.loopbackLink("videos", "clip.mp4");
    path = URI.create(url).getRawPath();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private String seekTarget() {
    return String.format(java.util.Locale.ROOT, "%.1f", video.durationSeconds() * 0.9);
  }

  /** Waits for the access line of a Range request into the media data past the middle of the file. */
  private void assertSeekRequest(int mark, String client) {
    long middle = video.file().size() / 2;
    List<ServerProcess.AccessLine> seen = server.awaitAccess(mark, lines -> lines.stream().anyMatch(
            l -> l.path().equals(path) && l.status() == 206 && l.rangeStart() >= middle
                && l.rangeStart() < video.moovOffset()), Duration.ofSeconds(20),
        client + "'s Range request starting past the middle (" + middle + ") and before the moov atom ("
            + video.moovOffset() + ")");
    assertTrue(seen.stream().filter(l -> l.path().equals(path)).allMatch(l -> l.status() == 200 || l.status() == 206),
        () -> client + " got an error status: " + seen);
    System.out.println(client + " requests: " + seen);
  }

  @Test
  void ffmpegSeeksTo90PercentAndDecodes() {
    String ffmpeg = Tools.require("ffmpeg");
    int mark = server.mark();
    Tools.Result r = Tools.run(Duration.ofMinutes(2), List.of(ffmpeg, "-hide_banner", "-nostdin", "-v", "error",
        "-ss", seekTarget(), "-i", url, "-t", "1", "-progress", "pipe:1", "-f", "null", "-"));
    assertEquals(0, r.exit(), () -> "ffmpeg failed\n" + r.describe() + "\n" + server.tail(30));
    Matcher m = FRAME.matcher(r.out());
    int frames = 0;
    while (m.find()) {
      frames = Integer.parseInt(m.group(1));
    }
    int decoded = frames;
    assertTrue(decoded >= 20, () -> "ffmpeg decoded only " + decoded + " frames of the 1 s after the seek\n" + r.describe());
    assertSeekRequest(mark, "ffmpeg");
  }

  @Test
  void vlcSeeksTo90Percent() throws IOException {
    String cvlc = Tools.require("cvlc");
    Path home = Files.createTempDirectory("it-vlc-home");
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
    try {
      List<String> cmd = new ArrayList<>();
      if ("root".equals(System.getProperty("user.name"))) {
        // VLC refuses to run as root
        cmd.addAll(List.of(Tools.require("runuser"), "-u", "nobody", "--", "env", "HOME=" + home,
            "XDG_RUNTIME_DIR=" + home));
      }
      cmd.addAll(List.of(cvlc, "--play-and-exit", "--no-video-title-show", "--start-time=" + seekTarget(),
          "--run-time=1", "--vout=dummy", "--aout=dummy", url));
      int mark = server.mark();
      Tools.Result r = Tools.run(Duration.ofMinutes(2), cmd, Map.of("HOME", home.toString()), home);
      assertEquals(0, r.exit(), () -> "VLC failed\n" + r.describe());
      assertSeekRequest(mark, "VLC");
    } finally {
      Tools.deleteTree(home);
    }
  }
}
