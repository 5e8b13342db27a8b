package dev.tgstream.stream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tgstream.stream.http.ByteRangeRequest.ByteRange;
import dev.tgstream.stream.http.ByteRangeRequest.Conditions;
import dev.tgstream.stream.http.ByteRangeRequest.Full;
import dev.tgstream.stream.http.ByteRangeRequest.Multi;
import dev.tgstream.stream.http.ByteRangeRequest.NotModified;
import dev.tgstream.stream.http.ByteRangeRequest.Outcome;
import dev.tgstream.stream.http.ByteRangeRequest.PreconditionFailed;
import dev.tgstream.stream.http.ByteRangeRequest.Resource;
import dev.tgstream.stream.http.ByteRangeRequest.Single;
import dev.tgstream.stream.http.ByteRangeRequest.Unsatisfiable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeRequestTest {

  private static final long LENGTH = 1000;
  private static final String ETAG = "\"v1\"";
  /** Half a second past the whole second, so every date comparison proves it works at second precision. */
  private static final Instant MODIFIED = Instant.parse("2024-05-01T10:00:00.500Z");
  private static final String MODIFIED_DATE = "Wed, 01 May 2024 10:00:00 GMT";
  private static final String SECOND_BEFORE = "Wed, 01 May 2024 09:59:59 GMT";
  private static final String SECOND_AFTER = "Wed, 01 May 2024 10:00:01 GMT";
  private static final Resource RESOURCE = new Resource(LENGTH, ETAG, MODIFIED);

  /** A GET with no headers, changed one header at a time. */
  private record Request(String method, String range, String ifMatch, String ifNoneMatch, String ifModifiedSince,
                         String ifUnmodifiedSince, String ifRange) {
    static Request get() {
      return new Request("GET", null, null, null, null, null, null);
    }

    Request method(String v) {
      return new Request(v, range, ifMatch, ifNoneMatch, ifModifiedSince, ifUnmodifiedSince, ifRange);
    }

    Request range(String v) {
      return new Request(method, v, ifMatch, ifNoneMatch, ifModifiedSince, ifUnmodifiedSince, ifRange);
    }

    Request ifMatch(String v) {
      return new Request(method, range, v, ifNoneMatch, ifModifiedSince, ifUnmodifiedSince, ifRange);
    }

    Request ifNoneMatch(String v) {
      return new Request(method, range, ifMatch, v, ifModifiedSince, ifUnmodifiedSince, ifRange);
    }

    Request ifModifiedSince(String v) {
      return new Request(method, range, ifMatch, ifNoneMatch, v, ifUnmodifiedSince, ifRange);
    }

    Request ifUnmodifiedSince(String v) {
      return new Request(method, range, ifMatch, ifNoneMatch, ifModifiedSince, v, ifRange);
    }

    Request ifRange(String v) {
      return new Request(method, range, ifMatch, ifNoneMatch, ifModifiedSince, ifUnmodifiedSince, v);
    }

    Outcome on(Resource resource) {
      return ByteRangeRequest.evaluate(
          new Conditions(method, range, ifMatch, ifNoneMatch, ifModifiedSince, ifUnmodifiedSince, ifRange), resource);
    }

    Outcome evaluate() {
      return on(RESOURCE);
    }
  }

  private static Single single(long first, long last) {
    return new Single(new ByteRange(first, last));
  }

  private static Outcome range(String header) {
    return Request.get().range(header).evaluate();
  }

  @Nested
  @DisplayName("single ranges")
  class SingleRanges {

    @Test
    void noRangeHeaderSendsEverything() {
      assertEquals(new Full(), Request.get().evaluate());
    }

    @Test
    void closedRange() {
      assertEquals(single(0, 499), range("bytes=0-499"));
    }

    @Test
    void openEndedRangeRunsToTheLastByte() {
      assertEquals(single(500, 999), range("bytes=500-"));
    }

    @Test
    void suffixRangeTakesTheFinalBytes() {
      assertEquals(single(900, 999), range("bytes=-100"));
    }

    @Test
    void safariProbeGetsExactlyTwoBytes() {
      Outcome outcome = range("bytes=0-1");
      assertEquals(single(0, 1), outcome);
      assertEquals(2, ((Single) outcome).range().length());
    }

    @Test
    void oneByteRangeAtEachEnd() {
      assertEquals(single(0, 0), range("bytes=0-0"));
      assertEquals(single(999, 999), range("bytes=999-999"));
    }

    @Test
    void lastBeyondTheEndIsClampedToTheLastByte() {
      assertEquals(single(900, 999), range("bytes=900-5000"));
    }

    @Test
    void suffixLongerThanTheRepresentationSelectsAllOfIt() {
      assertEquals(single(0, 999), range("bytes=-5000"));
    }

    @Test
    void wholeRepresentationAsARangeIsStillPartialContent() {
      assertEquals(single(0, 999), range("bytes=0-"));
    }

    @Test
    void largestLongValuesAreAcceptedAndClamped() {
      assertEquals(single(0, 999), range("bytes=0-9223372036854775807"));
      assertEquals(single(0, 999), range("bytes=-9223372036854775807"));
      assertEquals(new Unsatisfiable(), range("bytes=9223372036854775807-"));
    }

    @Test
    void headIsEvaluatedExactlyLikeGet() {
      for (String header : List.of("bytes=0-1", "bytes=0-1,5-6", "bytes=2000-", "bytes=abc", "items=1-2")) {
        assertEquals(range(header), Request.get().method("HEAD").range(header).evaluate(), header);
      }
      assertEquals(new NotModified(), Request.get().method("HEAD").ifNoneMatch(ETAG).evaluate());
    }

    @Test
    void absentMethodMeansGet() {
      assertEquals(single(0, 1), Request.get().method(null).range("bytes=0-1").evaluate());
    }
  }

  @Nested
  @DisplayName("unsatisfiable ranges (416)")
  class UnsatisfiableRanges {

    @Test
    void firstAtTheLengthIsPastTheEnd() {
      assertEquals(new Unsatisfiable(), range("bytes=1000-"));
    }

    @Test
    void rangeEntirelyPastTheEnd() {
      assertEquals(new Unsatisfiable(), range("bytes=2000-3000"));
    }

    @Test
    void zeroLengthSuffixSelectsNothing() {
      assertEquals(new Unsatisfiable(), range("bytes=-0"));
    }

    @Test
    void severalRangesAllPastTheEnd() {
      assertEquals(new Unsatisfiable(), range("bytes=2000-,3000-3100,-0"));
    }

    @ParameterizedTest(name = "{0} on an empty file")
    @ValueSource(strings = {"bytes=0-", "bytes=0-0", "bytes=-5", "bytes=-0", "bytes=0-1,-1"})
    void anyBytesRangeOnAnEmptyRepresentation(String header) {
      Resource empty = new Resource(0, ETAG, MODIFIED);
      assertEquals(new Unsatisfiable(), Request.get().range(header).on(empty));
    }

    @Test
    void emptyRepresentationWithoutRangeIsSentWhole() {
      assertEquals(new Full(), Request.get().on(new Resource(0, ETAG, MODIFIED)));
    }
  }

  @Nested
  @DisplayName("malformed bytes= sets (416, as nginx)")
  class MalformedRanges {

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {
        "bytes=",                       // no range set at all
        "bytes= ",                      // only whitespace
        "bytes=,",                      // only empty elements: 1#range-spec needs one
        "bytes=abc",                    // not a number
        "bytes=5-2",                    // inverted: selects nothing, and it is the only range
        "bytes=--1",                    // double dash
        "bytes=-",                      // dash alone
        "bytes=1",                      // no dash
        "bytes=1-2-3",                  // trailing garbage after last
        "bytes=+1-2",                   // signs are not digits
        "bytes=1--2",                   // negative last
        "bytes=-+5",                    // signed suffix
        "bytes=0x10-0x20",              // hex
        "bytes=1.5-2",                  // decimals
        "bytes=0-1;2-3",                // wrong separator
        "bytes=\u0663-5",               // ARABIC-INDIC DIGIT THREE is a digit to Java, not to HTTP
        "bytes=0-1,abc",                // one bad element voids the whole set
        "bytes=9223372036854775808-",   // first overflows a long
        "bytes=0-99999999999999999999", // last overflows a long
        "bytes=-9223372036854775808",   // suffix overflows a long
    })
    void malformedSetIsUnsatisfiable(String header) {
      assertEquals(new Unsatisfiable(), range(header));
    }

    @Test
    void invertedRangeAmongValidOnesIsDroppedLikeNginx() {
      assertEquals(single(0, 1), range("bytes=5-2,0-1"));
    }
  }

  @Nested
  @DisplayName("units and syntax")
  class UnitsAndSyntax {

    @ParameterizedTest(name = "\"{0}\" is ignored")
    @ValueSource(strings = {"items=0-1", "none", "bytes", "bytes =0-1", "byte=0-1", "=0-1", ""})
    void otherUnitsOrNoUnitSendEverything(String header) {
      assertEquals(new Full(), range(header));
    }

    @ParameterizedTest
    @ValueSource(strings = {"BYTES=0-1", "Bytes=0-1", "bYtEs=0-1"})
    void unitIsCaseInsensitive(String header) {
      assertEquals(single(0, 1), range(header));
    }

    @Test
    void whitespaceAroundElementsNumbersAndDashes() {
      assertEquals(new Multi(List.of(new ByteRange(0, 1), new ByteRange(5, 6))), range("bytes= 0-1 ,\t5-6 "));
      assertEquals(single(0, 1), range("bytes=0 - 1"));
      assertEquals(single(900, 999), range("bytes=- 100"));
      assertEquals(single(10, 999), range("  bytes=10-  "));
    }

    @Test
    void emptyListElementsAreSkippedAsRfc9110Requires() {
      assertEquals(new Multi(List.of(new ByteRange(0, 1), new ByteRange(5, 6))), range("bytes=0-1,,5-6"));
      assertEquals(single(0, 1), range("bytes=,0-1"));
      assertEquals(single(0, 1), range("bytes=0-1, ,"));
    }
  }

  @Nested
  @DisplayName("several ranges")
  class SeveralRanges {

    @Test
    void disjointRangesGiveMultipartInRequestOrder() {
      assertEquals(new Multi(List.of(new ByteRange(0, 99), new ByteRange(500, 599), new ByteRange(900, 999))),
          range("bytes=0-99,500-599,-100"));
    }

    @Test
    void unsortedRangesKeepRequestOrder() {
      assertEquals(new Multi(List.of(new ByteRange(500, 599), new ByteRange(0, 99))), range("bytes=500-599,0-99"));
    }

    @Test
    void adjacentRangesAreNotMerged() {
      assertEquals(new Multi(List.of(new ByteRange(0, 99), new ByteRange(100, 199))), range("bytes=0-99,100-199"));
    }

    @ParameterizedTest(name = "\"{0}\" overlaps")
    @ValueSource(strings = {
        "bytes=0-99,50-149",       // partial overlap
        "bytes=0-999,10-20",       // containment
        "bytes=0-1,0-1",           // duplicates
        "bytes=99-100,0-99",       // share one byte, unsorted
        "bytes=900-,950-5000",     // overlap only after clamping
        "bytes=-100,950-960",      // suffix against a closed range
        "bytes=0-,0-",             // total of twice the length
    })
    void overlappingRangesSendEverything(String header) {
      assertEquals(new Full(), range(header));
    }

    @Test
    void exactlyMaxRangesIsStillMultipart() {
      String header = "bytes=" + IntStream.range(0, ByteRangeRequest.MAX_RANGES)
          .mapToObj(i -> (i * 10) + "-" + (i * 10 + 4)).collect(Collectors.joining(","));
      Outcome outcome = range(header);
      assertInstanceOf(Multi.class, outcome);
      assertEquals(ByteRangeRequest.MAX_RANGES, ((Multi) outcome).ranges().size());
      assertEquals(new ByteRange(150, 154), ((Multi) outcome).ranges().get(15));
    }

    @Test
    void seventeenRangesSendEverything() {
      String header = "bytes=" + IntStream.range(0, 17)
          .mapToObj(i -> (i * 10) + "-" + (i * 10 + 4)).collect(Collectors.joining(","));
      assertEquals(new Full(), range(header));
    }

    @Test
    void onlySatisfiableRangesCountTowardsTheLimit() {
      String header = "bytes=" + IntStream.range(0, 16)
          .mapToObj(i -> (i * 10) + "-" + (i * 10 + 4)).collect(Collectors.joining(",")) + ",5000-6000";
      assertEquals(16, ((Multi) range(header)).ranges().size());
    }

    @Test
    void oneSatisfiableRangeAmongUnsatisfiableOnesIsASingleRange() {
      assertEquals(single(0, 1), range("bytes=5000-6000,0-1,-0"));
    }

    @Test
    void multiRangesAreImmutable() {
      Multi multi = (Multi) range("bytes=0-1,5-6");
      assertThrows(UnsupportedOperationException.class, () -> multi.ranges().add(new ByteRange(8, 9)));
    }
  }

  @Nested
  @DisplayName("If-Match and If-Unmodified-Since (412)")
  class StateChangingPreconditions {

    @Test
    void ifMatchWithTheCurrentTagPasses() {
      assertEquals(single(0, 1), Request.get().ifMatch(ETAG).range("bytes=0-1").evaluate());
    }

    @Test
    void ifMatchStarPasses() {
      assertEquals(new Full(), Request.get().ifMatch("*").evaluate());
      assertEquals(new Full(), Request.get().ifMatch(" * ").evaluate());
    }

    @Test
    void ifMatchWithAnotherTagFails() {
      assertEquals(new PreconditionFailed(), Request.get().ifMatch("\"v2\"").evaluate());
    }

    @Test
    void ifMatchNeverMatchesAWeakTag() {
      assertEquals(new PreconditionFailed(), Request.get().ifMatch("W/\"v1\"").evaluate());
    }

    @Test
    void ifMatchListWithSpacesFindsTheTag() {
      assertEquals(new Full(), Request.get().ifMatch("\"a\" ,  \"v1\",\t\"b\"").evaluate());
      assertEquals(new Full(), Request.get().ifMatch("W/\"v1\", \"v1\"").evaluate());
    }

    @Test
    void ifMatchListSkipsGarbageMembers() {
      assertEquals(new Full(), Request.get().ifMatch("v1, \"unterminated, \"v1\"").evaluate());
      assertEquals(new PreconditionFailed(), Request.get().ifMatch("v1").evaluate());
    }

    @Test
    void commaInsideAQuotedTagIsPartOfTheTag() {
      assertEquals(new PreconditionFailed(), Request.get().ifMatch("\"x,v1\"").evaluate());
      Resource commaTagged = new Resource(LENGTH, "\"x,v1\"", MODIFIED);
      assertEquals(new Full(), Request.get().ifMatch("\"a\", \"x,v1\"").on(commaTagged));
    }

    @Test
    void emptyIfMatchListMatchesNothing() {
      assertEquals(new PreconditionFailed(), Request.get().ifMatch("").evaluate());
    }

    @Test
    void ifMatchFailureWinsOverRangeEvenAMalformedOne() {
      assertEquals(new PreconditionFailed(), Request.get().ifMatch("\"v2\"").range("bytes=0-1").evaluate());
      assertEquals(new PreconditionFailed(), Request.get().ifMatch("\"v2\"").range("bytes=abc").evaluate());
    }

    @Test
    void ifMatchFailureWinsOverIfNoneMatch() {
      assertEquals(new PreconditionFailed(), Request.get().ifMatch("\"v2\"").ifNoneMatch(ETAG).evaluate());
    }

    @Test
    void ifMatchPresentMakesIfUnmodifiedSinceIgnored() {
      assertEquals(new Full(), Request.get().ifMatch(ETAG).ifUnmodifiedSince(SECOND_BEFORE).evaluate());
    }

    @Test
    void ifUnmodifiedSinceBeforeTheModificationFails() {
      assertEquals(new PreconditionFailed(), Request.get().ifUnmodifiedSince(SECOND_BEFORE).evaluate());
    }

    @Test
    void ifUnmodifiedSinceTheSameSecondPasses() {
      assertEquals(single(0, 1), Request.get().ifUnmodifiedSince(MODIFIED_DATE).range("bytes=0-1").evaluate());
      assertEquals(new Full(), Request.get().ifUnmodifiedSince(SECOND_AFTER).evaluate());
    }

    @Test
    void unparseableIfUnmodifiedSinceIsIgnored() {
      assertEquals(new Full(), Request.get().ifUnmodifiedSince("yesterday").evaluate());
    }

    @Test
    void resourceWithoutValidatorsOnlyMatchesStar() {
      Resource bare = new Resource(LENGTH, null, null);
      assertEquals(new PreconditionFailed(), Request.get().ifMatch(ETAG).on(bare));
      assertEquals(new Full(), Request.get().ifMatch("*").on(bare));
      assertEquals(new Full(), Request.get().ifUnmodifiedSince(SECOND_BEFORE).on(bare));
      assertEquals(new Full(), Request.get().ifModifiedSince(SECOND_AFTER).on(bare));
    }
  }

  @Nested
  @DisplayName("If-None-Match and If-Modified-Since (304)")
  class CachePreconditions {

    @Test
    void ifNoneMatchWithTheCurrentTagIsNotModified() {
      assertEquals(new NotModified(), Request.get().ifNoneMatch(ETAG).evaluate());
    }

    @Test
    void ifNoneMatchComparesWeakly() {
      assertEquals(new NotModified(), Request.get().ifNoneMatch("W/\"v1\"").evaluate());
    }

    @Test
    void ifNoneMatchStarIsNotModified() {
      assertEquals(new NotModified(), Request.get().ifNoneMatch("*").evaluate());
    }

    @Test
    void ifNoneMatchListWithoutTheTagGoesOnToRange() {
      assertEquals(single(0, 1), Request.get().ifNoneMatch("\"a\", W/\"b\"").range("bytes=0-1").evaluate());
    }

    @Test
    void ifNoneMatchListWithTheTagAmongOthers() {
      assertEquals(new NotModified(), Request.get().ifNoneMatch("\"a\" , \"v1\"").evaluate());
    }

    @Test
    void notModifiedWinsOverRange() {
      assertEquals(new NotModified(), Request.get().ifNoneMatch(ETAG).range("bytes=0-1").evaluate());
      assertEquals(new NotModified(), Request.get().ifNoneMatch(ETAG).range("bytes=5000-").evaluate());
    }

    @Test
    void ifNoneMatchPresentMakesIfModifiedSinceIgnored() {
      assertEquals(new Full(), Request.get().ifNoneMatch("\"v2\"").ifModifiedSince(SECOND_AFTER).evaluate());
    }

    @ParameterizedTest(name = "If-Modified-Since {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "Wed, 01 May 2024 10:00:00 GMT | NotModified",  // same second as the half-second modification
        "Wed, 01 May 2024 10:00:01 GMT | NotModified",
        "Wed, 01 May 2024 09:59:59 GMT | Full",
        "Wednesday, 01-May-24 10:00:00 GMT | NotModified",  // RFC 850
        "Wed May  1 10:00:00 2024 | NotModified",           // asctime
        "not a date | Full",
        "1714557600 | Full",                                // epoch seconds are not an HTTP-date
    })
    void ifModifiedSince(String date, String expected) {
      Outcome outcome = Request.get().ifModifiedSince(date).evaluate();
      assertEquals(expected, outcome.getClass().getSimpleName());
    }

    @Test
    void otherMethodsFailInsteadOfNotModifiedAndIgnoreRange() {
      assertEquals(new PreconditionFailed(), Request.get().method("POST").ifNoneMatch(ETAG).evaluate());
      assertEquals(new Full(), Request.get().method("POST").ifModifiedSince(SECOND_AFTER).evaluate());
      assertEquals(new Full(), Request.get().method("POST").range("bytes=0-1").evaluate());
    }
  }

  @Nested
  @DisplayName("If-Range")
  class IfRange {

    @Test
    void matchingStrongTagHonoursTheRange() {
      assertEquals(single(0, 1), Request.get().range("bytes=0-1").ifRange(ETAG).evaluate());
    }

    @Test
    void differentTagSendsEverything() {
      assertEquals(new Full(), Request.get().range("bytes=0-1").ifRange("\"v2\"").evaluate());
    }

    @Test
    void weakTagNeverMatches() {
      assertEquals(new Full(), Request.get().range("bytes=0-1").ifRange("W/\"v1\"").evaluate());
    }

    @Test
    void unquotedTagIsGarbage() {
      assertEquals(new Full(), Request.get().range("bytes=0-1").ifRange("v1").evaluate());
    }

    @Test
    void exactlyEqualDateHonoursTheRange() {
      assertEquals(single(0, 1), Request.get().range("bytes=0-1").ifRange(MODIFIED_DATE).evaluate());
    }

    @Test
    void laterOrEarlierDateSendsEverything() {
      assertEquals(new Full(), Request.get().range("bytes=0-1").ifRange(SECOND_AFTER).evaluate());
      assertEquals(new Full(), Request.get().range("bytes=0-1").ifRange(SECOND_BEFORE).evaluate());
    }

    @Test
    void garbageSendsEverything() {
      assertEquals(new Full(), Request.get().range("bytes=0-1").ifRange("tomorrow").evaluate());
      assertEquals(new Full(), Request.get().range("bytes=0-1").ifRange("").evaluate());
    }

    @Test
    void dateAgainstAResourceWithoutLastModifiedSendsEverything() {
      Resource undated = new Resource(LENGTH, ETAG, null);
      assertEquals(new Full(), Request.get().range("bytes=0-1").ifRange(MODIFIED_DATE).on(undated));
    }

    @Test
    void withoutRangeIfRangeIsIgnored() {
      assertEquals(new Full(), Request.get().ifRange(ETAG).evaluate());
      assertEquals(new Full(), Request.get().ifRange("\"v2\"").evaluate());
    }

    @Test
    void mismatchSendsEverythingEvenWhenTheRangeIsMalformedOrUnsatisfiable() {
      assertEquals(new Full(), Request.get().range("bytes=abc").ifRange("\"v2\"").evaluate());
      assertEquals(new Full(), Request.get().range("bytes=5000-").ifRange("\"v2\"").evaluate());
    }

    @Test
    void matchDoesNotRescueAnUnsatisfiableRange() {
      assertEquals(new Unsatisfiable(), Request.get().range("bytes=5000-").ifRange(ETAG).evaluate());
    }

    @Test
    void matchAppliesToMultipartToo() {
      assertEquals(new Multi(List.of(new ByteRange(0, 1), new ByteRange(5, 6))),
          Request.get().range("bytes=0-1,5-6").ifRange(ETAG).evaluate());
    }

    @Test
    void ifRangeIsJudgedAfterIfMatch() {
      assertEquals(new PreconditionFailed(),
          Request.get().ifMatch("\"v2\"").range("bytes=0-1").ifRange(ETAG).evaluate());
    }
  }

  @Test
  void negativeLengthIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Resource(-1, ETAG, MODIFIED));
  }

  /** Whatever the bytes of the headers, evaluate answers, and every range it returns lies inside the file. */
  @Test
  void randomHeadersNeverThrowAndRangesStayInBounds() {
    Random random = new Random(20240501);
    String alphabet = "bytes=0123456789-, \t\"W/*;";
    for (int i = 0; i < 20_000; i++) {
      long length = random.nextInt(3) == 0 ? random.nextInt(3) : random.nextInt(5000);
      Resource resource = new Resource(length, ETAG, MODIFIED);
      String header = (random.nextBoolean() ? "bytes=" : "") + randomText(random, alphabet, 20);
      Conditions conditions = new Conditions(random.nextBoolean() ? "GET" : "HEAD", header,
          random.nextInt(4) == 0 ? randomText(random, alphabet, 10) : null,
          random.nextInt(4) == 0 ? randomText(random, alphabet, 10) : null, null, null,
          random.nextInt(4) == 0 ? randomText(random, alphabet, 10) : null);
      Outcome outcome = ByteRangeRequest.evaluate(conditions, resource);
      List<ByteRange> ranges = new ArrayList<>();
      if (outcome instanceof Single s) {
        ranges.add(s.range());
      } else if (outcome instanceof Multi m) {
        ranges.addAll(m.ranges());
        assertTrue(m.ranges().size() >= 2 && m.ranges().size() <= ByteRangeRequest.MAX_RANGES, header);
      }
      for (ByteRange r : ranges) {
        assertTrue(r.first() >= 0 && r.first() <= r.last() && r.last() < length, header + " on " + length);
      }
    }
  }

  private static String randomText(Random random, String alphabet, int maxLength) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(maxLength + 1);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }
}
