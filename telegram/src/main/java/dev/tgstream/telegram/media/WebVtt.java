package dev.tgstream.telegram.media;

import java.util.List;

/** Writes WebVTT, and tidies WebVTT files from elsewhere so browsers accept them. */
public final class WebVtt {

  private WebVtt() {
  }

  public static String write(List<TextCue> cues) {
    StringBuilder out = new StringBuilder("WEBVTT\n\n");
    for (TextCue c : cues) {
      out.append(time(c.startMs())).append(" --> ").append(time(c.endMs())).append('\n')
          .append(c.text()).append("\n\n");
    }
    return out.toString();
  }

  /** A sidecar .vtt: BOM and CR dropped, the WEBVTT signature added when a sloppy tool left it out. */
  public static String tidy(String text) {
    String t = text.replace("\uFEFF", "").replace("\r\n", "\n").replace('\r', '\n');
    if (!t.startsWith("WEBVTT")) {
      t = "WEBVTT\n\n" + t;
    }
    return t.endsWith("\n") ? t : t + "\n";
  }

  /** {@code HH:MM:SS.mmm}, exact to the millisecond. */
  static String time(long ms) {
    long h = ms / 3_600_000;
    long m = ms / 60_000 % 60;
    long s = ms / 1000 % 60;
    return String.format(java.util.Locale.ROOT, "%02d:%02d:%02d.%03d", h, m, s, ms % 1000);
  }
}
