package dev.tgstream.ui.media;

/**
 * Settings of the media features (pictures, subtitles, signed playlists).
 *
 * @param ffmpeg            the ffmpeg executable for video thumbnails, looked up on PATH
 * @param thumbnailMaxFiles how many made pictures DATA_DIR/thumbnails keeps
 * @param thumbnailMaxBytes how many bytes they may take together
 * @param playlistSecret    the service secret playlist links are signed with (a key is derived from it); null: the
 *                          one kept in DATA_DIR (as STREAM_SECRET is when unset)
 */
public record MediaOptions(String ffmpeg, int thumbnailMaxFiles, long thumbnailMaxBytes, byte[] playlistSecret) {

  /** Pictures of ~10-30 KiB: 5000 of them stay well under the 64 MiB cap, a few cards of every channel. */
  public static final MediaOptions DEFAULTS = new MediaOptions("ffmpeg", 5000, 64L * 1024 * 1024, null);

  public MediaOptions withFfmpeg(String command) {
    return new MediaOptions(command, thumbnailMaxFiles, thumbnailMaxBytes, playlistSecret);
  }

  public MediaOptions withPlaylistSecret(byte[] secret) {
    return new MediaOptions(ffmpeg, thumbnailMaxFiles, thumbnailMaxBytes, secret == null ? null : secret.clone());
  }
}
