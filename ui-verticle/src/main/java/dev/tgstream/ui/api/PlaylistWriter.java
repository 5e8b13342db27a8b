package dev.tgstream.ui.api;

import dev.tgstream.telegram.MediaFile;

import java.util.List;

/**
 * Extended M3U: {@code #EXTM3U}, an optional {@code #PLAYLIST} title, then per entry {@code #EXTINF:<seconds>,<title>}
 * and the URL on the next line. Titles come from file names and captions of other people's channels: control
 * characters (a newline would start a forged entry) become spaces.
 */
public final class PlaylistWriter {

  /** One playlist entry: the file and its absolute stream URL. */
  public record Entry(MediaFile file, String url) {
  }

  private PlaylistWriter() {
  }

  public static String write(String title, List<Entry> entries) {
    StringBuilder out = new StringBuilder("#EXTM3U\n");
    if (title != null && !title.isBlank()) {
      out.append("#PLAYLIST:").append(oneLine(title)).append('\n');
    }
    for (Entry e : entries) {
      out.append("#EXTINF:").append(seconds(e.file().duration())).append(',').append(oneLine(e.file().name()))
          .append('\n')
          .append(oneLine(e.url())).append('\n');
    }
    return out.toString();
  }

  /** Whole seconds, rounded; -1 when unknown (the M3U convention). */
  static long seconds(Double duration) {
    return duration == null || !Double.isFinite(duration) || duration < 0 ? -1 : Math.round(duration);
  }

  /** The text on one line: every control character (CR, LF, NEL, line/paragraph separators…) becomes a space. */
  static String oneLine(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> b.appendCodePoint(
        Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? ' ' : c));
    return b.toString().strip();
  }
}
