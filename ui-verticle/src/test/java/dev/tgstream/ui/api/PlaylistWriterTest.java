package dev.tgstream.ui.api;

import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.MediaType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PlaylistWriterTest {

  private static MediaFile file(String name, Double duration) {
    return new MediaFile("id", "c", name, 1, "video/mp4", MediaType.VIDEO, Instant.EPOCH, null, duration, null, null,
        "u", false);
  }

  @Test
  void writesExtendedM3u() {
    String m3u = PlaylistWriter.write("My Channel", List.of(
        new PlaylistWriter.Entry(file("one.mp4", 61.6), "https://h/stream/a/one.mp4"),
        new PlaylistWriter.Entry(file("two, the sequel.mp4", null), "https://h/stream/b/two.mp4")));
    assertEquals("#EXTM3U\n#PLAYLIST:My Channel\n"
        + "#EXTINF:62,one.mp4\nhttps://h/stream/a/one.mp4\n"
        + "#EXTINF:-1,two, the sequel.mp4\nhttps://h/stream/b/two.mp4\n", m3u);
  }

  @Test
  void titlesCannotBreakOutOfTheirLine() {
    String m3u = PlaylistWriter.write("Evil\r\nchannel", List.of(
        new PlaylistWriter.Entry(file("a\nhttp://evil/x\n#EXTINF:1,b\u2028c.mp4", 1.0), "https://h/s/t/a.mp4")));
    assertEquals("#EXTM3U\n#PLAYLIST:Evil  channel\n#EXTINF:1,a http://evil/x #EXTINF:1,b c.mp4\nhttps://h/s/t/a.mp4\n",
        m3u);
  }

  @Test
  void durations() {
    assertEquals(-1, PlaylistWriter.seconds(null));
    assertEquals(-1, PlaylistWriter.seconds(Double.NaN));
    assertEquals(0, PlaylistWriter.seconds(0.2));
    assertEquals(3600, PlaylistWriter.seconds(3599.5));
  }
}
