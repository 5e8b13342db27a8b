package dev.tgstream.telegram.media;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses SubRip (.srt): numbered blocks of a timing line {@code 00:01:02,500 --> 00:01:04,000} and text lines, up to
 * a blank line. Lenient where real files are sloppy (missing numbers, a dot for the comma, one- or two-digit
 * fractions, stray blank lines, position coordinates after the timing), exact in the times it keeps.
 */
public final class SubRip {

  private static final String TIME = "(\\d{1,3}):(\\d{1,2}):(\\d{1,2})(?:[,.](\\d{1,3}))?";
  private static final Pattern TIMING = Pattern.compile("^\\s*" + TIME + "\\s*-->\\s*" + TIME + ".*$");

  private SubRip() {
  }

  public static List<TextCue> parse(String text) {
    List<TextCue> cues = new ArrayList<>();
    String[] lines = text.replace("\uFEFF", "").replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    int i = 0;
    while (i < lines.length) {
      Matcher m = TIMING.matcher(lines[i]);
      if (!m.matches()) {
        i++;
        continue;
      }
      long start = millis(m, 1);
      long end = millis(m, 5);
      i++;
      StringBuilder body = new StringBuilder();
      while (i < lines.length && !lines[i].isBlank()) {
        // A timing line right after text means the blank line was forgotten: the next cue starts there.
        if (TIMING.matcher(lines[i]).matches()) {
          break;
        }
        body.append(lines[i]).append('\n');
        i++;
      }
      String cueText = CueText.fromSubRip(dropTrailingIndex(body.toString()));
      if (!cueText.isEmpty() && end > start) {
        cues.add(new TextCue(start, end, cueText));
      }
    }
    return cues;
  }

  /** A cue's last line may be the next block's number when a blank line is missing; drop a bare number there. */
  private static String dropTrailingIndex(String body) {
    String trimmed = body.stripTrailing();
    int lastBreak = trimmed.lastIndexOf('\n');
    if (lastBreak > 0 && trimmed.substring(lastBreak + 1).strip().matches("\\d+")) {
      return trimmed.substring(0, lastBreak);
    }
    return trimmed;
  }

  private static long millis(Matcher m, int group) {
    long h = Long.parseLong(m.group(group));
    long min = Long.parseLong(m.group(group + 1));
    long s = Long.parseLong(m.group(group + 2));
    String fraction = m.group(group + 3);
    long ms = 0;
    if (fraction != null) {
      // "5" is half a second, "50" too: a fraction, not a count of milliseconds.
      ms = Long.parseLong((fraction + "00").substring(0, 3));
    }
    return ((h * 60 + min) * 60 + s) * 1000 + ms;
  }
}
