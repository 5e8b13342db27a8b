package dev.tgstream.telegram.media;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Embedded covers come out byte for byte as ffmpeg put them in, through aligned part reads. */
class CoverArtTest {

  @TempDir
  static Path dir;
  static byte[] jpeg;
  static byte[] png;

  @BeforeAll
  static void makeFixtures() throws Exception {
    Path cover = MediaFixtures.ffmpeg(dir.resolve("cover.jpg"), "-f", "lavfi", "-i", "color=red:size=64x48",
        "-frames:v", "1");
    Path coverPng = MediaFixtures.ffmpeg(dir.resolve("cover.png"), "-f", "lavfi", "-i", "color=blue:size=32x32",
        "-frames:v", "1");
    jpeg = Files.readAllBytes(cover);
    png = Files.readAllBytes(coverPng);
    String tune = "sine=duration=1";
    MediaFixtures.ffmpeg(dir.resolve("v23.mp3"), "-f", "lavfi", "-i", tune, "-i", cover.toString(), "-map", "0",
        "-map", "1", "-c:a", "libmp3lame", "-c:v", "copy", "-id3v2_version", "3",
        "-metadata:s:v", "comment=Cover (front)", "-metadata:s:v", "title=Front");
    MediaFixtures.ffmpeg(dir.resolve("v24.mp3"), "-f", "lavfi", "-i", tune, "-i", coverPng.toString(), "-map", "0",
        "-map", "1", "-c:a", "libmp3lame", "-c:v", "copy", "-id3v2_version", "4",
        "-metadata:s:v", "comment=Cover (front)");
    MediaFixtures.ffmpeg(dir.resolve("tune.m4a"), "-f", "lavfi", "-i", tune, "-i", cover.toString(), "-map", "0",
        "-map", "1", "-c:a", "aac", "-c:v", "copy", "-disposition:v", "attached_pic");
    MediaFixtures.ffmpeg(dir.resolve("tune.flac"), "-f", "lavfi", "-i", tune, "-i", coverPng.toString(), "-map", "0",
        "-map", "1", "-c:a", "flac", "-c:v", "copy", "-disposition:v", "attached_pic",
        "-metadata:s:v", "comment=Cover (front)");
    MediaFixtures.ffmpeg(dir.resolve("bare.mp3"), "-f", "lavfi", "-i", tune, "-c:a", "libmp3lame");
  }

  @ParameterizedTest
  @CsvSource({
      "v23.mp3, audio/mpeg, jpeg",
      "v24.mp3, audio/mpeg, png",
      "tune.m4a, audio/mp4, jpeg",
      "tune.flac, audio/flac, png"})
  void findsTheEmbeddedCover(String name, String mime, String kind) throws Exception {
    Optional<Picture> picture = cover(mime, Files.readAllBytes(dir.resolve(name)));
    assertTrue(picture.isPresent(), name);
    assertEquals("image/" + kind, picture.get().mime());
    assertArrayEquals(kind.equals("jpeg") ? jpeg : png, picture.get().bytes(), name);
  }

  @Test
  void noCoverNoPictureAndBrokenTagsDoNotThrow() throws Exception {
    assertTrue(cover("audio/mpeg", Files.readAllBytes(dir.resolve("bare.mp3"))).isEmpty());
    byte[] whole = Files.readAllBytes(dir.resolve("v23.mp3"));
    // Cut inside the tag: the picture is not whole, so there is none.
    for (int cut : new int[] {0, 5, 10, 30, 200, jpeg.length}) {
      assertTrue(cover("audio/mpeg", Arrays.copyOf(whole, cut)).isEmpty(), "cut " + cut);
    }
    byte[] lying = whole.clone();
    lying[6] = 0x7f; // a tag size far beyond the file
    assertTrue(cover("audio/mpeg", lying).isEmpty());
  }

  private static Optional<Picture> cover(String mime, byte[] bytes) throws Exception {
    Path file = Files.write(dir.resolve("probe.bin"), bytes);
    try {
      return PartReads.runBlocking(new PartView(bytes.length, MediaProbe.PART_SIZE), CoverArt.BUDGET_BYTES,
          (offset, length) -> MediaFixtures.readAligned(file, offset, length), CoverArt.parserFor(mime));
    } catch (MalformedMedia e) {
      return Optional.empty();
    }
  }
}
