package dev.tgstream.stream.http;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RangeStartHintTest {

  @Test
  void theFirstRangesStartOrNothing() {
    assertEquals(OptionalLong.of(0), RangeStartHint.of(null));
    assertEquals(OptionalLong.of(0), RangeStartHint.of("bytes=0-"));
    assertEquals(OptionalLong.of(150994944), RangeStartHint.of("bytes=150994944-"));
    assertEquals(OptionalLong.of(100), RangeStartHint.of(" bytes = 100-200, 300-400"));
    assertEquals(OptionalLong.empty(), RangeStartHint.of("bytes=-500"));
    assertEquals(OptionalLong.empty(), RangeStartHint.of("items=0-"));
    assertEquals(OptionalLong.empty(), RangeStartHint.of("bytes=99999999999999999999-"));
  }
}
