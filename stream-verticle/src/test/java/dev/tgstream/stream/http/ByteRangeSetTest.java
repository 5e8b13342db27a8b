package dev.tgstream.stream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tgstream.stream.http.ByteRangeRequest.ByteRange;
import dev.tgstream.stream.http.ByteRangeSet.IntRange;
import dev.tgstream.stream.http.ByteRangeSet.SuffixRange;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The parse step alone: what was written, before any representation length is applied. */
class ByteRangeSetTest {

  @Test
  void absentFieldIsIgnored() {
    assertEquals(new ByteRangeSet.Ignored(), ByteRangeSet.parse(null));
  }

  @Test
  void specsKeepTheirWrittenForm() {
    assertEquals(new ByteRangeSet.Specs(List.of(new IntRange(0, 1L), new IntRange(5, null), new SuffixRange(7))),
        ByteRangeSet.parse("bytes=0-1, 5-, -7"));
  }

  @Test
  void otherUnitIsIgnoredButBadBytesSetIsMalformed() {
    assertEquals(new ByteRangeSet.Ignored(), ByteRangeSet.parse("pages=1-2"));
    assertEquals(new ByteRangeSet.Malformed(), ByteRangeSet.parse("bytes=1-a"));
  }

  @Test
  void intRangeResolution() {
    assertEquals(Optional.of(new ByteRange(2, 9)), new IntRange(2, 100L).resolve(10));
    assertEquals(Optional.of(new ByteRange(2, 9)), new IntRange(2, null).resolve(10));
    assertEquals(Optional.empty(), new IntRange(10, null).resolve(10));
    assertEquals(Optional.empty(), new IntRange(5, 2L).resolve(10));
    assertEquals(Optional.empty(), new IntRange(0, 0L).resolve(0));
  }

  @Test
  void suffixRangeResolution() {
    assertEquals(Optional.of(new ByteRange(7, 9)), new SuffixRange(3).resolve(10));
    assertEquals(Optional.of(new ByteRange(0, 9)), new SuffixRange(Long.MAX_VALUE).resolve(10));
    assertEquals(Optional.empty(), new SuffixRange(0).resolve(10));
    assertEquals(Optional.empty(), new SuffixRange(3).resolve(0));
  }
}
