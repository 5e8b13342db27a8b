package dev.tgstream.telegram.media;

/** What a probe found: duration in seconds, picture width and height; each null when unknown. */
public record MediaInfo(Double duration, Integer width, Integer height) {

  public static final MediaInfo NONE = new MediaInfo(null, null, null);
}
