package dev.tgstream.stream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpDatesTest {

  private static final Instant EXAMPLE = Instant.parse("1994-11-06T08:49:37Z");
  private static final Instant NOW = Instant.parse("2025-06-15T12:00:00Z");

  @Test
  void parsesImfFixdate() {
    assertEquals(Optional.of(EXAMPLE), HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
  }

  @Test
  void parsesRfc850() {
    assertEquals(Optional.of(EXAMPLE), HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT", NOW));
  }

  @Test
  void parsesAsctimeWithSpacePaddedDay() {
    assertEquals(Optional.of(EXAMPLE), HttpDates.parse("Sun Nov  6 08:49:37 1994"));
  }

  @Test
  void parsesAsctimeWithTwoDigitDay() {
    assertEquals(Optional.of(EXAMPLE), HttpDates.parse("Sun Nov 06 08:49:37 1994"));
  }

  @ParameterizedTest(name = "in 2025, \"{0}\" is {1}")
  @CsvSource({
      "94, 1994",
      "24, 2024",
      "25, 2025",
      "75, 2075",  // exactly 50 years ahead is still taken as the future
      "76, 1976",  // 51 years ahead reads as the past century
      "00, 2000",
  })
  void rfc850TwoDigitYearsStayWithinFiftyYearsAhead(String twoDigits, int year) {
    Instant parsed = HttpDates.parse("Monday, 01-Jan-" + twoDigits + " 00:00:00 GMT", NOW).orElseThrow();
    assertEquals(Instant.parse(year + "-01-01T00:00:00Z"), parsed);
  }

  @Test
  void rfc850WindowMovesAcrossACentury() {
    Instant in2090 = Instant.parse("2090-01-01T00:00:00Z");
    assertEquals(Instant.parse("2110-03-01T00:00:00Z"),
        HttpDates.parse("Monday, 01-Mar-10 00:00:00 GMT", in2090).orElseThrow());
  }

  @Test
  void leapSecondReadsAsTheSecondBefore() {
    assertEquals(Optional.of(Instant.parse("2016-12-31T23:59:59Z")),
        HttpDates.parse("Sat, 31 Dec 2016 23:59:60 GMT"));
  }

  @Test
  void surroundingWhitespaceIsTolerated() {
    assertEquals(Optional.of(EXAMPLE), HttpDates.parse("  Sun, 06 Nov 1994 08:49:37 GMT\t"));
  }

  @Test
  void dayNameIsNotCheckedAgainstTheDate() {
    assertEquals(Optional.of(EXAMPLE), HttpDates.parse("Mon, 06 Nov 1994 08:49:37 GMT"));
  }

  @Test
  void leapDayIsValidOnlyInLeapYears() {
    assertEquals(Optional.of(Instant.parse("2024-02-29T00:00:00Z")), HttpDates.parse("Thu, 29 Feb 2024 00:00:00 GMT"));
    assertEquals(Optional.empty(), HttpDates.parse("Thu, 29 Feb 2023 00:00:00 GMT"));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {
      "",
      "   ",
      "Sun, 06 Nov 1994 08:49:37 UTC",          // only GMT
      "Sun, 06 Nov 1994 08:49:37 +0000",
      "Sun, 06 Nov 1994 08:49:37",              // zone missing
      "sun, 06 nov 1994 08:49:37 gmt",          // HTTP-date is case-sensitive
      "Sun, 6 Nov 1994 08:49:37 GMT",           // IMF-fixdate day has two digits
      "Sun, 06 Nov 94 08:49:37 GMT",            // two-digit year outside RFC 850
      "Sun, 06 November 1994 08:49:37 GMT",
      "Sunday, 06 Nov 1994 08:49:37 GMT",       // long day name with the fixdate layout
      "Sun, 06-Nov-94 08:49:37 GMT",            // short day name with the RFC 850 layout
      "Sun, 31 Nov 1994 08:49:37 GMT",          // November has 30 days
      "Sun, 00 Nov 1994 08:49:37 GMT",
      "Sun, 06 Nov 1994 24:00:00 GMT",
      "Sun, 06 Nov 1994 08:60:00 GMT",
      "Sun, 06 Nov 1994 08:49:61 GMT",
      "Sun, 06 Nov 1994 8:49:37 GMT",
      "Sun, 06 Nov 1994 08:49:37 GMT garbage",
      "Sun Nov 6 08:49:37 1994",                // asctime pads a one-digit day with a space
      "1994-11-06T08:49:37Z",
      "784111777",
      "Sun, \u0660\u0666 Nov 1994 08:49:37 GMT", // Arabic-Indic digits
  })
  void rejectsWhatIsNotAnHttpDate(String value) {
    assertEquals(Optional.empty(), HttpDates.parse(value));
  }

  @Test
  void nullIsEmpty() {
    assertEquals(Optional.empty(), HttpDates.parse(null));
  }

  @Test
  void formatsImfFixdate() {
    assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDates.format(EXAMPLE));
    assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", HttpDates.format(Instant.EPOCH));
  }

  @Test
  void formatDropsFractionsOfASecond() {
    assertEquals("Wed, 01 May 2024 10:00:00 GMT", HttpDates.format(Instant.parse("2024-05-01T10:00:00.999Z")));
  }

  @Test
  void formatIgnoresTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      for (String tag : new String[] {"ar-EG", "th-TH-u-nu-thai", "de-DE", "tr-TR"}) {
        Locale.setDefault(Locale.forLanguageTag(tag));
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDates.format(EXAMPLE), tag);
      }
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void formatAgreesWithJavaTimeOverTheWholeFourDigitRange() {
    java.time.format.DateTimeFormatter oracle = java.time.format.DateTimeFormatter
        .ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.US).withZone(java.time.ZoneOffset.UTC);
    long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    Random random = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      Instant t = Instant.ofEpochSecond(first + (long) (random.nextDouble() * (last - first)));
      assertEquals(oracle.format(t), HttpDates.format(t), t.toString());
    }
    assertEquals("Sat, 01 Jan 0000 00:00:00 GMT", HttpDates.format(Instant.ofEpochSecond(first)));
    assertEquals("Fri, 31 Dec 9999 23:59:59 GMT", HttpDates.format(Instant.ofEpochSecond(last)));
  }

  @Test
  void formatRejectsYearsOutsideFourDigits() {
    assertThrows(IllegalArgumentException.class, () -> HttpDates.format(Instant.parse("+10000-01-01T00:00:00Z")));
    assertThrows(IllegalArgumentException.class, () -> HttpDates.format(Instant.parse("-0001-01-01T00:00:00Z")));
  }

  @Test
  void formatThenParseRoundTripsToTheSecond() {
    Random random = new Random(7);
    for (int i = 0; i < 5_000; i++) {
      long second = random.nextLong(253402300799L); // up to 9999-12-31T23:59:59Z
      Instant instant = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000));
      assertEquals(Optional.of(Instant.ofEpochSecond(second)), HttpDates.parse(HttpDates.format(instant)));
    }
  }
}
