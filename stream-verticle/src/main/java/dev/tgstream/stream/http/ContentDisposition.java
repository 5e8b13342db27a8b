package dev.tgstream.stream.http;

import dev.tgstream.stream.link.Disposition;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The Content-Disposition value (RFC 6266) for a served file: {@code filename} carries an ASCII-only fallback for
 * clients that ignore {@code filename*} (curl -J, old browsers), {@code filename*} carries the real name as
 * RFC 8187 UTF-8 percent-encoding. The name never carries a path: separators become {@code _} in both.
 */
public final class ContentDisposition {

  /** Used when a name is empty or nothing but dots and spaces, which no file system would keep. */
  static final String DEFAULT_NAME = "download";

  private static final char REPLACEMENT = '_';

  private ContentDisposition() {
  }

  /** E.g. {@code inline; filename="_t_.mp4"; filename*=UTF-8''%C3%A9t%C3%A9.mp4}. */
  public static String header(Disposition disposition, String fileName) {
    Objects.requireNonNull(disposition, "disposition");
    String name = safeName(fileName);
    return disposition.headerValue()
        + "; filename=\"" + asciiFallback(name) + "\""
        + "; filename*=UTF-8''" + percentEncode(name);
  }

  /**
   * The name with path separators, control and line-separator characters, bidirectional overrides and unpaired
   * surrogates replaced by {@code _}, surrounding whitespace trimmed:
   * none belongs in a saved file name, and bidi overrides exist there only to disguise an extension
   * ({@code photo\u202Egpj.exe} displays as {@code photoexe.jpg}).
   */
  static String safeName(String fileName) {
    if (fileName == null) {
      return DEFAULT_NAME;
    }
    StringBuilder safe = new StringBuilder(fileName.length());
    fileName.strip().codePoints().forEach(cp -> {
      boolean separator = cp == '/' || cp == '\\';
      int type = Character.getType(cp);
      boolean control = type == Character.CONTROL || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR;
      boolean loneSurrogate = type == Character.SURROGATE;
      if (separator || control || loneSurrogate || isBidiControl(cp)) {
        safe.append(REPLACEMENT);
      } else {
        safe.appendCodePoint(cp);
      }
    });
    String name = safe.toString();
    return name.chars().allMatch(c -> c == '.' || c == ' ') ? DEFAULT_NAME : name;
  }

  /**
   * Printable ASCII only, one {@code _} per other character (code point), and no {@code "} or {@code \} which
   * would need quoting rules some clients get wrong. A {@code %} followed by two hex digits also becomes {@code _}:
   * RFC 6266 Appendix D warns that some clients percent-decode {@code filename}.
   */
  static String asciiFallback(String name) {
    StringBuilder fallback = new StringBuilder(name.length());
    int[] codePoints = name.codePoints().toArray();
    for (int i = 0; i < codePoints.length; i++) {
      int cp = codePoints[i];
      boolean printable = cp >= 0x20 && cp <= 0x7E && cp != '"' && cp != '\\' && cp != '/';
      boolean percentEscape = cp == '%' && i + 2 < codePoints.length
          && isHexDigit(codePoints[i + 1]) && isHexDigit(codePoints[i + 2]);
      fallback.append(printable && !percentEscape ? (char) cp : REPLACEMENT);
    }
    return fallback.toString();
  }

  /** RFC 8187 value-chars: attr-char as is, every other UTF-8 byte as %XX. */
  static String percentEncode(String name) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int unsigned = b & 0xFF;
      if (isAttrChar(unsigned)) {
        encoded.append((char) unsigned);
      } else {
        encoded.append('%').append(Character.toUpperCase(Character.forDigit(unsigned >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(unsigned & 0xF, 16)));
      }
    }
    return encoded.toString();
  }

  private static boolean isBidiControl(int cp) {
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x2066 && cp <= 0x2069);
  }

  private static boolean isAttrChar(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || "!#$&+-.^_`|~".indexOf(c) >= 0;
  }

  private static boolean isHexDigit(int c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
  }
}
