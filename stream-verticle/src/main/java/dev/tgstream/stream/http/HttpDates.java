package dev.tgstream.stream.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP-date (RFC 9110 §5.6.7): reads the three formats recipients must accept, writes only IMF-fixdate.
 * HTTP-date is case-sensitive and always GMT, so parsing is exact; only the day name is not checked against the
 * date, because no client gets it wrong and the check would buy nothing but a way to fail.
 */
public final class HttpDates {

  private static final List<String> MONTHS =
      List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");
  private static final List<String> DAY_NAMES = List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");

  private static final String TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
  private static final String MONTH = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";

  /** {@code Sun, 06 Nov 1994 08:49:37 GMT} */
  private static final Pattern IMF_FIXDATE =
      Pattern.compile("(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) " + MONTH + " (\\d{4}) " + TIME + " GMT");

  /** {@code Sunday, 06-Nov-94 08:49:37 GMT} */
  private static final Pattern RFC_850 = Pattern.compile(
      "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-" + MONTH + "-(\\d{2}) " + TIME + " GMT");

  /** {@code Sun Nov  6 08:49:37 1994}: the day is two digits or a space and one digit. */
  private static final Pattern ASCTIME =
      Pattern.compile("(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) " + MONTH + " (\\d{2}| \\d) " + TIME + " (\\d{4})");

  private HttpDates() {
  }

  /** Parses an HTTP-date in any of the three formats; empty for anything else, never an exception. */
  public static Optional<Instant> parse(String value) {
    return parse(value, Instant.now());
  }

  /**
   * As {@link #parse(String)}, resolving an RFC 850 two-digit year against {@code now}: the year with those digits
   * that is at most 50 years after now's year (RFC 9110 says more than 50 years ahead means the previous century).
   */
  public static Optional<Instant> parse(String value, Instant now) {
    if (value == null) {
      return Optional.empty();
    }
    String trimmed = value.strip();
    Matcher m = IMF_FIXDATE.matcher(trimmed);
    if (m.matches()) {
      return toInstant(number(m, 3), monthNumber(m.group(2)), number(m, 1), number(m, 4), number(m, 5), number(m, 6));
    }
    m = RFC_850.matcher(trimmed);
    if (m.matches()) {
      int year = resolveTwoDigitYear(number(m, 3), now);
      return toInstant(year, monthNumber(m.group(2)), number(m, 1), number(m, 4), number(m, 5), number(m, 6));
    }
    m = ASCTIME.matcher(trimmed);
    if (m.matches()) {
      return toInstant(number(m, 6), monthNumber(m.group(1)), number(m, 2), number(m, 3), number(m, 4), number(m, 5));
    }
    return Optional.empty();
  }

  /** IMF-fixdate, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}; sub-second parts are dropped. */
  public static String format(Instant instant) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    if (t.getYear() < 0 || t.getYear() > 9999) {
      throw new IllegalArgumentException("IMF-fixdate has a four-digit year: " + instant);
    }
    // By hand rather than String.format, which cost more than the rest of a range response's headers; ASCII digits
    // whatever the default locale.
    StringBuilder b = new StringBuilder(29);
    b.append(DAY_NAMES.get(t.getDayOfWeek().getValue() - 1)).append(", ");
    twoDigits(b, t.getDayOfMonth()).append(' ').append(MONTHS.get(t.getMonthValue() - 1)).append(' ');
    int year = t.getYear();
    twoDigits(twoDigits(b, year / 100), year % 100).append(' ');
    twoDigits(b, t.getHour()).append(':');
    twoDigits(b, t.getMinute()).append(':');
    return twoDigits(b, t.getSecond()).append(" GMT").toString();
  }

  private static StringBuilder twoDigits(StringBuilder b, int value) {
    return b.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }

  private static int resolveTwoDigitYear(int twoDigits, Instant now) {
    int latestAllowed = LocalDateTime.ofEpochSecond(now.getEpochSecond(), 0, ZoneOffset.UTC).getYear() + 50;
    return latestAllowed - Math.floorMod(latestAllowed - twoDigits, 100);
  }

  private static Optional<Instant> toInstant(int year, int month, int day, int hour, int minute, int second) {
    if (hour > 23 || minute > 59 || second > 60) {
      return Optional.empty();
    }
    try {
      // Second 60 is a leap second (RFC 9110 allows it); Instant has none, so it reads as the second before.
      LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59));
      return Optional.of(t.toInstant(ZoneOffset.UTC));
    } catch (DateTimeException invalidDate) {
      return Optional.empty();
    }
  }

  private static int number(Matcher m, int group) {
    return Integer.parseInt(m.group(group).strip());
  }

  private static int monthNumber(String name) {
    return MONTHS.indexOf(name) + 1;
  }
}
