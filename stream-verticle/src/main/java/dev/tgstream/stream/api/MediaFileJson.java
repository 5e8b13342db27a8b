package dev.tgstream.stream.api;

import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.MediaType;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** The wire form of {@link MediaFile} on the event bus and the streamer's HTTP control API. */
public final class MediaFileJson {

  private MediaFileJson() {
  }

  public static JsonObject toJson(MediaFile f) {
    return new JsonObject()
        .put("id", f.id())
        .put("channelId", f.channelId())
        .put("name", f.name())
        .put("size", f.size())
        .put("mime", f.mime())
        .put("type", f.type().wireName())
        .put("date", f.date().toString())
        .put("caption", f.caption())
        .put("duration", f.duration())
        .put("width", f.width())
        .put("height", f.height())
        .put("uniqueId", f.uniqueId())
        .put("hasThumbnail", f.hasThumbnail());
  }

  public static MediaFile fromJson(JsonObject j) {
    return new MediaFile(
        j.getString("id"),
        j.getString("channelId"),
        j.getString("name"),
        j.getLong("size"),
        j.getString("mime"),
        MediaType.fromWire(j.getString("type")).orElse(MediaType.DOCUMENT),
        Instant.parse(j.getString("date")),
        j.getString("caption"),
        j.getDouble("duration"),
        j.getInteger("width"),
        j.getInteger("height"),
        j.getString("uniqueId"),
        j.getBoolean("hasThumbnail", false));
  }
}
