package dev.tgstream.ui.api;

import dev.tgstream.telegram.Channel;
import dev.tgstream.telegram.MediaFile;
import io.vertx.core.json.JsonObject;

/** The JSON shapes of files in the browse API: a grid card, and the details page. */
public final class FileJson {

  /** {@code servedBy} of the details: which path serves streamUrl. */
  public static final String SERVED_BY_REMOTE = "remote";
  public static final String SERVED_BY_LOCAL = "local";

  private FileJson() {
  }

  /** {@code /api/files/{id}/thumbnail} when the file has one, else null. */
  public static String thumbnailUrl(MediaFile f) {
    return f.hasThumbnail() ? "/api/files/" + f.id() + "/thumbnail" : null;
  }

  /** A grid card: {@code {id, name, size, mime, type, date, duration, thumbnailUrl}}. */
  public static JsonObject summary(MediaFile f) {
    return new JsonObject()
        .put("id", f.id())
        .put("name", f.name())
        .put("size", f.size())
        .put("mime", f.mime())
        .put("type", f.type().wireName())
        .put("date", f.date().toString())
        .put("duration", f.duration())
        .put("thumbnailUrl", thumbnailUrl(f));
  }

  /**
   * The details page: metadata, the channel, absolute stream and download URLs and the external player links.
   * {@code channel} may be null when the channel vanished meanwhile; then only its id is given.
   */
  public static JsonObject details(MediaFile f, Channel channel, String streamUrl, String downloadUrl) {
    return details(f, channel, streamUrl, downloadUrl, streamUrl, SERVED_BY_LOCAL);
  }

  /**
   * As above, with the URL external players get ({@code playerUrl}: one that outlives a streamer outage) and
   * {@code servedBy}: {@code remote} when streamUrl is on a remote streamer, {@code local} when this service serves
   * it in split mode (the SPA shows it as a badge), null when colocated (one path: nothing to tell).
   */
  public static JsonObject details(MediaFile f, Channel channel, String streamUrl, String downloadUrl,
                                   String playerUrl, String servedBy) {
    return new JsonObject()
        .put("id", f.id())
        .put("name", f.name())
        .put("size", f.size())
        .put("mime", f.mime())
        .put("type", f.type().wireName())
        .put("duration", f.duration())
        .put("width", f.width())
        .put("height", f.height())
        .put("date", f.date().toString())
        .put("caption", f.caption())
        .put("channel", new JsonObject()
            .put("id", f.channelId())
            .put("title", channel == null ? null : channel.title()))
        .put("thumbnailUrl", thumbnailUrl(f))
        .put("streamUrl", streamUrl)
        .put("downloadUrl", downloadUrl)
        .put("servedBy", servedBy)
        .put("playerLinks", PlayerLinks.of(f, playerUrl).toJson());
  }
}
