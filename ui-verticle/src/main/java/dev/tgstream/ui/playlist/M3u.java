package dev.tgstream.ui.playlist;

import java.util.List;
import java.util.Locale;

/**
 * Extended M3U for players. Two forms of the same list:
 * <ul>
 *   <li>plain: {@code #EXTM3U}, an optional {@code #PLAYLIST} title, per entry {@code #EXTINF:<seconds>,<title>}
 *       and the URL: what VLC, mpv, Kodi and MX Player read as a list of separate items;</li>
 *   <li>for libavformat (ffprobe, ffmpeg), which reads no plain playlists at all: the same entries marked up as a
 *       finished HLS media playlist ({@code #EXT-X-TARGETDURATION}, {@code #EXT-X-ENDLIST}), each file a segment.</li>
 * </ul>
 * No subtitle lines: VLC 3 reads {@code #EXTVLCOPT:sub-file} as a local path and refuses {@code input-slave} from a
 * playlist as unsafe, and other players ignore both; subtitles go to players on their command lines instead
 * ({@link dev.tgstream.ui.api.PlayerLinks}).
 * Titles come from other people's channels: control characters (a newline would start a forged entry) become spaces.
 */
public final class M3u {

  /** One entry: title, duration in seconds (null when unknown) and absolute URL. */
  public record Entry(String title, Double duration, String url) {
  }

  private M3u() {
  }

  public static String plain(String title, List<Entry> entries) {
    StringBuilder out = new StringBuilder("#EXTM3U\n");
    if (title != null && !title.isBlank()) {
      out.append("#PLAYLIST:").append(oneLine(title)).append('\n');
    }
    for (Entry e : entries) {
      out.append("#EXTINF:").append(seconds(e.duration())).append(',').append(oneLine(e.title())).append('\n');
      out.append(oneLine(e.url())).append('\n');
    }
    return out.toString();
  }

  public static String hls(List<Entry> entries) {
    long target = 1;
    for (Entry e : entries) {
      target = Math.max(target, (long) Math.ceil(known(e.duration())));
    }
    StringBuilder out = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-PLAYLIST-TYPE:VOD\n")
        .append("#EXT-X-TARGETDURATION:").append(target).append('\n');
    for (Entry e : entries) {
      out.append(String.format(Locale.ROOT, "#EXTINF:%.3f,", known(e.duration()))).append(oneLine(e.title()))
          .append('\n').append(oneLine(e.url())).append('\n');
    }
    return out.append("#EXT-X-ENDLIST\n").toString();
  }

  /** Whether a client reads playlists through libavformat, whose User-Agent is {@code Lavf/<version>}. */
  public static boolean wantsHls(String userAgent) {
    return userAgent != null && userAgent.startsWith("Lavf/");
  }

  /** Whole seconds, rounded; -1 when unknown (the M3U convention). */
  static long seconds(Double duration) {
    return duration == null || !Double.isFinite(duration) || duration < 0 ? -1 : Math.round(duration);
  }

  /** HLS needs a duration for every segment; an unknown one counts as one second (players re-measure). */
  private static double known(Double duration) {
    return duration == null || !Double.isFinite(duration) || duration <= 0 ? 1 : duration;
  }

  static String oneLine(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> b.appendCodePoint(
        Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? ' ' : c));
    return b.toString().strip();
  }
}
