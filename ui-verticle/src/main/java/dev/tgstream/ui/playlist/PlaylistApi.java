package dev.tgstream.ui.playlist;

import dev.tgstream.stream.api.StreamerService;
import dev.tgstream.stream.link.Disposition;
import dev.tgstream.telegram.Channel;
import dev.tgstream.telegram.FilePage;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.FileSort;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.MediaType;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.ui.api.ExternalUrls;
import dev.tgstream.ui.http.ApiProblem;
import dev.tgstream.ui.http.AttachmentHeader;
import dev.tgstream.ui.http.ProblemHandler;
import dev.tgstream.ui.media.Subtitles;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Playlists and subtitles for players, behind signed links instead of a session (a player pasted a URL has no
 * cookie): {@code GET /playlists/{token}/{name}.m3u} (a channel's video and audio files, or one file),
 * {@code GET /subtitle-files/{token}/{name}.vtt} (for players' command lines), and, for the SPA, {@code GET
 * /api/channels/{id}/playlist-link?ttl=} to make a channel's link with a chosen lifetime. Entries point at
 * {@code /raw-stream} ({@link ExternalUrls#durable}), so they keep working through a streamer outage, and their
 * stream links live at least as long as the playlist does.
 */
public final class PlaylistApi {

  static final int MAX_ENTRIES = 5000;
  private static final int LINK_BATCH = 32;
  private static final String MPEGURL = "audio/x-mpegurl; charset=utf-8";

  private final TelegramGateway gateway;
  private final StreamerService streamer;
  private final ExternalUrls urls;
  private final PlaylistTokens tokens;
  private final PlaylistLinks links;
  private final Subtitles subtitles;
  private final long linkTtlSeconds;

  public PlaylistApi(TelegramGateway gateway, StreamerService streamer, ExternalUrls urls, PlaylistTokens tokens,
                     PlaylistLinks links, Subtitles subtitles, long linkTtlSeconds) {
    this.gateway = gateway;
    this.streamer = streamer;
    this.urls = urls;
    this.tokens = tokens;
    this.links = links;
    this.subtitles = subtitles;
    this.linkTtlSeconds = linkTtlSeconds;
  }

  /** {@code {url, expiresAt, ttlSeconds, choices}}; 400 for a lifetime that is not offered. */
  public void handleChannelLink(RoutingContext ctx) {
    String channelId = ctx.pathParam("id");
    long ttl;
    try {
      String raw = ctx.queryParams().get("ttl");
      ttl = raw == null ? links.defaultTtlSeconds() : Long.parseLong(raw);
    } catch (NumberFormatException e) {
      ttl = -1;
    }
    if (!links.allowed(ttl)) {
      ctx.fail(400, ApiProblem.badRequest("ttl must be one of " + links.choicesJson().encode()));
      return;
    }
    long chosen = ttl;
    channel(channelId)
        .onFailure(err -> ProblemHandler.fail(ctx, err))
        .onSuccess(c -> ctx.json(links.channel(ctx.request(), c, chosen).toJson().put("choices", links.choicesJson())));
  }

  public void handlePlaylist(RoutingContext ctx) {
    Optional<PlaylistTokens.Claims> claims = tokens.verify(ctx.pathParam("token"));
    if (claims.isEmpty() || claims.get().kind() == PlaylistTokens.Kind.SUBTITLE) {
      forbidden(ctx);
      return;
    }
    PlaylistTokens.Claims c = claims.get();
    // Stream links inside live as long as the playlist, and at least as long as any other link we hand out.
    long ttl = Math.max(linkTtlSeconds, Duration.between(tokens.now(), c.expiry()).toSeconds());
    boolean hls = M3u.wantsHls(ctx.request().getHeader("User-Agent"));
    if (c.kind() == PlaylistTokens.Kind.CHANNEL) {
      channel(c.id())
          .compose(channel -> playable(c.id(), null, new ArrayList<>())
              .compose(files -> entries(ctx, files, 0, ttl, new ArrayList<>()))
              .onSuccess(entries -> send(ctx, channel.title() + ".m3u",
                  hls ? M3u.hls(entries) : M3u.plain(channel.title(), entries))))
          .onFailure(err -> ProblemHandler.fail(ctx, err));
      return;
    }
    gateway.file(c.id())
        .recover(err -> Future.failedFuture(GatewayException.kindOf(err) == GatewayException.Kind.NOT_FOUND
            ? ApiProblem.notFound("the file of this playlist is gone") : err))
        .compose(f -> streamer.link(f.id(), Disposition.INLINE, ttl)
            .map(link -> new M3u.Entry(f.name(), f.duration(), urls.durable(ctx.request(), link))))
        .onFailure(err -> ProblemHandler.fail(ctx, err))
        .onSuccess(entry -> send(ctx, entry.title() + ".m3u",
            hls ? M3u.hls(List.of(entry)) : M3u.plain(null, List.of(entry))));
  }

  public void handleSubtitle(RoutingContext ctx) {
    Optional<PlaylistTokens.Claims> claims = tokens.verify(ctx.pathParam("token"));
    if (claims.isEmpty() || claims.get().kind() != PlaylistTokens.Kind.SUBTITLE) {
      forbidden(ctx);
      return;
    }
    PlaylistTokens.Claims c = claims.get();
    gateway.file(c.id())
        .compose(f -> subtitles.vtt(f, c.extra()))
        .recover(err -> Future.failedFuture(GatewayException.kindOf(err) == GatewayException.Kind.NOT_FOUND
            ? ApiProblem.notFound("these subtitles are gone") : err))
        .onFailure(err -> ProblemHandler.fail(ctx, err))
        .onSuccess(vtt -> ctx.response()
            .putHeader("Content-Type", "text/vtt; charset=utf-8")
            .putHeader("Access-Control-Allow-Origin", "*")
            .end(vtt));
  }

  private Future<Channel> channel(String channelId) {
    return gateway.channels().compose(list -> list.stream().filter(ch -> ch.id().equals(channelId)).findFirst()
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ApiProblem.notFound("no such channel: " + channelId))));
  }

  private Future<List<MediaFile>> playable(String channelId, String cursor, List<MediaFile> acc) {
    FileQuery query = new FileQuery(null, null, FileSort.NAME, cursor, FileQuery.MAX_LIMIT);
    return gateway.files(channelId, query).compose((FilePage page) -> {
      for (MediaFile f : page.items()) {
        if ((f.type() == MediaType.VIDEO || f.type() == MediaType.AUDIO) && acc.size() < MAX_ENTRIES) {
          acc.add(f);
        }
      }
      return page.next() == null || acc.size() >= MAX_ENTRIES ? Future.succeededFuture(acc)
          : playable(channelId, page.next(), acc);
    });
  }

  // Links are signed in batches: parallel enough to be quick, bounded so a big channel does not flood the streamer.
  private Future<List<M3u.Entry>> entries(RoutingContext ctx, List<MediaFile> files, int from, long ttl,
                                          List<M3u.Entry> acc) {
    if (from >= files.size()) {
      return Future.succeededFuture(acc);
    }
    List<MediaFile> batch = files.subList(from, Math.min(files.size(), from + LINK_BATCH));
    List<Future<String>> signed = batch.stream().map(f -> streamer.link(f.id(), Disposition.INLINE, ttl)).toList();
    return Future.all(signed).compose(done -> {
      for (int i = 0; i < batch.size(); i++) {
        MediaFile f = batch.get(i);
        acc.add(new M3u.Entry(f.name(), f.duration(), urls.durable(ctx.request(), signed.get(i).result())));
      }
      return entries(ctx, files, from + LINK_BATCH, ttl, acc);
    });
  }

  private static void send(RoutingContext ctx, String fileName, String body) {
    ctx.response()
        .putHeader("Content-Type", MPEGURL)
        .putHeader("Content-Disposition", AttachmentHeader.of(fileName))
        .putHeader("Cache-Control", "no-store")
        .end(body);
  }

  private static void forbidden(RoutingContext ctx) {
    ctx.response().setStatusCode(403)
        .putHeader("Content-Type", "application/problem+json")
        .putHeader("Cache-Control", "no-store")
        .end(new JsonObject().put("status", 403).put("title", "Forbidden")
            .put("detail", "this link is invalid or has expired; copy a new one from the library").encode());
  }
}
