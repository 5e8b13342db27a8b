package dev.tgstream.ui.playlist;

import dev.tgstream.telegram.Channel;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.ui.api.ExternalUrls;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/**
 * The absolute, signed, cookie-free URLs players are given: channel and file playlists ({@code /playlists/…}) and
 * subtitle tracks ({@code /subtitle-files/…}). Their lifetime is one of a few the user can choose from, the
 * configured link lifetime (12 h by default) among them and the default.
 */
public final class PlaylistLinks {

  public static final String PLAYLISTS = "/playlists";
  public static final String SUBTITLES = "/subtitle-files";
  /** What a user may choose: an hour, the default, a day, a week, a month. */
  private static final List<Long> STANDARD_TTLS = List.of(3600L, 86_400L, 7 * 86_400L, 30 * 86_400L);

  /** A link and when it stops working. */
  public record Link(String url, Instant expiresAt, long ttlSeconds) {
    public JsonObject toJson() {
      return new JsonObject().put("url", url).put("expiresAt", expiresAt.toString()).put("ttlSeconds", ttlSeconds);
    }
  }

  private final PlaylistTokens tokens;
  private final ExternalUrls urls;
  private final long defaultTtlSeconds;
  private final List<Long> choices;

  public PlaylistLinks(PlaylistTokens tokens, ExternalUrls urls, long defaultTtlSeconds) {
    this.tokens = tokens;
    this.urls = urls;
    this.defaultTtlSeconds = defaultTtlSeconds;
    TreeSet<Long> all = new TreeSet<>(STANDARD_TTLS);
    all.add(defaultTtlSeconds);
    this.choices = List.copyOf(all);
  }

  public long defaultTtlSeconds() {
    return defaultTtlSeconds;
  }

  /** Whether a lifetime is one of the choices. */
  public boolean allowed(long ttlSeconds) {
    return choices.contains(ttlSeconds);
  }

  /** The choices, for the SPA's menu: {@code [{ttlSeconds, default}]}. */
  public JsonArray choicesJson() {
    JsonArray out = new JsonArray();
    choices.forEach(ttl -> out.add(new JsonObject().put("ttlSeconds", ttl).put("default", ttl == defaultTtlSeconds)));
    return out;
  }

  public Link channel(HttpServerRequest request, Channel channel, long ttlSeconds) {
    Instant expiry = tokens.now().plusSeconds(ttlSeconds);
    String token = tokens.sign(PlaylistTokens.Kind.CHANNEL, channel.id(), null, expiry);
    return new Link(urls.base(request) + PLAYLISTS + "/" + token + "/" + segment(channel.title() + ".m3u"), expiry,
        ttlSeconds);
  }

  public Link file(HttpServerRequest request, MediaFile file, long ttlSeconds) {
    Instant expiry = tokens.now().plusSeconds(ttlSeconds);
    String token = tokens.sign(PlaylistTokens.Kind.FILE, file.id(), null, expiry);
    return new Link(urls.base(request) + PLAYLISTS + "/" + token + "/" + segment(file.name() + ".m3u"), expiry,
        ttlSeconds);
  }

  /** A subtitle track as WebVTT, named after the video so players that show names show a sensible one. */
  public String subtitle(HttpServerRequest request, MediaFile file, String trackId, Instant expiry) {
    String token = tokens.sign(PlaylistTokens.Kind.SUBTITLE, file.id(), trackId, expiry);
    String stem = file.name().contains(".") ? file.name().substring(0, file.name().lastIndexOf('.')) : file.name();
    return urls.base(request) + SUBTITLES + "/" + token + "/" + segment(stem + "." + trackId + ".vtt");
  }

  static String segment(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
