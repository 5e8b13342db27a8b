package dev.tgstream.ui.media;

import io.vertx.core.json.JsonObject;

/**
 * One subtitle track of a video as the details page offers it.
 *
 * @param id        stable within the file: {@code s<sidecar file id>} or {@code t<Matroska track number>}
 * @param language  BCP 47 tag, or null when unknown
 * @param label     what the player's menu shows
 * @param isDefault whether the player shows it without being asked (at most one per file)
 */
public record SubtitleTrack(String id, String language, String label, boolean isDefault) {

  public JsonObject toJson(String fileId) {
    return new JsonObject()
        .put("id", id)
        .put("language", language)
        .put("label", label)
        .put("default", isDefault)
        .put("url", url(fileId));
  }

  /** Served as WebVTT by the UI (session cookie, as the SPA's player sends it). */
  public String url(String fileId) {
    return "/api/files/" + fileId + "/subtitles/" + id + ".vtt";
  }
}
