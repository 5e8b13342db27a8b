package dev.tgstream.stream.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An RFC 9110 §8.8.3 entity tag, {@code "opaque"} or {@code W/"opaque"}, with the two comparison functions the
 * preconditions need.
 */
public record EntityTag(boolean weak, String opaqueTag) {

  public EntityTag {
    if (opaqueTag == null) {
      throw new IllegalArgumentException("opaque tag is required");
    }
    for (int i = 0; i < opaqueTag.length(); i++) {
      if (!isEtagChar(opaqueTag.charAt(i))) {
        throw new IllegalArgumentException("not an entity tag character at " + i + ": " + opaqueTag);
      }
    }
  }

  /** Parses one entity tag, the whole value and nothing else (surrounding whitespace allowed). */
  public static Optional<EntityTag> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    Cursor cursor = new Cursor(value);
    cursor.skipWhitespace();
    Optional<EntityTag> tag = cursor.readTag();
    cursor.skipWhitespace();
    return cursor.atEnd() ? tag : Optional.empty();
  }

  /**
   * Parses a comma-separated list of entity tags (If-Match, If-None-Match). Members that are not entity tags are
   * skipped: they can never match, and dropping them keeps one client's garbage from hiding its valid tags.
   * Commas inside quotes belong to the tag, which is why this cannot simply split on commas.
   */
  public static List<EntityTag> parseList(String value) {
    List<EntityTag> tags = new ArrayList<>();
    if (value == null) {
      return tags;
    }
    Cursor cursor = new Cursor(value);
    while (true) {
      cursor.skipWhitespaceAndCommas();
      if (cursor.atEnd()) {
        return tags;
      }
      Optional<EntityTag> tag = cursor.readTag();
      cursor.skipWhitespace();
      if (tag.isPresent() && (cursor.atEnd() || cursor.peek() == ',')) {
        tags.add(tag.get());
      } else {
        cursor.skipPastNextComma();
      }
    }
  }

  /** Strong comparison (RFC 9110 §8.8.3.2): both strong and character-for-character equal. */
  public boolean strongMatch(EntityTag other) {
    return !weak && !other.weak && opaqueTag.equals(other.opaqueTag);
  }

  /** Weak comparison: opaque tags equal, whatever either weakness indicator says. */
  public boolean weakMatch(EntityTag other) {
    return opaqueTag.equals(other.opaqueTag);
  }

  /** The field form, e.g. {@code "abc"} or {@code W/"abc"}. */
  @Override
  public String toString() {
    return (weak ? "W/\"" : "\"") + opaqueTag + "\"";
  }

  /** etagc = %x21 / %x23-7E / obs-text: visible characters except the double quote. */
  private static boolean isEtagChar(char c) {
    return c == 0x21 || (c >= 0x23 && c <= 0x7E) || (c >= 0x80 && c <= 0xFF);
  }

  private static final class Cursor {
    private final String text;
    private int position;

    Cursor(String text) {
      this.text = text;
    }

    boolean atEnd() {
      return position >= text.length();
    }

    char peek() {
      return text.charAt(position);
    }

    void skipWhitespace() {
      while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
        position++;
      }
    }

    void skipWhitespaceAndCommas() {
      while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == ',')) {
        position++;
      }
    }

    void skipPastNextComma() {
      // A malformed member may hold an unbalanced quote; resynchronising at the next comma is the best guess.
      while (!atEnd() && peek() != ',') {
        position++;
      }
    }

    Optional<EntityTag> readTag() {
      boolean weak = text.startsWith("W/", position);
      int start = weak ? position + 2 : position;
      if (start >= text.length() || text.charAt(start) != '"') {
        return Optional.empty();
      }
      int end = start + 1;
      while (end < text.length() && text.charAt(end) != '"') {
        if (!isEtagChar(text.charAt(end))) {
          return Optional.empty();
        }
        end++;
      }
      if (end >= text.length()) {
        return Optional.empty();
      }
      position = end + 1;
      return Optional.of(new EntityTag(weak, text.substring(start + 1, end)));
    }
  }
}
