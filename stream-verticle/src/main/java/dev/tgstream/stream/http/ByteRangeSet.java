package dev.tgstream.stream.http;

import dev.tgstream.stream.http.ByteRangeRequest.ByteRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Range field value as written (RFC 9110 §14.1–14.2), before it meets a representation length. Syntax follows
 * nginx's range filter where RFC 9110 leaves a choice: whitespace is tolerated around numbers and dashes, an
 * inverted range such as {@code 5-2} selects nothing rather than voiding the whole set, and numbers beyond the long
 * range make the set malformed. Unlike nginx, empty list elements ({@code 0-1,,2-3}) are skipped as RFC 9110 §5.6.1
 * requires of recipients.
 */
public sealed interface ByteRangeSet {

  /** No Range field, or one whose unit is not {@code bytes}: the field is ignored and the whole representation sent. */
  record Ignored() implements ByteRangeSet {
  }

  /** A {@code bytes=} field whose range set does not parse: answered with 416, as nginx does. */
  record Malformed() implements ByteRangeSet {
  }

  /** A well-formed {@code bytes=} range set, in request order. */
  record Specs(List<Spec> specs) implements ByteRangeSet {
    public Specs {
      specs = List.copyOf(specs);
    }
  }

  /** One byte-range-spec. */
  sealed interface Spec {
    /** The bytes this spec selects from a representation of {@code length} bytes, empty when it selects none. */
    Optional<ByteRange> resolve(long length);
  }

  /** {@code first-last}, or {@code first-} when {@code last} is null. */
  record IntRange(long first, Long last) implements Spec {
    @Override
    public Optional<ByteRange> resolve(long length) {
      if (first >= length || (last != null && last < first)) {
        return Optional.empty();
      }
      long clampedLast = last == null ? length - 1 : Math.min(last, length - 1);
      return Optional.of(new ByteRange(first, clampedLast));
    }
  }

  /** {@code -suffixLength}: the final bytes, or the whole representation when it is shorter. */
  record SuffixRange(long suffixLength) implements Spec {
    @Override
    public Optional<ByteRange> resolve(long length) {
      if (suffixLength == 0 || length == 0) {
        return Optional.empty();
      }
      return Optional.of(new ByteRange(Math.max(0, length - suffixLength), length - 1));
    }
  }

  /** Parses a Range field value; {@code null} (no field) is {@link Ignored}. Never throws. */
  static ByteRangeSet parse(String fieldValue) {
    if (fieldValue == null) {
      return new Ignored();
    }
    String value = stripWhitespace(fieldValue);
    int equals = value.indexOf('=');
    // No whitespace is allowed around '=' (range-unit "=" range-set), so "bytes =0-1" names an unknown unit.
    if (equals < 0 || !value.substring(0, equals).toLowerCase(Locale.ROOT).equals("bytes")) {
      return new Ignored();
    }
    List<Spec> specs = new ArrayList<>();
    for (String element : value.substring(equals + 1).split(",", -1)) {
      String trimmed = stripWhitespace(element);
      if (trimmed.isEmpty()) {
        continue;
      }
      Optional<Spec> spec = parseSpec(trimmed);
      if (spec.isEmpty()) {
        return new Malformed();
      }
      specs.add(spec.get());
    }
    return specs.isEmpty() ? new Malformed() : new Specs(specs);
  }

  private static Optional<Spec> parseSpec(String element) {
    int dash = element.indexOf('-');
    if (dash < 0) {
      return Optional.empty();
    }
    String before = stripWhitespace(element.substring(0, dash));
    String after = stripWhitespace(element.substring(dash + 1));
    if (before.isEmpty()) {
      return digits(after).map(SuffixRange::new);
    }
    Optional<Long> first = digits(before);
    if (first.isEmpty()) {
      return Optional.empty();
    }
    if (after.isEmpty()) {
      return Optional.of(new IntRange(first.get(), null));
    }
    return digits(after).map(last -> new IntRange(first.get(), last));
  }

  /** 1*DIGIT as a long; signs, other characters and values beyond Long.MAX_VALUE give empty. */
  private static Optional<Long> digits(String text) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return Optional.empty();
      }
      int digit = c - '0';
      if (value > (Long.MAX_VALUE - digit) / 10) {
        return Optional.empty();
      }
      value = value * 10 + digit;
    }
    return Optional.of(value);
  }

  /** Strips OWS (space and horizontal tab) only, unlike String.strip which also eats other control characters. */
  private static String stripWhitespace(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && isWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start && isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(start, end);
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t';
  }
}
