package dev.tgstream.telegram.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a subtitle file's name says about it, after the video's own name: {@code movie.forced.fr.vtt} is French and
 * forced, {@code movie.en.sdh.srt} English for the hard of hearing, {@code movie.srt} says nothing. Tokens that are
 * neither a language nor a known flag ("commentary") end up in the label.
 */
public record SidecarSubtitleName(String language, boolean forced, boolean sdh, String label) {

  public static SidecarSubtitleName parse(String videoName, String subtitleName) {
    String base = stem(subtitleName);
    String lowerBase = base.toLowerCase(Locale.ROOT);
    String rest = "";
    for (String owner : List.of(videoName, stem(videoName))) {
      String lowerOwner = owner.toLowerCase(Locale.ROOT);
      if (lowerBase.equals(lowerOwner)) {
        rest = "";
        break;
      }
      if (lowerBase.startsWith(lowerOwner + ".")) {
        rest = base.substring(owner.length() + 1);
        break;
      }
    }
    String language = null;
    boolean forced = false;
    boolean sdh = false;
    List<String> other = new ArrayList<>();
    for (String token : rest.split("\\.")) {
      String t = token.strip();
      String lower = t.toLowerCase(Locale.ROOT);
      if (t.isEmpty() || lower.equals("default")) {
        continue;
      }
      if (lower.equals("forced")) {
        forced = true;
      } else if (lower.equals("sdh") || lower.equals("cc") || lower.equals("hi")) {
        sdh = true;
      } else if (language == null && Languages.tag(t) != null) {
        language = Languages.tag(t);
      } else {
        other.add(t);
      }
    }
    StringBuilder label = new StringBuilder(language == null ? "" : Languages.displayName(language));
    if (!other.isEmpty()) {
      label.append(label.length() > 0 ? " – " : "").append(String.join(" ", other));
    }
    if (label.length() == 0) {
      label.append("Subtitles");
    }
    if (forced) {
      label.append(" (forced)");
    }
    if (sdh) {
      label.append(" (SDH)");
    }
    return new SidecarSubtitleName(language, forced, sdh, label.toString());
  }

  private static String stem(String name) {
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? name : name.substring(0, dot);
  }
}
