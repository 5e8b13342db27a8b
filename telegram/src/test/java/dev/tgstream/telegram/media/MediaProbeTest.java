package dev.tgstream.telegram.media;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Duration and picture size through part reads, against what ffprobe says of the same ffmpeg-made files. */
class MediaProbeTest {

  @TempDir
  static Path dir;

  @BeforeAll
  static void makeFixtures() throws Exception {
    String video = "testsrc=duration=2.5:size=176x144:rate=10";
    String audio = "sine=frequency=440:duration=3.3:sample_rate=44100";
    MediaFixtures.ffmpeg(dir.resolve("clip.webm"), "-f", "lavfi", "-i", video, "-f", "lavfi", "-i", audio,
        "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "100k", "-c:a", "libvorbis", "-shortest");
    MediaFixtures.ffmpeg(dir.resolve("clip.mkv"), "-f", "lavfi", "-i", video.replace("176x144", "160x90"),
        "-f", "lavfi", "-i", audio, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac");
    MediaFixtures.ffmpeg(dir.resolve("vbr.mp3"), "-f", "lavfi", "-i", audio, "-c:a", "libmp3lame", "-q:a", "5",
        "-metadata", "title=A tune");
    MediaFixtures.ffmpeg(dir.resolve("cbr.mp3"), "-f", "lavfi", "-i", audio, "-c:a", "libmp3lame", "-b:a", "128k",
        "-write_xing", "0", "-id3v2_version", "0");
    MediaFixtures.ffmpeg(dir.resolve("mono22k.mp3"), "-f", "lavfi", "-i", audio.replace("44100", "22050"),
        "-ac", "1", "-c:a", "libmp3lame", "-b:a", "32k");
    MediaFixtures.ffmpeg(dir.resolve("tune.flac"), "-f", "lavfi", "-i", audio, "-c:a", "flac");
    MediaFixtures.ffmpeg(dir.resolve("tune.ogg"), "-f", "lavfi", "-i", audio, "-c:a", "libvorbis");
    MediaFixtures.ffmpeg(dir.resolve("tune.opus"), "-f", "lavfi", "-i", audio, "-c:a", "libopus");
    MediaFixtures.ffmpeg(dir.resolve("tune.m4a"), "-f", "lavfi", "-i", audio, "-c:a", "aac");
  }

  @ParameterizedTest
  @CsvSource({
      "clip.webm, video/webm",
      "clip.mkv, video/x-matroska",
      "vbr.mp3, audio/mpeg",
      "cbr.mp3, audio/mpeg",
      "mono22k.mp3, audio/mpeg",
      "tune.flac, audio/flac",
      "tune.ogg, audio/ogg",
      "tune.opus, audio/ogg",
      "tune.m4a, audio/mp4"})
  void agreesWithFfprobe(String name, String mime) throws Exception {
    Path file = dir.resolve(name);
    MediaInfo expected = MediaFixtures.ffprobe(file);
    MediaInfo actual = MediaFixtures.probe(mime, file);
    assertNotNull(actual.duration(), name + " duration");
    assertEquals(expected.duration(), actual.duration(), 0.0015, name + " duration");
    assertEquals(expected.width(), actual.width(), name + " width");
    assertEquals(expected.height(), actual.height(), name + " height");
  }

  @ParameterizedTest
  @CsvSource({
      "clip.webm, video/webm",
      "clip.mkv, video/x-matroska",
      "vbr.mp3, audio/mpeg",
      "tune.flac, audio/flac",
      "tune.ogg, audio/ogg",
      "tune.m4a, audio/mp4"})
  void truncatedOrGarbledInputYieldsNothingAndNeverThrows(String name, String mime) throws Exception {
    byte[] whole = Files.readAllBytes(dir.resolve(name));
    // FLAC's STREAMINFO is whole after 26 bytes, so only shorter cuts lose it; the others need more.
    int[] cuts = mime.equals("audio/flac") ? new int[] {0, 1, 3, 4, 10, 20} : new int[] {0, 1, 3, 4, 10, 20, 40, 100};
    for (int length : cuts) {
      byte[] cut = Arrays.copyOf(whole, Math.min(length, whole.length));
      assertEquals(MediaInfo.NONE.duration(), probe(mime, cut).duration(), name + " cut to " + length);
    }
    byte[] garbled = whole.clone();
    for (int i = 0; i < Math.min(garbled.length, 64 * 1024); i++) {
      garbled[i] = (byte) (i * 31 + 7);
    }
    probe(mime, garbled); // must not throw, whatever it finds
    byte[] noise = new byte[200_000];
    new java.util.Random(7).nextBytes(noise);
    probe(mime, noise);
  }

  private static MediaInfo probe(String mime, byte[] bytes) throws Exception {
    Path file = Files.write(dir.resolve("cut.bin"), bytes);
    return MediaFixtures.probe(mime, file);
  }
}
