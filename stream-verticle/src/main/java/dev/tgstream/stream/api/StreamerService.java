package dev.tgstream.stream.api;

import dev.tgstream.stream.link.Disposition;
import dev.tgstream.telegram.MediaFile;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * What the UI asks of a streamer: control and metadata only, never bytes. Implementations: {@link LocalStreamerService}
 * (in-process), the event-bus client and the HTTP client (split deployment) in ui-verticle. Failures are
 * {@link StreamerException}s carrying one of the codes below, which travel as the event bus failure code and map
 * directly to HTTP statuses.
 */
public interface StreamerService {

  /** Event bus address of the StreamVerticle's control API. */
  String ADDRESS = "tgstream.streamer";

  /** Unknown or malformed file id. */
  int NOT_FOUND = 404;
  /** A malformed request (bad disposition, ttl out of range). */
  int BAD_REQUEST = 400;
  /** The source (Telegram) failed or is rate limiting. */
  int SOURCE_FAILED = 502;
  /** No streamer answered (not deployed, circuit open, timed out). */
  int UNAVAILABLE = 503;

  /** The file's metadata as the streamer sees it. */
  Future<MediaFile> describe(String fileId);

  /** Prefetches the first part and the tail so pressing play starts from cache. */
  Future<Void> warm(String fileId);

  /**
   * A signed link to the file's bytes, valid for {@code ttlSeconds}. The streamer that will serve the bytes signs it
   * (it holds STREAM_SECRET). The answer is either a path on the caller's own origin ({@code /stream/…} or
   * {@code /raw-stream/…}, the caller makes it absolute for its request) or an absolute URL on a remote streamer
   * (split mode); callers must accept both. Over HTTP the streamer's control API answers the path and the UI's
   * HttpStreamer prefixes STREAMER_URL, the public base it reached the streamer by (the streamer itself may not know it).
   */
  Future<String> link(String fileId, Disposition disposition, long ttlSeconds);

  /** Engine counters. */
  Future<JsonObject> stats();

  /**
   * Whether {@link #link} may answer a remote streamer's URL (split mode). Only then is "which path serves" news to a
   * user; colocated, there is one path and the UI says nothing about it.
   */
  default boolean mayServeRemotely() {
    return false;
  }
}
