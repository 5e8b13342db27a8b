package dev.tgstream.ui.media;

/**
 * Settings of the media features (pictures, subtitles).
 *
 * @param ffmpeg              the ffmpeg executable for video thumbnails, looked up on PATH
 * @param thumbnailMaxFiles   how many made pictures DATA_DIR/thumbnails keeps
 * @param thumbnailMaxBytes   how many bytes they may take together
 */
public record MediaOptions(String ffmpeg, int thumbnailMaxFiles, long thumbnailMaxBytes) {

  /** Pictures of ~10-30 KiB: 5000 of them stay well under the 64 MiB cap, a few cards of every channel. */
  public static final MediaOptions DEFAULTS = new MediaOptions("ffmpeg", 5000, 64L * 1024 * 1024);

  public MediaOptions withFfmpeg(String command) {
    return new MediaOptions(command, thumbnailMaxFiles, thumbnailMaxBytes);
  }
}
