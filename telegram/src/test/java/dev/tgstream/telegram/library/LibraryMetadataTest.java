package dev.tgstream.telegram.library;

import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.media.MediaFixtures;
import dev.tgstream.telegram.media.MediaInfo;
import dev.tgstream.telegram.media.MediaProbe;
import dev.tgstream.telegram.simulated.SimulatedGateway;
import dev.tgstream.telegram.simulated.SimulationConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The library's listing carries the probes' metadata; the same probe works through any gateway's part reads. */
@ExtendWith(VertxExtension.class)
class LibraryMetadataTest {

  @TempDir
  static Path temp;
  static Path clips;

  @BeforeAll
  static void makeClips() throws Exception {
    clips = Files.createDirectories(temp.resolve("lib/Clips"));
    String video = "testsrc=duration=2:size=160x120:rate=10";
    MediaFixtures.ffmpeg(clips.resolve("clip.mp4"), "-f", "lavfi", "-i", video, "-pix_fmt", "yuv420p",
        "-c:v", "libx264", "-preset", "ultrafast");
    MediaFixtures.ffmpeg(clips.resolve("clip.mkv"), "-f", "lavfi", "-i", video.replace("160x120", "128x96"),
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");
    MediaFixtures.ffmpeg(clips.resolve("song.mp3"), "-f", "lavfi", "-i", "sine=duration=1.5", "-c:a", "libmp3lame");
    Files.writeString(clips.resolve("notes.pdf"), "%PDF-1.4 not really");
  }

  @Test
  void listingCarriesDurationAndSizeOfEveryKnownContainer(Vertx vertx, VertxTestContext ctx) throws Exception {
    Map<String, MediaInfo> expected = Map.of(
        "clip.mp4", MediaFixtures.ffprobe(clips.resolve("clip.mp4")),
        "clip.mkv", MediaFixtures.ffprobe(clips.resolve("clip.mkv")),
        "song.mp3", MediaFixtures.ffprobe(clips.resolve("song.mp3")));
    LibraryGateway.open(vertx, temp.resolve("lib"))
        .compose(g -> g.files("d" + LibraryIds.encode("Clips"), FileQuery.all()).eventually(g::close))
        .onComplete(ctx.succeeding(page -> ctx.verify(() -> {
          Map<String, MediaFile> byName = page.items().stream()
              .collect(Collectors.toMap(MediaFile::name, f -> f));
          expected.forEach((name, info) -> {
            MediaFile f = byName.get(name);
            assertEquals(info.duration(), f.duration(), 0.0015, name);
            assertEquals(info.width(), f.width(), name);
            assertEquals(info.height(), f.height(), name);
          });
          assertNull(byName.get("notes.pdf").duration());
          ctx.completeNow();
        })));
  }

  @Test
  void probesThroughAnyGatewaysAlignedPartReads(Vertx vertx, VertxTestContext ctx) throws Exception {
    MediaInfo expected = MediaFixtures.ffprobe(clips.resolve("clip.mkv"));
    // The simulator refuses any read that breaks Telegram's alignment rules, and answers asynchronously.
    SimulationConfig telegramLike = SimulationConfig.parse("latency_ms=0,part_kib=64,conn_kibps=0,max_parallel=4");
    LibraryGateway.open(vertx, temp.resolve("lib")).compose(library -> {
      TelegramGateway gateway = new SimulatedGateway(vertx, library, telegramLike);
      return gateway.files("d" + LibraryIds.encode("Clips"), FileQuery.all())
          .compose(page -> MediaProbe.probe(gateway, page.items().stream()
              .filter(f -> f.name().equals("clip.mkv")).findFirst().orElseThrow()))
          .eventually(library::close);
    }).onComplete(ctx.succeeding((MediaInfo info) -> ctx.verify(() -> {
      assertEquals(expected.duration(), info.duration(), 0.0015);
      assertEquals(128, info.width());
      assertEquals(96, info.height());
      ctx.completeNow();
    })));
  }
}
