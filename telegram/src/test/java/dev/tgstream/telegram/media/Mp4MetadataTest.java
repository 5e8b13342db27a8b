package dev.tgstream.telegram.media;

import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.MediaFile;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

@ExtendWith(VertxExtension.class)
class Mp4MetadataTest {

  @TempDir
  Path temp;

  // ---- a real file made by ffmpeg ----

  @Test
  void probesAFileMadeByFfmpeg() throws Exception {
    Path mp4 = ffmpegTestClip(temp.resolve("clip.mp4"));
    MediaInfo result = MediaFixtures.probe("video/mp4", mp4);
    assertNotNull(result.duration(), "duration");
    assertEquals(2.0, result.duration(), 0.05);
    assertEquals(160, result.width());
    assertEquals(120, result.height());
  }

  /** Fails (does not skip) without ffmpeg: CI must have it, and the message says how to get it. */
  static Path ffmpegTestClip(Path out) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
          "testsrc=duration=2:size=160x120:rate=10", "-pix_fmt", "yuv420p", "-c:v", "libx264", out.toString())
          .redirectErrorStream(true)
          .start();
    } catch (IOException e) {
      return fail("ffmpeg is not on PATH; run scripts/test-tools.sh to install the test tools (" + e.getMessage() + ")");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      return fail("ffmpeg could not make the test clip; run scripts/test-tools.sh. Output: " + output);
    }
    return out;
  }

  // ---- hand-built box trees ----

  @Test
  void parsesVersion0BoxesAndPicksTheVideoTrack() {
    byte[] file = concat(
        box("ftyp", ascii("isom"), int32(512), ascii("isommp41")),
        box("mdat", new byte[1000]),
        box("moov",
            mvhd0(1000, 5500),
            trak(tkhd0(0, 0), media("soun")),
            trak(tkhd0(1920, 1080), media("vide")),
            trak(tkhd0(640, 360), media("vide"))));
    assertEquals(new MediaInfo(5.5, 1920, 1080), Mp4Metadata.probe(file));
  }

  @Test
  void parsesVersion1MvhdAndLargeSizeBoxes() {
    byte[] file = concat(
        box("ftyp", ascii("isom"), int32(0)),
        largeBox("mdat", new byte[3000]),
        largeBox("moov",
            mvhd1(90_000, 90_000L * 3600 * 5),
            trak(tkhd1(1280, 720), media("vide"))));
    assertEquals(new MediaInfo(18000.0, 1280, 720), Mp4Metadata.probe(file));
  }

  @Test
  void moovFirstAndSizeZeroMeaningToTheEnd() {
    byte[] moov = box("moov", mvhd0(600, 300), trak(tkhd0(320, 240), media("vide")));
    byte[] lastBoxToEnd = concat(box("ftyp", ascii("qt  ")), box("free", new byte[16]), sizeZero(moov));
    assertEquals(new MediaInfo(0.5, 320, 240), Mp4Metadata.probe(lastBoxToEnd));
    byte[] faststart = concat(box("ftyp", ascii("isom")), moov, box("mdat", new byte[100]));
    assertEquals(new MediaInfo(0.5, 320, 240), Mp4Metadata.probe(faststart));
  }

  @Test
  void audioOnlyHasDurationButNoSize() {
    byte[] file = concat(box("ftyp", ascii("M4A ")), box("moov", mvhd0(44100, 441000), trak(tkhd0(0, 0), media("soun"))));
    assertEquals(new MediaInfo(10.0, null, null), Mp4Metadata.probe(file));
  }

  @Test
  void trackWithoutHandlerStillGivesItsSize() {
    byte[] file = concat(box("ftyp", ascii("isom")), box("moov", mvhd0(1000, 1000), trak(tkhd0(100, 50))));
    assertEquals(new MediaInfo(1.0, 100, 50), Mp4Metadata.probe(file));
  }

  @Test
  void unknownOrZeroDurationIsNull() {
    byte[] unknown = concat(box("ftyp", ascii("isom")), box("moov", mvhd0(1000, 0xFFFFFFFFL)));
    assertEquals(MediaInfo.NONE, Mp4Metadata.probe(unknown));
    byte[] fragmented = concat(box("ftyp", ascii("isom")), box("moov", mvhd0(1000, 0)));
    assertEquals(MediaInfo.NONE, Mp4Metadata.probe(fragmented));
    byte[] noTimescale = concat(box("ftyp", ascii("isom")), box("moov", mvhd0(0, 1000)));
    assertEquals(MediaInfo.NONE, Mp4Metadata.probe(noTimescale));
  }

  @Test
  void malformedInputYieldsNothingAndNeverThrows() {
    byte[] good = concat(box("ftyp", ascii("isom")), box("moov", mvhd0(1000, 2000), trak(tkhd0(16, 16), media("vide"))));
    List<byte[]> bad = List.of(
        new byte[0],
        new byte[7],
        ascii("this is not an mp4 file at all, just text"),
        Arrays.copyOf(good, good.length - 10),
        Arrays.copyOf(good, 20),
        concat(int32(4), ascii("ftyp")),
        concat(int32(1), ascii("mdat"), int64(-5)),
        concat(int32(1), ascii("mdat")),
        concat(box("ftyp", ascii("isom")), int32(1_000_000), ascii("moov"), new byte[100]),
        concat(box("ftyp", ascii("isom")), box("moov", box("mvhd", new byte[3]))),
        concat(box("ftyp", ascii("isom")), box("moov", box("trak", box("tkhd", new byte[10])))),
        concat(box("ftyp", ascii("isom")), new byte[] {0, 0, 0, 16, 1, 2, 3, 4}, new byte[8]));
    for (int i = 0; i < bad.size(); i++) {
      MediaInfo result = Mp4Metadata.probe(bad.get(i));
      assertNull(result.duration(), "case " + i);
    }
    assertEquals(new MediaInfo(2.0, 16, 16), Mp4Metadata.probe(good));
  }

  @Test
  void refusesAMoovLargerThanTheReadLimit() {
    byte[] huge = concat(box("ftyp", ascii("isom")),
        box("moov", mvhd0(1000, 1000), box("free", new byte[Mp4Metadata.MAX_MOOV_BYTES])));
    assertEquals(MediaInfo.NONE, Mp4Metadata.probe(huge));
  }

  @Test
  void missingOrUnreadableFileYieldsNothing() throws IOException {
    assertEquals(MediaInfo.NONE, MediaFixtures.probe("video/mp4", temp.resolve("absent.mp4")));
    Path file = Files.write(temp.resolve("made.mp4"),
        concat(box("ftyp", ascii("isom")), box("mdat", new byte[70_000]), box("moov", mvhd0(10, 25))));
    assertEquals(new MediaInfo(2.5, null, null), MediaFixtures.probe("video/mp4", file));
  }

  // ---- box builders ----

  private static byte[] box(String type, byte[]... body) {
    byte[] content = concat(body);
    return concat(int32(8 + content.length), ascii(type), content);
  }

  private static byte[] largeBox(String type, byte[]... body) {
    byte[] content = concat(body);
    return concat(int32(1), ascii(type), int64(16L + content.length), content);
  }

  private static byte[] sizeZero(byte[] box) {
    byte[] copy = box.clone();
    copy[0] = copy[1] = copy[2] = copy[3] = 0;
    return copy;
  }

  private static byte[] mvhd0(int timescale, long duration) {
    return box("mvhd", new byte[] {0, 0, 0, 0}, int32(0), int32(0), int32(timescale), int32((int) duration),
        new byte[80]);
  }

  private static byte[] mvhd1(int timescale, long duration) {
    return box("mvhd", new byte[] {1, 0, 0, 0}, int64(0), int64(0), int32(timescale), int64(duration),
        new byte[80]);
  }

  /** tkhd version 0: flags, times, track id, reserved, duration, then 52 bytes before width/height. */
  private static byte[] tkhd0(int width, int height) {
    return box("tkhd", new byte[] {0, 0, 0, 7}, int32(0), int32(0), int32(1), int32(0), int32(100), new byte[52],
        int32(width << 16), int32(height << 16));
  }

  private static byte[] tkhd1(int width, int height) {
    return box("tkhd", new byte[] {1, 0, 0, 7}, int64(0), int64(0), int32(1), int32(0), int64(100), new byte[52],
        int32(width << 16), int32(height << 16));
  }

  private static byte[] media(String handler) {
    return box("mdia", box("mdhd", new byte[24]),
        box("hdlr", new byte[] {0, 0, 0, 0}, int32(0), ascii(handler), new byte[12], ascii("handler\0")));
  }

  private static byte[] trak(byte[]... children) {
    return box("trak", children);
  }

  private static byte[] int32(int value) {
    return ByteBuffer.allocate(4).putInt(value).array();
  }

  private static byte[] int64(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
