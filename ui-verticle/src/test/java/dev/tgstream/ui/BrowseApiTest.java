package dev.tgstream.ui;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.tgstream.ui.UiTestServer.VIEWER;
import static dev.tgstream.ui.UiTestServer.VIEWER_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Channels, file pages, details with links, thumbnails and playlists over a real library folder. */
@ExtendWith(VertxExtension.class)
class BrowseApiTest {

  private UiTestServer server;
  private String cookie;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    UiTestServer.start(vertx, dir).compose(s -> {
      server = s;
      return s.cookieFor(VIEWER, VIEWER_PASSWORD);
    }).onComplete(tc.succeeding(c -> {
      cookie = c;
      tc.completeNow();
    }));
  }

  private static List<String> names(HttpResponse<Buffer> resp) {
    JsonArray items = resp.bodyAsJsonObject().getJsonArray("items");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      names.add(items.getJsonObject(i).getString("name"));
    }
    return names;
  }

  @Test
  void channelsListTitlesAndCounts(VertxTestContext tc) {
    server.get("/api/channels", cookie).onComplete(tc.succeeding(resp -> tc.verify(() -> {
      assertEquals(200, resp.statusCode());
      assertTrue(resp.getHeader("Content-Type").startsWith("application/json"));
      JsonArray items = resp.bodyAsJsonObject().getJsonArray("items");
      assertEquals(2, items.size(), items.encode());
      JsonObject movies = items.getJsonObject(0);
      assertEquals("Movies", movies.getString("title"));
      assertEquals(5, movies.getInteger("count"));
      assertTrue(movies.getString("id").matches("[A-Za-z0-9_-]+"));
      assertEquals("Music", items.getJsonObject(1).getString("title"));
      tc.completeNow();
    })));
  }

  @Test
  void browseNeedsASession(VertxTestContext tc) {
    server.get("/api/channels", null).onComplete(tc.succeeding(resp -> tc.verify(() -> {
      assertEquals(401, resp.statusCode());
      tc.completeNow();
    })));
  }

  @Test
  void filesAreFilteredSortedAndPaged(VertxTestContext tc) {
    server.channelId(cookie, "Movies").compose(movies -> {
      String base = "/api/channels/" + movies + "/files";
      return server.get(base + "?type=video&sort=name", cookie).compose(videos -> {
        assertEquals(200, videos.statusCode());
        assertEquals(List.of("alpha.mp4", "beta film.mkv"), names(videos));
        JsonObject alpha = videos.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
        assertEquals(300_000L, alpha.getLong("size"));
        assertEquals("video/mp4", alpha.getString("mime"));
        assertEquals("video", alpha.getString("type"));
        assertNotNull(alpha.getString("date"));
        assertTrue(alpha.containsKey("duration"));
        assertEquals("/api/files/" + alpha.getString("id") + "/thumbnail", alpha.getString("thumbnailUrl"));
        JsonObject beta = videos.bodyAsJsonObject().getJsonArray("items").getJsonObject(1);
        assertNull(beta.getString("thumbnailUrl"));
        assertNull(videos.bodyAsJsonObject().getString("next"));
        assertTrue(videos.bodyAsJsonObject().containsKey("next"));
        return server.get(base + "?sort=size&limit=2", cookie);
      }).compose(first -> {
        assertEquals(List.of("alpha.mp4", "beta film.mkv"), names(first));
        String next = first.bodyAsJsonObject().getString("next");
        assertNotNull(next);
        return server.get(base + "?sort=size&limit=2&cursor=" + URLEncoder.encode(next, StandardCharsets.UTF_8), cookie);
      }).compose(second -> {
        assertEquals(List.of("theme.mp3", "notes.pdf"), names(second));
        return server.get(base + "?q=THEME", cookie);
      }).map(search -> {
        assertEquals(List.of("theme.mp3"), names(search));
        return null;
      });
    }).onComplete(tc.succeedingThenComplete());
  }

  @Test
  void badListingParametersAre400NamingTheParameter(VertxTestContext tc) {
    Map<String, String> cases = Map.of(
        "type=movie", "type",
        "sort=rating", "sort",
        "limit=0", "limit",
        "limit=201", "limit",
        "limit=ten", "limit",
        "q=" + "x".repeat(201), "q ",
        "cursor=not-a-cursor", "cursor",
        "cursor=%0A", "cursor");
    Checkpoint checked = tc.checkpoint(cases.size() + 2);
    server.channelId(cookie, "Movies").onComplete(tc.succeeding(movies -> {
      cases.forEach((query, parameter) -> server.get("/api/channels/" + movies + "/files?" + query, cookie)
          .onComplete(tc.succeeding(resp -> tc.verify(() -> {
            assertEquals(400, resp.statusCode(), query + ": " + resp.bodyAsString());
            assertEquals("application/problem+json", resp.getHeader("Content-Type"));
            assertTrue(resp.bodyAsJsonObject().getString("detail").startsWith(parameter.strip()),
                query + ": " + resp.bodyAsJsonObject().getString("detail"));
            checked.flag();
          }))));
      server.get("/api/channels/nope/files", cookie).onComplete(tc.succeeding(resp -> tc.verify(() -> {
        assertEquals(404, resp.statusCode());
        assertTrue(resp.bodyAsJsonObject().getString("detail").contains("channel"));
        checked.flag();
      })));
      server.get("/api/channels/bad%20id/files", cookie).onComplete(tc.succeeding(resp -> tc.verify(() -> {
        assertEquals(404, resp.statusCode());
        checked.flag();
      })));
    }));
  }

  @Test
  void fileDetailsCarryAbsoluteLinksAndPlayerLinks(VertxTestContext tc) {
    server.fileId(cookie, "Movies", "alpha.mp4").compose(id -> server.get("/api/files/" + id, cookie).map(resp -> {
      assertEquals(200, resp.statusCode());
      JsonObject f = resp.bodyAsJsonObject();
      assertEquals(id, f.getString("id"));
      assertEquals("alpha.mp4", f.getString("name"));
      assertEquals(300_000L, f.getLong("size"));
      assertEquals("video/mp4", f.getString("mime"));
      assertEquals("Alpha, the first film", f.getString("caption"));
      assertEquals("Movies", f.getJsonObject("channel").getString("title"));
      assertNotNull(f.getJsonObject("channel").getString("id"));
      for (String key : List.of("duration", "width", "height", "date")) {
        assertTrue(f.containsKey(key), key);
      }
      String stream = f.getString("streamUrl");
      String download = f.getString("downloadUrl");
      assertTrue(stream.startsWith(server.origin() + "/stream/"), stream);
      assertTrue(stream.endsWith("/alpha.mp4"), stream);
      assertTrue(download.startsWith(server.origin() + "/stream/"), download);
      assertNotEquals(stream, download);
      assertNull(f.getValue("servedBy"), "colocated: one path, no 'which path serves' badge");
      JsonObject links = f.getJsonObject("playerLinks");
      // What works on each platform; no vlc:// or mpv:// (no player registers them on a desktop).
      assertEquals(java.util.Set.of("url", "vlc", "mxPlayer", "mxPlayerPro", "m3u", "mpvCommand", "vlcCommand",
          "expiresAt"),
          links.fieldNames());
      assertFalse(links.encode().contains("vlc://") || links.encode().contains("mpv://"));
      assertEquals(stream, links.getString("url"));
      String withoutScheme = stream.substring("http:".length());
      assertEquals("intent:" + withoutScheme + "#Intent;package=org.videolan.vlc;type=video/mp4;"
          + "scheme=http;S.title=alpha.mp4;end", links.getString("vlc"));
      assertEquals("intent:" + withoutScheme + "#Intent;package=com.mxtech.videoplayer.ad;type=video/mp4;"
          + "scheme=http;S.title=alpha.mp4;end", links.getString("mxPlayer"));
      assertTrue(links.getString("mxPlayerPro").contains("package=com.mxtech.videoplayer.pro;"));
      assertTrue(links.getString("m3u").matches(java.util.regex.Pattern.quote(server.origin())
          + "/playlists/[^/]+/alpha\\.mp4\\.m3u"), links.getString("m3u"));
      return null;
    })).onComplete(tc.succeedingThenComplete());
  }

  @Test
  void linksFollowTheProxyOrPublicUrl(Vertx vertx, @TempDir Path other, VertxTestContext tc) {
    server.fileId(cookie, "Movies", "alpha.mp4").compose(id -> server.request(HttpMethod.GET,
            "/api/files/" + id, cookie)
        .putHeader("X-Forwarded-Proto", "https")
        .putHeader("X-Forwarded-Host", "media.example.com")
        .send()
        .map(resp -> {
          JsonObject f = resp.bodyAsJsonObject();
          assertTrue(f.getString("streamUrl").startsWith("https://media.example.com/stream/"), f.encode());
          assertTrue(f.getJsonObject("playerLinks").getString("mxPlayer").startsWith("intent://media.example.com/"));
          assertTrue(f.getJsonObject("playerLinks").getString("mxPlayer").contains(";scheme=https;"));
          return id;
        }))
        .compose(id -> UiTestServer.start(vertx, other,
                UiTestServer.defaultConfig(other).withPublicUrl("https://tv.example.org/"))
            .compose(pub -> pub.cookieFor(VIEWER, VIEWER_PASSWORD)
                .compose(c -> pub.fileId(c, "Movies", "alpha.mp4").compose(pid -> pub.get("/api/files/" + pid, c)))))
        .onComplete(tc.succeeding(resp -> tc.verify(() -> {
          String stream = resp.bodyAsJsonObject().getString("streamUrl");
          assertTrue(stream.startsWith("https://tv.example.org/stream/"), stream);
          tc.completeNow();
        })));
  }

  @Test
  void unknownOrMalformedFileIdsAre404(VertxTestContext tc) {
    List<String> paths = List.of("/api/files/doesNotExist", "/api/files/bad%20id", "/api/files/doesNotExist/thumbnail",
        "/api/files/doesNotExist/playlist.m3u", "/api/channels/doesNotExist/playlist.m3u8");
    List<Future<HttpResponse<Buffer>>> calls = paths.stream().map(p -> server.get(p, cookie)).toList();
    Future.all(calls).onComplete(tc.succeeding(all -> tc.verify(() -> {
      for (int i = 0; i < paths.size(); i++) {
        HttpResponse<Buffer> resp = calls.get(i).result();
        assertEquals(404, resp.statusCode(), paths.get(i));
        assertEquals("application/problem+json", resp.getHeader("Content-Type"), paths.get(i));
      }
      tc.completeNow();
    })));
  }

  @Test
  void thumbnailIsServedWithItsTypeAndPrivateCaching(VertxTestContext tc) {
    server.fileId(cookie, "Movies", "alpha.mp4")
        .compose(id -> server.get("/api/files/" + id + "/thumbnail", cookie))
        .compose(resp -> {
          assertEquals(200, resp.statusCode());
          assertEquals("image/jpeg", resp.getHeader("Content-Type"));
          assertEquals("private, max-age=86400", resp.getHeader("Cache-Control"));
          return server.vertx.fileSystem().readFile(server.libraryDir.resolve("Movies/alpha.jpg").toString())
              .map(expected -> {
                assertArrayEquals(expected.getBytes(), resp.bodyAsBuffer().getBytes());
                return null;
              });
        })
        .compose(v -> server.fileId(cookie, "Movies", "beta film.mkv"))
        .compose(id -> server.get("/api/files/" + id + "/thumbnail", cookie))
        .onComplete(tc.succeeding(none -> tc.verify(() -> {
          assertEquals(404, none.statusCode());
          assertEquals("application/problem+json", none.getHeader("Content-Type"));
          tc.completeNow();
        })));
  }

  @Test
  void channelPlaylistListsEveryVideoAndAudioFileWithSignedUrls(VertxTestContext tc) {
    server.channelId(cookie, "Movies")
        .compose(movies -> server.get("/api/channels/" + movies + "/playlist.m3u8", cookie))
        .onComplete(tc.succeeding(resp -> tc.verify(() -> {
          assertEquals(200, resp.statusCode());
          assertTrue(resp.getHeader("Content-Type").startsWith("audio/x-mpegurl"));
          String disposition = resp.getHeader("Content-Disposition");
          assertTrue(disposition.startsWith("attachment;") && disposition.contains("Movies.m3u8"), disposition);
          List<String> lines = Arrays.asList(resp.bodyAsString().split("\n"));
          assertEquals("#EXTM3U", lines.get(0));
          List<String> extinf = new ArrayList<>();
          for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("#EXTINF:")) {
              extinf.add(lines.get(i));
              String url = lines.get(i + 1);
              assertTrue(url.startsWith(server.origin() + "/stream/"), url);
            }
          }
          assertEquals(List.of("#EXTINF:-1,alpha.mp4", "#EXTINF:-1,beta film.mkv", "#EXTINF:-1,theme.mp3"), extinf);
          tc.completeNow();
        })));
  }

  @Test
  void filePlaylistHasOneEntry(VertxTestContext tc) {
    server.fileId(cookie, "Music", "track.mp3")
        .compose(id -> server.get("/api/files/" + id + "/playlist.m3u", cookie))
        .onComplete(tc.succeeding(resp -> tc.verify(() -> {
          assertEquals(200, resp.statusCode());
          String[] lines = resp.bodyAsString().split("\n");
          assertEquals(3, lines.length, resp.bodyAsString());
          assertEquals("#EXTM3U", lines[0]);
          assertEquals("#EXTINF:-1,track.mp3", lines[1]);
          assertTrue(lines[2].startsWith(server.origin() + "/stream/") && lines[2].endsWith("/track.mp3"));
          assertTrue(resp.getHeader("Content-Disposition").contains("track.mp3.m3u"));
          tc.completeNow();
        })));
  }

  @Test
  void rawStreamIsMountedAndNeedsNoSession(VertxTestContext tc) {
    server.fileId(cookie, "Music", "track.mp3")
        .compose(id -> server.get("/api/files/" + id, cookie))
        .compose(details -> {
          String stream = details.bodyAsJsonObject().getString("streamUrl");
          String raw = stream.substring(server.origin().length()).replaceFirst("^/stream/", "/raw-stream/");
          return server.get(raw, null);
        })
        .compose(resp -> {
          // Served by the shared StreamHandler; the UI puts no login in front of it: the token is the capability.
          assertEquals(200, resp.statusCode());
          assertEquals("bytes", resp.getHeader("Accept-Ranges"));
          return server.vertx.fileSystem().readFile(server.libraryDir.resolve("Music/track.mp3").toString())
              .map(expected -> {
                assertArrayEquals(expected.getBytes(), resp.bodyAsBuffer().getBytes());
                return null;
              });
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void libraryFilesExist() throws Exception {
    // Guards the fixture the other tests rely on.
    assertTrue(Files.size(server.libraryDir.resolve("Movies/alpha.mp4")) > 0);
  }
}
