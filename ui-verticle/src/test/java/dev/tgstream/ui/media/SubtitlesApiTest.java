package dev.tgstream.ui.media;

import dev.tgstream.ui.UiTestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The details list a video's sidecar and embedded subtitles; each is served as exact WebVTT. */
@ExtendWith(VertxExtension.class)
class SubtitlesApiTest {

  @TempDir
  Path root;

  @Test
  void sidecarAndEmbeddedTracksAreListedAndServedAsWebVtt(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path films = Files.createDirectories(root.resolve("library/Films"));
    String srt = "1\n00:00:00,500 --> 00:00:01,750\nPremière réplique\n\n2\n00:00:02,000 --> 00:00:03,000\nDeux\n";
    Path srtFile = Files.writeString(root.resolve("in.srt"), srt, StandardCharsets.UTF_8);
    String[] video = {"-f", "lavfi", "-i", "testsrc=duration=4:size=160x120:rate=10"};
    Ffmpeg.make(films.resolve("movie.mp4"), video[0], video[1], video[2], video[3], "-c:v", "libx264", "-preset",
        "ultrafast", "-pix_fmt", "yuv420p");
    // A Latin-1 sidecar, as old SRT files often are.
    Files.write(films.resolve("movie.fr.srt"), srt.getBytes(StandardCharsets.ISO_8859_1));
    Ffmpeg.make(films.resolve("inside.mkv"), video[0], video[1], video[2], video[3], "-i", srtFile.toString(),
        "-map", "0", "-map", "1", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:s", "srt",
        "-metadata:s:s:0", "language=ger");
    String expected = "WEBVTT\n\n00:00:00.500 --> 00:00:01.750\nPremière réplique\n\n"
        + "00:00:02.000 --> 00:00:03.000\nDeux\n\n";
    UiTestServer.start(vertx, root).compose(server -> server.cookieFor(UiTestServer.ADMIN,
            UiTestServer.ADMIN_PASSWORD)
        .compose(cookie -> server.channelId(cookie, "Films")
            .compose(channel -> server.get("/api/channels/" + channel + "/files", cookie))
            .compose(page -> {
              JsonArray items = page.bodyAsJsonObject().getJsonArray("items");
              ctx.verify(() -> assertEquals(2, items.size(), "the sidecar is not listed: " + items.encode()));
              return Future.all(details(server, cookie, "Films", "movie.mp4"),
                  details(server, cookie, "Films", "inside.mkv"));
            })
            .compose(all -> {
              JsonObject movie = all.resultAt(0);
              JsonObject inside = all.resultAt(1);
              JsonObject sidecar = movie.getJsonArray("subtitles").getJsonObject(0);
              JsonObject embedded = inside.getJsonArray("subtitles").getJsonObject(0);
              ctx.verify(() -> {
                assertEquals(1, movie.getJsonArray("subtitles").size());
                assertEquals("fr", sidecar.getString("language"));
                assertEquals("French", sidecar.getString("label"));
                assertEquals("de", embedded.getString("language"));
                assertEquals("German", embedded.getString("label"));
                assertTrue(embedded.getString("url").endsWith("/subtitles/t3.vtt")
                    || embedded.getString("url").matches(".*/subtitles/t\\d+\\.vtt"));
              });
              return Future.all(server.get(sidecar.getString("url"), cookie),
                  server.get(embedded.getString("url"), cookie),
                  server.get(sidecar.getString("url").replace("/subtitles/s", "/subtitles/sX"), cookie),
                  server.get(sidecar.getString("url"), null));
            })
            .map(all -> {
              ctx.verify(() -> {
                for (int i = 0; i < 2; i++) {
                  io.vertx.ext.web.client.HttpResponse<?> r = all.resultAt(i);
                  assertEquals(200, r.statusCode());
                  assertEquals("text/vtt; charset=utf-8", r.getHeader("Content-Type"));
                  assertEquals(expected, r.bodyAsString());
                }
                assertEquals(404, ((io.vertx.ext.web.client.HttpResponse<?>) all.resultAt(2)).statusCode());
                assertEquals(401, ((io.vertx.ext.web.client.HttpResponse<?>) all.resultAt(3)).statusCode());
              });
              return all;
            })))
        .onComplete(ctx.succeedingThenComplete());
  }

  private static Future<JsonObject> details(UiTestServer server, String cookie, String channel, String name) {
    return server.fileId(cookie, channel, name).compose(id -> server.get("/api/files/" + id, cookie))
        .map(r -> r.bodyAsJsonObject());
  }
}
