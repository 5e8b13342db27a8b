package dev.tgstream.telegram.media;

/**
 * One TrackEntry of a Matroska/WebM file.
 *
 * @param number       TrackNumber, as blocks name their track
 * @param type         TrackType: 1 video, 2 audio, 17 subtitle
 * @param codecId      e.g. V_VP9, S_TEXT/UTF8, S_TEXT/ASS, D_WEBVTT/SUBTITLES
 * @param language     LanguageIETF, else Language (ISO 639-2, "eng"); null when absent (the spec's default: eng)
 * @param name         the track's Name, or null
 * @param isDefault    FlagDefault (defaults to true in the spec)
 * @param forced       FlagForced
 * @param codecPrivate CodecPrivate of a subtitle track (the ASS/SSA header), or null
 * @param width        PixelWidth of a video track, or null
 * @param height       PixelHeight of a video track, or null
 */
public record MatroskaTrack(long number, int type, String codecId, String language, String name, boolean isDefault,
                            boolean forced, byte[] codecPrivate, Integer width, Integer height) {

  public static final int VIDEO = 1;
  public static final int SUBTITLE = 17;

  public boolean isTextSubtitle() {
    return type == SUBTITLE && codecId != null && (codecId.equals("S_TEXT/UTF8") || codecId.equals("S_TEXT/ASCII")
        || codecId.equals("S_TEXT/ASS") || codecId.equals("S_TEXT/SSA") || codecId.equals("S_ASS")
        || codecId.equals("S_SSA") || codecId.equals("S_TEXT/WEBVTT") || codecId.startsWith("D_WEBVTT/"));
  }
}
