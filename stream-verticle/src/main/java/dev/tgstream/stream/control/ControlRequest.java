package dev.tgstream.stream.control;

import dev.tgstream.stream.api.StreamerException;
import dev.tgstream.stream.api.StreamerService;
import dev.tgstream.stream.link.Disposition;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * The JSON body of a describe, warm or link call: {@code {"fileId": "…", "disposition": "INLINE"|"ATTACHMENT",
 * "ttl": seconds}}. Describe and warm read only {@code fileId}; link defaults to inline and 12 h like the event bus.
 * Both sides use this class, so the wire form is written once.
 */
public record ControlRequest(String fileId, Disposition disposition, long ttlSeconds) {

  public static final long DEFAULT_TTL_SECONDS = 12 * 3600L;

  public static ControlRequest of(String fileId) {
    return new ControlRequest(fileId, Disposition.INLINE, DEFAULT_TTL_SECONDS);
  }

  public JsonObject toJson() {
    return new JsonObject().put("fileId", fileId).put("disposition", disposition.name()).put("ttl", ttlSeconds);
  }

  /** Parses a request body; anything malformed is a BAD_REQUEST naming what is wrong. */
  public static ControlRequest parse(Buffer body) {
    JsonObject json;
    try {
      json = body == null || body.length() == 0 ? null : new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw badRequest("the body is not a JSON object");
    }
    if (json == null) {
      throw badRequest("the body must be a JSON object with a fileId");
    }
    Object id = json.getValue("fileId");
    if (!(id instanceof String fileId) || fileId.isEmpty()) {
      throw badRequest("fileId is required (a non-empty string)");
    }
    Object disposition = json.getValue("disposition", Disposition.INLINE.name());
    Object ttl = json.getValue("ttl", DEFAULT_TTL_SECONDS);
    if (!(disposition instanceof String name)) {
      throw badRequest("disposition must be INLINE or ATTACHMENT");
    }
    if (!(ttl instanceof Integer || ttl instanceof Long)) {
      throw badRequest("ttl must be a whole number of seconds");
    }
    try {
      return new ControlRequest(fileId, Disposition.valueOf(name.toUpperCase(Locale.ROOT)), ((Number) ttl).longValue());
    } catch (IllegalArgumentException e) {
      throw badRequest("disposition must be INLINE or ATTACHMENT");
    }
  }

  private static StreamerException badRequest(String message) {
    return new StreamerException(StreamerService.BAD_REQUEST, "bad control request: " + message);
  }
}
