package dev.tgstream.ui.api;

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
import dev.tgstream.ui.http.ApiProblem;
import dev.tgstream.ui.http.AttachmentHeader;
import dev.tgstream.ui.http.ProblemHandler;
import dev.tgstream.ui.http.RequestId;
import dev.tgstream.ui.media.MediaServices;
import dev.tgstream.ui.media.SubtitleTrack;
import dev.tgstream.ui.playlist.PlaylistLinks;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The browse API: channels, file pages, file details with signed links and player links, thumbnails, and M3U
 * playlists of one file or a whole channel.
 */
public final class BrowseApi {

  private static final Logger log = LoggerFactory.getLogger(BrowseApi.class);
  /** A channel playlist lists at most this many files (bounds the work one request can cause). */
  static final int MAX_PLAYLIST_ENTRIES = 5000;
  // Links are signed in batches: parallel enough to be quick, bounded so a big channel does not flood the streamer.
  private static final int LINK_BATCH = 32;

  private final TelegramGateway gateway;
  private final StreamerService streamer;
  private final ExternalUrls urls;
  private final long linkTtlSeconds;
  private final MediaServices media;

  public BrowseApi(TelegramGateway gateway, StreamerService streamer, ExternalUrls urls, long linkTtlSeconds) {
    this(gateway, streamer, urls, linkTtlSeconds, null);
  }

  /** @param media made pictures (covers, video frames) and subtitles; null: only the backend's own pictures */
  public BrowseApi(TelegramGateway gateway, StreamerService streamer, ExternalUrls urls, long linkTtlSeconds,
                   MediaServices media) {
    this.gateway = gateway;
    this.streamer = streamer;
    this.urls = urls;
    this.linkTtlSeconds = linkTtlSeconds;
    this.media = media;
  }

  /** {@code {items:[{id, title, count}]}}. */
  public void handleChannels(RoutingContext ctx) {
    gateway.channels()
        .onFailure(err -> ProblemHandler.fail(ctx, err))
        .onSuccess(channels -> {
          JsonArray items = new JsonArray();
          channels.forEach(c -> items.add(withPlaylist(ctx, new JsonObject().put("id", c.id()).put("title", c.title())
              .put("count", c.count()), c)));
          ctx.json(new JsonObject().put("items", items));
        });
  }

  /** {@code {items:[file summary], next}}; 400 naming a bad parameter or cursor, 404 for an unknown channel. */
  public void handleFiles(RoutingContext ctx) {
    String channelId = ctx.pathParam("id");
    if (!FileIds.isWellFormed(channelId)) {
      ctx.fail(404, FileIds.unknownChannel(channelId));
      return;
    }
    FileQuery query;
    try {
      query = FilesQueryParams.parse(ctx.queryParams());
    } catch (ApiProblem p) {
      ctx.fail(p.status(), p);
      return;
    }
    gateway.files(channelId, query)
        .recover(err -> Future.failedFuture(channelFailure(err, channelId)))
        .onFailure(err -> ProblemHandler.fail(ctx, err))
        .onSuccess(page -> {
          JsonArray items = new JsonArray();
          page.items().forEach(f -> items.add(withPicture(FileJson.summary(f), f)));
          ctx.json(new JsonObject().put("items", items).put("next", page.next()));
        });
  }

  /**
   * Details with absolute stream and download URLs (signed for the configured TTL), which path serves them, and player
   * links on a URL that outlives a streamer outage ({@link ExternalUrls#durable}). Also asks the streamer to warm the
   * file, without waiting: whoever opens the details page is likely to press play.
   */
  public void handleFile(RoutingContext ctx) {
    String fileId = ctx.pathParam("id");
    if (!FileIds.isWellFormed(fileId)) {
      ctx.fail(404, FileIds.unknownFile(fileId));
      return;
    }
    Future<MediaFile> file = gateway.file(fileId).recover(err -> Future.failedFuture(fileFailure(err, fileId)));
    // Not awaited: the prefetch runs while the page renders, and a failure only costs a slower start.
    file.onSuccess(f -> streamer.warm(f.id()).onFailure(err ->
        log.debug("[{}] warming {} failed: {}", RequestId.of(ctx), f.id(), err.getMessage())));
    Future<String> stream = file.compose(f -> streamer.link(f.id(), Disposition.INLINE, linkTtlSeconds));
    Future<String> download = file.compose(f -> streamer.link(f.id(), Disposition.ATTACHMENT, linkTtlSeconds));
    Future<Channel> channel = file.compose(f -> gateway.channels()
        .map(list -> list.stream().filter(c -> c.id().equals(f.channelId())).findFirst().orElse(null))
        .otherwise((Channel) null));
    // A file whose subtitles cannot be read still opens, without them.
    Future<List<SubtitleTrack>> subtitles = media == null ? Future.succeededFuture(List.of())
        : file.compose(f -> media.subtitles().list(f).otherwise(List.of()));
    Future.all(stream, download, channel, subtitles)
        .onFailure(err -> ProblemHandler.fail(ctx, err))
        .onSuccess(all -> {
          // A remote streamer answers absolute URLs, the engine here paths on this origin (StreamerService#link).
          // Colocated there is one path: servedBy is null and the SPA shows no badge.
          String servedBy = !streamer.mayServeRemotely() ? null
              : ExternalUrls.isRemote(stream.result()) ? FileJson.SERVED_BY_REMOTE : FileJson.SERVED_BY_LOCAL;
          JsonArray subtitleJson = new JsonArray();
          subtitles.result().forEach(t -> subtitleJson.add(t.toJson(fileId)));
          String playerUrl = urls.durable(ctx.request(), stream.result());
          JsonObject details = withPicture(FileJson.details(file.result(), channel.result(),
              urls.absolute(ctx.request(), stream.result()),
              urls.absolute(ctx.request(), download.result()),
              playerUrl,
              servedBy), file.result())
              .put("subtitles", subtitleJson);
          ctx.json(media == null ? details
              : details.put("playerLinks", signedPlayerLinks(ctx, file.result(), playerUrl, subtitles.result())));
        });
  }

  /** The thumbnail bytes, cached privately for a day; 404 when the file has none. */
  public void handleThumbnail(RoutingContext ctx) {
    String fileId = ctx.pathParam("id");
    if (!FileIds.isWellFormed(fileId)) {
      ctx.fail(404, FileIds.unknownFile(fileId));
      return;
    }
    (media == null ? gateway.thumbnail(fileId) : media.thumbnails().thumbnail(fileId))
        .recover(err -> Future.failedFuture(GatewayException.kindOf(err) == GatewayException.Kind.NOT_FOUND
            ? ApiProblem.notFound("no thumbnail for file " + fileId) : err))
        .onFailure(err -> ProblemHandler.fail(ctx, err))
        .onSuccess(thumb -> ctx.response()
            .putHeader("Content-Type", thumb.mime())
            .putHeader("Cache-Control", "private, max-age=86400")
            .end(thumb.bytes()));
  }

  /** An M3U with this one file, for players the other links do not reach. */
  public void handleFilePlaylist(RoutingContext ctx) {
    String fileId = ctx.pathParam("id");
    if (!FileIds.isWellFormed(fileId)) {
      ctx.fail(404, FileIds.unknownFile(fileId));
      return;
    }
    gateway.file(fileId)
        .recover(err -> Future.failedFuture(fileFailure(err, fileId)))
        .compose(f -> streamer.link(f.id(), Disposition.INLINE, linkTtlSeconds)
            .map(link -> new PlaylistWriter.Entry(f, urls.durable(ctx.request(), link))))
        .onFailure(err -> ProblemHandler.fail(ctx, err))
        .onSuccess(entry -> sendPlaylist(ctx, entry.file().name() + ".m3u",
            PlaylistWriter.write(null, List.of(entry))));
  }

  /** Every video and audio file of a channel (all pages, by name), each with a signed absolute stream URL. */
  public void handleChannelPlaylist(RoutingContext ctx) {
    String channelId = ctx.pathParam("id");
    if (!FileIds.isWellFormed(channelId)) {
      ctx.fail(404, FileIds.unknownChannel(channelId));
      return;
    }
    Future<Channel> channel = gateway.channels().compose(list -> list.stream()
        .filter(c -> c.id().equals(channelId)).findFirst()
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(FileIds.unknownChannel(channelId))));
    channel.compose(c -> playable(channelId, null, new ArrayList<>()))
        .compose(files -> signAll(ctx, files, 0, new ArrayList<>()))
        .onFailure(err -> ProblemHandler.fail(ctx, err))
        .onSuccess(entries -> sendPlaylist(ctx, channel.result().title() + ".m3u8",
            PlaylistWriter.write(channel.result().title(), entries)));
  }

  // Follows the cursor until the channel ends or the playlist is full.
  private Future<List<MediaFile>> playable(String channelId, String cursor, List<MediaFile> acc) {
    FileQuery query = new FileQuery(null, null, FileSort.NAME, cursor, FileQuery.MAX_LIMIT);
    return gateway.files(channelId, query)
        .recover(err -> Future.failedFuture(channelFailure(err, channelId)))
        .compose((FilePage page) -> {
          for (MediaFile f : page.items()) {
            if ((f.type() == MediaType.VIDEO || f.type() == MediaType.AUDIO) && acc.size() < MAX_PLAYLIST_ENTRIES) {
              acc.add(f);
            }
          }
          if (page.next() == null || acc.size() >= MAX_PLAYLIST_ENTRIES) {
            return Future.succeededFuture(acc);
          }
          return playable(channelId, page.next(), acc);
        });
  }

  private Future<List<PlaylistWriter.Entry>> signAll(RoutingContext ctx, List<MediaFile> files, int from,
                                                     List<PlaylistWriter.Entry> acc) {
    if (from >= files.size()) {
      return Future.succeededFuture(acc);
    }
    List<MediaFile> batch = files.subList(from, Math.min(files.size(), from + LINK_BATCH));
    List<Future<String>> links = batch.stream()
        .map(f -> streamer.link(f.id(), Disposition.INLINE, linkTtlSeconds))
        .toList();
    return Future.all(links).compose(done -> {
      for (int i = 0; i < batch.size(); i++) {
        acc.add(new PlaylistWriter.Entry(batch.get(i), urls.durable(ctx.request(), links.get(i).result())));
      }
      return signAll(ctx, files, from + LINK_BATCH, acc);
    });
  }

  /** A channel's cookie-free playlist link, with the default lifetime (the SPA offers the others). */
  private JsonObject withPlaylist(RoutingContext ctx, JsonObject json, Channel c) {
    if (media == null) {
      return json;
    }
    PlaylistLinks.Link link = media.playlists().channel(ctx.request(), c, media.playlists().defaultTtlSeconds());
    return json.put("playlistUrl", link.url()).put("playlistExpiresAt", link.expiresAt().toString());
  }

  /** Player links whose playlist and subtitles are signed: they open pasted into a player, without a cookie. */
  private JsonObject signedPlayerLinks(RoutingContext ctx, MediaFile f, String playerUrl,
                                       List<SubtitleTrack> tracks) {
    PlaylistLinks.Link m3u = media.playlists().file(ctx.request(), f, linkTtlSeconds);
    List<String> subtitleUrls = tracks.stream()
        .map(t -> media.playlists().subtitle(ctx.request(), f, t.id(), m3u.expiresAt())).toList();
    return PlayerLinks.of(f, playerUrl, m3u.url(), subtitleUrls).toJson()
        .put("expiresAt", m3u.expiresAt().toString());
  }

  /** A card's or page's picture: its own, or one that can be made (a cover, a video frame). */
  private JsonObject withPicture(JsonObject json, MediaFile f) {
    return media == null ? json : json.put("thumbnailUrl", media.thumbnails().urlFor(f));
  }

  private static void sendPlaylist(RoutingContext ctx, String fileName, String body) {
    ctx.response()
        .putHeader("Content-Type", "audio/x-mpegurl; charset=utf-8")
        .putHeader("Content-Disposition", AttachmentHeader.of(fileName))
        .end(body);
  }


  private static Throwable channelFailure(Throwable err, String channelId) {
    return switch (GatewayException.kindOf(err)) {
      case NOT_FOUND -> FileIds.unknownChannel(channelId);
      case INVALID_REQUEST -> ApiProblem.badRequest("cursor is invalid; start again from the first page");
      default -> err;
    };
  }

  private static Throwable fileFailure(Throwable err, String fileId) {
    return GatewayException.kindOf(err) == GatewayException.Kind.NOT_FOUND
        ? FileIds.unknownFile(fileId) : err;
  }
}
