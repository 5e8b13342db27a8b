package dev.tgstream.telegram.library;

import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.SubtitleFile;
import dev.tgstream.telegram.media.SidecarSubtitleName;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Subtitle files beside a video belong to it: not listed on their own, offered with the video. */
@ExtendWith(VertxExtension.class)
class SidecarSubtitlesTest {

  @TempDir
  Path temp;

  @Test
  void sidecarsAreHiddenAndBelongToTheirVideo(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path dir = Files.createDirectories(temp.resolve("lib/Films"));
    for (String name : List.of("movie.mp4", "movie.srt", "movie.en.srt", "Movie.forced.fr.vtt", "movie.mp4.de.srt",
        "other.mkv", "orphan.srt", "movie.part2.mp4", "movie.part2.es.srt")) {
      Files.writeString(dir.resolve(name), name);
    }
    LibraryGateway.open(vertx, temp.resolve("lib")).compose(g -> g.files("d" + LibraryIds.encode("Films"),
            FileQuery.all())
        .compose(page -> {
          ctx.verify(() -> assertEquals(List.of("movie.mp4", "movie.part2.mp4", "orphan.srt", "other.mkv"),
              page.items().stream().map(MediaFile::name).sorted().toList()));
          String movie = page.items().stream().filter(f -> f.name().equals("movie.mp4")).findFirst().orElseThrow()
              .id();
          return g.subtitleFiles(movie);
        })
        .compose(subs -> {
          ctx.verify(() -> {
            assertEquals(List.of("Movie.forced.fr.vtt", "movie.en.srt", "movie.mp4.de.srt", "movie.srt"),
                subs.stream().map(SubtitleFile::name).toList());
            assertEquals("movie.en.srt".length(), subs.get(1).size());
          });
          return g.readPart(subs.get(1).fileId(), 0, 4096);
        })
        .eventually(g::close))
        .onComplete(ctx.succeeding(bytes -> ctx.verify(() -> {
          assertEquals("movie.en.srt", bytes.toString());
          ctx.completeNow();
        })));
  }

  @Test
  void namesSayLanguageAndFlags() {
    assertEquals(new SidecarSubtitleName("fr", true, false, "French (forced)"),
        SidecarSubtitleName.parse("movie.mp4", "Movie.forced.fr.vtt"));
    assertEquals(new SidecarSubtitleName("en", false, true, "English (SDH)"),
        SidecarSubtitleName.parse("movie.mp4", "movie.eng.sdh.srt"));
    assertEquals(new SidecarSubtitleName("pt-BR", false, false, "Portuguese (Brazil)"),
        SidecarSubtitleName.parse("movie.mp4", "movie.mp4.pt-BR.srt"));
    assertEquals(new SidecarSubtitleName(null, false, false, "Subtitles"),
        SidecarSubtitleName.parse("movie.mp4", "movie.srt"));
    assertEquals(new SidecarSubtitleName("de", false, false, "German – commentary"),
        SidecarSubtitleName.parse("movie.mp4", "movie.ger.commentary.srt"));
  }
}
