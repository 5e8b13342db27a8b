package dev.tgstream.ui.playlist;

import dev.tgstream.ui.UiTestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Playlists and subtitles behind signed links: no cookie needed, a chosen lifetime, forged or stale links refused. */
@ExtendWith(VertxExtension.class)
class PlaylistApiTest {

  @TempDir
  Path root;

  private Future<UiTestServer> server(Vertx vertx) throws Exception {
    Path films = Files.createDirectories(root.resolve("library/Films"));
    Files.write(films.resolve("one.mp4"), new byte[5000]);
    Files.write(films.resolve("two.mp3"), new byte[3000]);
    Files.writeString(films.resolve("one.en.srt"), "1\n00:00:01,000 --> 00:00:02,000\nHi\n");
    Files.writeString(films.resolve("notes.pdf"), "%PDF");
    return UiTestServer.start(vertx, root);
  }

  @Test
  void channelPlaylistOpensWithoutACookieForItsLifetime(Vertx vertx, VertxTestContext ctx) throws Exception {
    server(vertx).compose(server -> server.cookieFor(UiTestServer.ADMIN, UiTestServer.ADMIN_PASSWORD)
        .compose(cookie -> server.get("/api/channels", cookie).compose(channels -> {
          JsonObject films = channels.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
          String url = films.getString("playlistUrl");
          Instant expires = Instant.parse(films.getString("playlistExpiresAt"));
          ctx.verify(() -> {
            assertTrue(url.startsWith(server.origin() + "/playlists/") && url.endsWith("/Films.m3u"), url);
            long ttl = Duration.between(Instant.now(), expires).toSeconds();
            assertTrue(ttl > 12 * 3600 - 60 && ttl <= 12 * 3600, "default lifetime 12 h: " + ttl);
          });
          return Future.all(fetch(server, url, null), fetch(server, url, "Lavf/59.27.100"),
              fetch(server, tamper(url), null),
              server.get("/api/channels/" + films.getString("id") + "/playlist-link?ttl=3600", cookie),
              server.get("/api/channels/" + films.getString("id") + "/playlist-link?ttl=123", cookie),
              server.get("/api/channels/" + films.getString("id") + "/playlist-link?ttl=3600", null));
        }))
        .map(all -> {
          HttpResponse<Buffer> plain = all.resultAt(0);
          HttpResponse<Buffer> hls = all.resultAt(1);
          HttpResponse<Buffer> forged = all.resultAt(2);
          HttpResponse<Buffer> hour = all.resultAt(3);
          ctx.verify(() -> {
            assertEquals(200, plain.statusCode());
            assertEquals("audio/x-mpegurl; charset=utf-8", plain.getHeader("Content-Type"));
            List<String> lines = plain.bodyAsString().lines().toList();
            assertEquals("#EXTM3U", lines.get(0));
            assertEquals("#PLAYLIST:Films", lines.get(1));
            assertEquals("#EXTINF:-1,one.mp4", lines.get(2));
            // ExternalUrls#durable: this origin's stream path (a split UI's /raw-stream), never a remote's URL.
            assertTrue(lines.get(3).matches(java.util.regex.Pattern.quote(server.origin())
                + "/(raw-)?stream/[^/]+/one\\.mp4"), lines.get(3));
            assertEquals("#EXTINF:-1,two.mp3", lines.get(4));
            assertEquals(6, lines.size(), "video and audio only: " + lines);
            assertTrue(hls.bodyAsString().contains("#EXT-X-TARGETDURATION:1\n")
                && hls.bodyAsString().endsWith("#EXT-X-ENDLIST\n"), hls.bodyAsString());
            assertEquals(403, forged.statusCode());
            assertEquals(200, hour.statusCode());
            JsonObject link = hour.bodyAsJsonObject();
            assertEquals(3600, link.getLong("ttlSeconds"));
            long left = Duration.between(Instant.now(), Instant.parse(link.getString("expiresAt"))).toSeconds();
            assertTrue(left > 3540 && left <= 3600, "an hour: " + left);
            JsonArray choices = link.getJsonArray("choices");
            assertEquals(List.of(3600L, 43_200L, 86_400L, 604_800L, 2_592_000L),
                choices.stream().map(c -> ((JsonObject) c).getLong("ttlSeconds")).toList());
            assertEquals(400, ((HttpResponse<?>) all.resultAt(4)).statusCode());
            assertEquals(401, ((HttpResponse<?>) all.resultAt(5)).statusCode());
          });
          return all;
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void filePlaylistAndSubtitlesOpenWithoutACookie(Vertx vertx, VertxTestContext ctx) throws Exception {
    server(vertx).compose(server -> server.cookieFor(UiTestServer.ADMIN, UiTestServer.ADMIN_PASSWORD)
        .compose(cookie -> server.fileId(cookie, "Films", "one.mp4")
            .compose(id -> server.get("/api/files/" + id, cookie)))
        .compose(details -> {
          JsonObject links = details.bodyAsJsonObject().getJsonObject("playerLinks");
          java.util.regex.Matcher m = java.util.regex.Pattern.compile("--input-slave='([^']+)'")
              .matcher(links.getString("vlcCommand"));
          ctx.verify(() -> assertTrue(m.find(), links.encode()));
          String subtitle = m.group(1);
          ctx.verify(() -> assertTrue(links.getString("mpvCommand").contains("--sub-file='" + subtitle + "'")));
          return Future.all(fetch(server, links.getString("m3u"), null), fetch(server, subtitle, null),
              fetch(server, tamper(subtitle), null));
        })
        .map(all -> {
          ctx.verify(() -> {
            HttpResponse<Buffer> m3u = all.resultAt(0);
            List<String> lines = m3u.bodyAsString().lines().toList();
            assertEquals(200, m3u.statusCode());
            assertEquals("#EXTM3U", lines.get(0));
            assertEquals("#EXTINF:-1,one.mp4", lines.get(1));
            assertTrue(lines.get(2).startsWith(server.origin() + "/") && lines.get(2).endsWith("/one.mp4"));
            assertEquals(3, lines.size());
            HttpResponse<Buffer> vtt = all.resultAt(1);
            assertEquals(200, vtt.statusCode());
            assertEquals("text/vtt; charset=utf-8", vtt.getHeader("Content-Type"));
            assertEquals("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n\n", vtt.bodyAsString());
            assertEquals(403, ((HttpResponse<?>) all.resultAt(2)).statusCode());
          });
          return all;
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void expiredTokensAreRefused() {
    java.time.Clock past = java.time.Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), java.time.ZoneOffset.UTC);
    byte[] secret = "a service secret of at least 32 bytes!!".getBytes();
    String token = new PlaylistTokens(secret, past).sign(PlaylistTokens.Kind.CHANNEL, "c1", null,
        Instant.parse("2020-01-01T01:00:00Z"));
    assertTrue(new PlaylistTokens(secret, past).verify(token).isPresent());
    assertTrue(new PlaylistTokens(secret, java.time.Clock.systemUTC()).verify(token).isEmpty());
    assertTrue(new PlaylistTokens("another secret of at least 32 bytes!!!".getBytes(), past).verify(token).isEmpty());
  }

  private static Future<HttpResponse<Buffer>> fetch(UiTestServer server, String url, String userAgent) {
    String path = URI.create(url).getRawPath();
    var request = server.client.request(HttpMethod.GET, server.port(), "localhost", path);
    if (userAgent != null) {
      request.putHeader("User-Agent", userAgent);
    }
    return request.send();
  }

  /** The same link with one signature character changed. */
  private static String tamper(String url) {
    int dot = url.indexOf('.', url.indexOf("/", url.indexOf("//") + 2));
    char c = url.charAt(dot + 3);
    return url.substring(0, dot + 3) + (c == 'A' ? 'B' : 'A') + url.substring(dot + 4);
  }
}
