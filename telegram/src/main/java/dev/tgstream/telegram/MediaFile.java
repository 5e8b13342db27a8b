package dev.tgstream.telegram;

import java.time.Instant;

/**
 * One file of a channel.
 *
 * @param id           opaque, URL-safe ([A-Za-z0-9_-]+), stable across restarts
 * @param channelId    the {@link Channel#id()} it belongs to
 * @param name         file name as shown to people and used in Content-Disposition
 * @param size         exact size in bytes
 * @param mime         content type, e.g. video/mp4
 * @param type         coarse kind for filters
 * @param date         when it was posted (library: file mtime)
 * @param caption      message caption, or null
 * @param duration     seconds, or null when unknown
 * @param width        pixels, or null
 * @param height       pixels, or null
 * @param uniqueId     the source's unique id of the content (Telegram: remote.unique_id); with size, the ETag
 * @param hasThumbnail whether {@link TelegramGateway#thumbnail(String)} can succeed
 */
public record MediaFile(
    String id,
    String channelId,
    String name,
    long size,
    String mime,
    MediaType type,
    Instant date,
    String caption,
    Double duration,
    Integer width,
    Integer height,
    String uniqueId,
    boolean hasThumbnail) {

  /** A strong validator derived from the content's unique id and size: stable across processes and restarts. */
  public String etag() {
    return "\"" + uniqueId + "-" + Long.toHexString(size) + "\"";
  }
}
