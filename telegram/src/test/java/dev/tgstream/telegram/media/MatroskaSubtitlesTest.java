package dev.tgstream.telegram.media;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Text tracks inside Matroska/WebM come out as the cues that went in, through aligned part reads. */
class MatroskaSubtitlesTest {

  static final String SRT = """
      1
      00:00:01,250 --> 00:00:02,500
      Bonjour <i>à tous</i> & bienvenue

      2
      00:00:04,000 --> 00:00:05,750
      Deuxième ligne
      sur deux lignes

      3
      00:00:08,100 --> 00:00:09,000
      Fin
      """;

  static final List<TextCue> EXPECTED = List.of(
      new TextCue(1250, 2500, "Bonjour <i>à tous</i> &amp; bienvenue"),
      new TextCue(4000, 5750, "Deuxième ligne\nsur deux lignes"),
      new TextCue(8100, 9000, "Fin"));

  @TempDir
  static Path dir;

  @BeforeAll
  static void makeFixtures() throws Exception {
    Path srt = Files.writeString(dir.resolve("subs.srt"), SRT, StandardCharsets.UTF_8);
    Path vtt = dir.resolve("subs.vtt");
    MediaFixtures.ffmpeg(vtt, "-i", srt.toString());
    // Enough video that reading it all would show: ~2 MB at this bitrate.
    String[] video = {"-f", "lavfi", "-i", "testsrc=duration=10:size=320x240:rate=25"};
    MediaFixtures.ffmpeg(dir.resolve("srt.mkv"), concat(video, "-i", srt.toString(), "-map", "0", "-map", "1",
        "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "1600k", "-pix_fmt", "yuv420p", "-c:s", "srt",
        "-metadata:s:s:0", "language=fre", "-metadata:s:s:0", "title=Français"));
    MediaFixtures.ffmpeg(dir.resolve("ass.mkv"), concat(video, "-i", srt.toString(), "-map", "0", "-map", "1",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:s", "ass"));
    MediaFixtures.ffmpeg(dir.resolve("vtt.webm"), concat(video, "-i", vtt.toString(), "-map", "0", "-map", "1",
        "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k", "-c:s", "webvtt"));
    MediaFixtures.ffmpegPiped(dir.resolve("piped.mkv"), concat(video, "-i", srt.toString(), "-map", "0", "-map",
        "1", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:s", "srt", "-f", "matroska"));
  }

  @Test
  void subRipTrackWithLanguageAndNameThroughTheCues() throws Exception {
    AtomicLong read = new AtomicLong();
    Path file = dir.resolve("srt.mkv");
    MatroskaHeaders headers = await(MatroskaSubtitles.headers(Files.size(file), source(file, read)));
    MatroskaTrack track = headers.tracks().stream().filter(MatroskaTrack::isTextSubtitle).findFirst().orElseThrow();
    assertEquals("S_TEXT/UTF8", track.codecId());
    assertEquals("fre", track.language());
    assertEquals("Français", track.name());
    assertTrue(headers.cuesPosition() > 0, "ffmpeg indexes the file");
    read.set(0);
    List<TextCue> cues = await(MatroskaSubtitles.cues(Files.size(file), source(file, read), headers, track));
    assertEquals(EXPECTED, cues);
    assertTrue(read.get() < Files.size(file) / 4, "read " + read.get() + " of " + Files.size(file) + " bytes");
  }

  @Test
  void assTrackAsPlainTextAndWebmWebVtt() throws Exception {
    assertEquals(List.of(
        new TextCue(1250, 2500, "Bonjour à tous &amp; bienvenue"),
        EXPECTED.get(1), EXPECTED.get(2)), cuesOf("ass.mkv"));
    assertEquals(EXPECTED, cuesOf("vtt.webm"));
  }

  @Test
  void withoutAnIndexTheClustersAreWalked() throws Exception {
    Path file = dir.resolve("piped.mkv");
    MatroskaHeaders headers = await(MatroskaSubtitles.headers(Files.size(file), source(file, new AtomicLong())));
    assertTrue(headers.firstClusterPosition() > 0);
    assertEquals(EXPECTED, cuesOf("piped.mkv"));
  }

  @Test
  void webVttOutputIsExact() {
    assertEquals("WEBVTT\n\n00:00:01.250 --> 00:00:02.500\nBonjour <i>à tous</i> &amp; bienvenue\n\n"
        + "00:00:04.000 --> 00:00:05.750\nDeuxième ligne\nsur deux lignes\n\n"
        + "00:00:08.100 --> 00:00:09.000\nFin\n\n", WebVtt.write(EXPECTED));
    assertEquals("10:00:00.001", WebVtt.time(36_000_001));
  }

  private static List<TextCue> cuesOf(String name) throws Exception {
    Path file = dir.resolve(name);
    MatroskaHeaders headers = await(MatroskaSubtitles.headers(Files.size(file), source(file, new AtomicLong())));
    MatroskaTrack track = headers.tracks().stream().filter(MatroskaTrack::isTextSubtitle).findFirst().orElseThrow();
    return await(MatroskaSubtitles.cues(Files.size(file), source(file, new AtomicLong()), headers, track));
  }

  private static PartReads.Source source(Path file, AtomicLong read) {
    return (offset, length) -> {
      try {
        byte[] part = MediaFixtures.readAligned(file, offset, length);
        read.addAndGet(part.length);
        return Future.succeededFuture(Buffer.buffer(part));
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    };
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get();
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
