package dev.tgstream.telegram.media;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cue text from other formats as WebVTT cue text: SubRip's markup (i, b, u kept; font and the rest dropped), ASS/SSA
 * dialogue (override blocks dropped, \N as a line break: plain text), and WebVTT itself. Characters WebVTT treats
 * as markup (&amp;, &lt;) are escaped, and blank lines, which would end a cue early, are removed.
 */
public final class CueText {

  private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z]+)[^>]*>");
  private static final Pattern BARE_AMPERSAND = Pattern.compile("&(?![a-zA-Z]+;|#[0-9]+;|#x[0-9a-fA-F]+;)");
  private static final Pattern ASS_OVERRIDE = Pattern.compile("\\{[^}]*}");

  private CueText() {
  }

  /** The text of a Matroska block of a track with this codec id. */
  public static String fromMatroska(String codecId, String payload) {
    String codec = codecId == null ? "" : codecId.toUpperCase(Locale.ROOT);
    if (codec.contains("ASS") || codec.contains("SSA")) {
      // Matroska's ASS/SSA blocks: ReadOrder, Layer, Style, Name, MarginL, MarginR, MarginV, Effect, Text.
      String[] fields = payload.split(",", 9);
      return fromAss(fields.length == 9 ? fields[8] : payload);
    }
    if (codec.contains("WEBVTT")) {
      // Muxers copy WebVTT text as is, bare ampersands included; escaping those keeps the markup well-formed.
      return lines(BARE_AMPERSAND.matcher(payload).replaceAll("&amp;"));
    }
    return fromSubRip(payload);
  }

  /** SubRip text: basic styling kept, everything else as plain text. */
  public static String fromSubRip(String text) {
    // SSA-style position overrides ({\an8}) turn up in SRT files too.
    String plain = ASS_OVERRIDE.matcher(text).replaceAll("");
    StringBuilder out = new StringBuilder();
    Matcher m = TAG.matcher(plain);
    int last = 0;
    while (m.find()) {
      out.append(escape(plain.substring(last, m.start())));
      String name = m.group(2).toLowerCase(Locale.ROOT);
      if (name.equals("i") || name.equals("b") || name.equals("u")) {
        out.append('<').append(m.group(1)).append(name).append('>');
      }
      last = m.end();
    }
    out.append(escape(plain.substring(last)));
    return lines(out.toString());
  }

  /** ASS/SSA dialogue text as plain text. */
  public static String fromAss(String text) {
    String plain = ASS_OVERRIDE.matcher(text).replaceAll("")
        .replace("\\N", "\n").replace("\\n", "\n").replace("\\h", "\u00A0");
    return lines(escape(plain));
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Unix newlines, no blank lines (they end a cue), no "-->" (it starts one), trimmed. */
  static String lines(String s) {
    StringBuilder out = new StringBuilder();
    for (String line : s.replace("\r\n", "\n").replace('\r', '\n').split("\n")) {
      String l = line.replace("-->", "->").strip();
      if (!l.isEmpty()) {
        if (out.length() > 0) {
          out.append('\n');
        }
        out.append(l);
      }
    }
    return out.toString();
  }
}
