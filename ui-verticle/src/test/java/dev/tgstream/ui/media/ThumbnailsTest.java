package dev.tgstream.ui.media;

import dev.tgstream.ui.UiTestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Cards get pictures: a video frame made by ffmpeg over the stream URL, an MP3's embedded cover; others none. */
@ExtendWith(VertxExtension.class)
class ThumbnailsTest {

  @TempDir
  Path root;
  byte[] cover;

  private void library() throws Exception {
    Path clips = Files.createDirectories(root.resolve("library/Clips"));
    Path coverFile = Ffmpeg.make(root.resolve("cover.jpg"), "-f", "lavfi", "-i", "color=green:size=40x30",
        "-frames:v", "1");
    cover = Files.readAllBytes(coverFile);
    Ffmpeg.make(clips.resolve("clip.webm"), "-f", "lavfi", "-i", "testsrc=duration=3:size=176x144:rate=10",
        "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "200k");
    Ffmpeg.make(clips.resolve("song.mp3"), "-f", "lavfi", "-i", "sine=duration=1", "-i", coverFile.toString(),
        "-map", "0", "-map", "1", "-c:a", "libmp3lame", "-c:v", "copy", "-id3v2_version", "3");
    Ffmpeg.make(clips.resolve("plain.mp3"), "-f", "lavfi", "-i", "sine=duration=1", "-c:a", "libmp3lame");
    Files.writeString(clips.resolve("notes.pdf"), "%PDF-1.4");
  }

  @Test
  void videoFrameAndCoverArtAreServedAndCached(Vertx vertx, VertxTestContext ctx) throws Exception {
    library();
    Map<String, JsonObject> cards = new HashMap<>();
    UiTestServer.start(vertx, root).compose(server -> server.cookieFor(UiTestServer.ADMIN, UiTestServer.ADMIN_PASSWORD)
        .compose(cookie -> cards(server, cookie).compose(found -> {
          cards.putAll(found);
          return Future.all(
              server.get(found.get("clip.webm").getString("thumbnailUrl"), cookie),
              server.get(found.get("song.mp3").getString("thumbnailUrl"), cookie),
              server.get(found.get("plain.mp3").getString("thumbnailUrl"), cookie));
        }).compose(all -> {
          HttpResponse<Buffer> frame = all.resultAt(0);
          HttpResponse<Buffer> art = all.resultAt(1);
          HttpResponse<Buffer> none = all.resultAt(2);
          ctx.verify(() -> {
            assertEquals(200, frame.statusCode(), frame.bodyAsString());
            assertEquals("image/jpeg", frame.getHeader("Content-Type"));
            Path jpeg = Files.write(root.resolve("frame.jpg"), frame.body().getBytes());
            assertEquals("176", Ffmpeg.videoEntry(jpeg, "width"));
            assertEquals("mjpeg", Ffmpeg.videoEntry(jpeg, "codec_name"));
            assertEquals(200, art.statusCode());
            assertEquals("image/jpeg", art.getHeader("Content-Type"));
            assertArrayEquals(cover, art.body().getBytes());
            assertEquals(404, none.statusCode());
            assertNull(cards.get("notes.pdf").getValue("thumbnailUrl"));
            // Both pictures were made once and kept in DATA_DIR.
            try (Stream<Path> kept = Files.list(server.dataDir.resolve("thumbnails"))) {
              assertEquals(2, kept.count());
            }
          });
          return cards(server, cookie);
        }).map(again -> {
          ctx.verify(() -> {
            // A file known to have no picture keeps its icon rather than asking again.
            assertNull(again.get("plain.mp3").getValue("thumbnailUrl"));
            assertNotNull(again.get("clip.webm").getString("thumbnailUrl"));
          });
          return server;
        })))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void withoutFfmpegVideosKeepTheirIcon(Vertx vertx, VertxTestContext ctx) throws Exception {
    library();
    UiTestServer.start(vertx, root, UiTestServer.defaultConfig(root),
            MediaOptions.DEFAULTS.withFfmpeg("tgstream-no-such-ffmpeg"))
        .compose(server -> server.cookieFor(UiTestServer.ADMIN, UiTestServer.ADMIN_PASSWORD)
            .compose(cookie -> cards(server, cookie).compose(found -> {
              ctx.verify(() -> {
                assertNull(found.get("clip.webm").getValue("thumbnailUrl"));
                // Covers need no ffmpeg.
                assertNotNull(found.get("song.mp3").getString("thumbnailUrl"));
              });
              return server.get("/api/files/" + found.get("clip.webm").getString("id") + "/thumbnail", cookie);
            }))
            .map(resp -> {
              ctx.verify(() -> assertEquals(404, resp.statusCode()));
              return resp;
            }))
        .onComplete(ctx.succeedingThenComplete());
  }

  private static Future<Map<String, JsonObject>> cards(UiTestServer server, String cookie) {
    return server.channelId(cookie, "Clips")
        .compose(id -> server.get("/api/channels/" + id + "/files", cookie))
        .map(resp -> {
          Map<String, JsonObject> byName = new HashMap<>();
          JsonArray items = resp.bodyAsJsonObject().getJsonArray("items");
          items.forEach(o -> byName.put(((JsonObject) o).getString("name"), (JsonObject) o));
          return byName;
        });
  }
}
