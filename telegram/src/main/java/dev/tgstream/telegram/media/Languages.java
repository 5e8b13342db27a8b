package dev.tgstream.telegram.media;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;

/**
 * Language tags as subtitle files and Matroska name them ("en", "eng", "fre", "pt-BR", "und") turned into the
 * BCP 47 tags browsers expect in {@code <track srclang>} ("en", "fr", "pt-BR"), and into English names for labels.
 */
public final class Languages {

  private static final Map<String, String> THREE_TO_TWO = new HashMap<>();

  static {
    for (String two : Locale.getISOLanguages()) {
      try {
        THREE_TO_TWO.put(Locale.forLanguageTag(two).getISO3Language(), two);
      } catch (MissingResourceException e) {
        // no three-letter code: nothing to map
      }
    }
    // ISO 639-2/B (bibliographic) codes, which Matroska and many release groups use.
    String[][] bibliographic = {{"fre", "fr"}, {"ger", "de"}, {"chi", "zh"}, {"dut", "nl"}, {"cze", "cs"},
        {"gre", "el"}, {"per", "fa"}, {"rum", "ro"}, {"slo", "sk"}, {"alb", "sq"}, {"arm", "hy"}, {"baq", "eu"},
        {"bur", "my"}, {"geo", "ka"}, {"ice", "is"}, {"mac", "mk"}, {"mao", "mi"}, {"may", "ms"}, {"tib", "bo"},
        {"wel", "cy"}};
    for (String[] pair : bibliographic) {
      THREE_TO_TWO.put(pair[0], pair[1]);
    }
  }

  private Languages() {
  }

  /** The BCP 47 tag for a language token, or null when it is not one (or "und"). */
  public static String tag(String token) {
    if (token == null) {
      return null;
    }
    String t = token.strip().replace('_', '-');
    if (t.isEmpty()) {
      return null;
    }
    String[] parts = t.split("-", 2);
    String language = parts[0].toLowerCase(Locale.ROOT);
    if (language.length() == 3) {
      language = THREE_TO_TWO.get(language);
    } else if (language.length() != 2 || !THREE_TO_TWO.containsValue(language)) {
      language = null;
    }
    if (language == null) {
      return null;
    }
    if (parts.length == 2 && parts[1].matches("[A-Za-z]{2}|[0-9]{3}|[A-Za-z]{4}")) {
      String region = parts[1].length() == 4
          ? parts[1].substring(0, 1).toUpperCase(Locale.ROOT) + parts[1].substring(1).toLowerCase(Locale.ROOT)
          : parts[1].toUpperCase(Locale.ROOT);
      return language + "-" + region;
    }
    return parts.length == 2 ? null : language;
  }

  /** "French", "Portuguese (Brazil)"; the tag itself when Java has no name for it. */
  public static String displayName(String tag) {
    Locale locale = Locale.forLanguageTag(tag);
    String name = locale.getDisplayName(Locale.ENGLISH);
    return name.isEmpty() ? tag : name;
  }
}
