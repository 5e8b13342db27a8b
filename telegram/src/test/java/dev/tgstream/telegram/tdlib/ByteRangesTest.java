package dev.tgstream.telegram.tdlib;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ByteRangesTest {

  @Test
  void rangesMergeWhenTheyTouchOrOverlap() {
    ByteRanges r = new ByteRanges();
    r.add(100, 200);
    r.add(300, 400);
    assertFalse(r.covers(150, 350));
    r.add(200, 300);
    assertTrue(r.covers(100, 400));
    assertEquals(300, r.total());
    r.add(50, 120);
    r.add(390, 500);
    assertEquals(450, r.total());
    assertEquals(500, r.contiguousEnd(50));
    assertEquals(10, r.contiguousEnd(10));
    r.add(0, 1000);
    assertEquals(1000, r.total());
    r.add(5, 5);
    assertEquals(1000, r.total());
    r.clear();
    assertFalse(r.covers(0, 1));
  }
}
