package dev.tgstream.ui.api;

import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.MediaType;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PlayerLinksTest {

  private static MediaFile file(String name, String mime) {
    return new MediaFile("f1", "c1", name, 10, mime, MediaType.fromMime(mime), Instant.EPOCH, null, null, null, null,
        "u1", false);
  }

  @Test
  void httpsLinks() {
    String url = "https://tv.example.org/stream/tok.en/My%20Film.mkv";
    PlayerLinks links = PlayerLinks.of(file("My Film; part #1.mkv", "video/x-matroska"), url);
    assertEquals(url, links.url());
    assertEquals("intent://tv.example.org/stream/tok.en/My%20Film.mkv#Intent;package=org.videolan.vlc;"
        + "type=video/x-matroska;scheme=https;S.title=My%20Film%3B%20part%20%231.mkv;end", links.vlc());
    assertEquals("mpv '" + url + "'", links.mpvCommand());
    assertEquals("intent://tv.example.org/stream/tok.en/My%20Film.mkv#Intent;package=com.mxtech.videoplayer.ad;"
        + "type=video/x-matroska;scheme=https;S.title=My%20Film%3B%20part%20%231.mkv;end", links.mxPlayer());
    assertEquals(links.mxPlayer().replace("videoplayer.ad", "videoplayer.pro"), links.mxPlayerPro());
    assertEquals("/api/files/f1/playlist.m3u", links.m3u());
  }

  @Test
  void mpvGetsTheSubtitlesAndNoDesktopSchemeIsOffered() {
    PlayerLinks links = PlayerLinks.of(file("it's.mkv", "video/x-matroska"), "https://h/s/t/x.mkv",
        "https://h/playlists/p/x.m3u", java.util.List.of("https://h/subtitle-files/a/x.t3.vtt"));
    assertEquals("mpv --sub-file='https://h/subtitle-files/a/x.t3.vtt' 'https://h/s/t/x.mkv'", links.mpvCommand());
    assertEquals("vlc --input-slave='https://h/subtitle-files/a/x.t3.vtt' 'https://h/s/t/x.mkv'", links.vlcCommand());
    assertEquals("https://h/playlists/p/x.m3u", links.m3u());
    String json = links.toJson().encode();
    org.junit.jupiter.api.Assertions.assertFalse(json.contains("vlc://") || json.contains("mpv://"), json);
  }

  @Test
  void httpLinksKeepTheirScheme() {
    PlayerLinks links = PlayerLinks.of(file("a.mp3", "audio/mpeg"), "http://localhost:8080/stream/t/a.mp3");
    assertEquals("intent://localhost:8080/stream/t/a.mp3#Intent;package=com.mxtech.videoplayer.ad;type=audio/mpeg;"
        + "scheme=http;S.title=a.mp3;end", links.mxPlayer());
  }
}
