package dev.tgstream.stream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tgstream.stream.http.ByteRangeRequest.ByteRange;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MultipartByterangesTest {

  private static final List<ByteRange> TWO_RANGES = List.of(new ByteRange(0, 1), new ByteRange(10, 14));

  private static MultipartByteranges twoRanges() {
    return MultipartByteranges.of(TWO_RANGES, "video/mp4", 20, "BOUNDARY");
  }

  /** The whole body as a client receives it, made the way a server writes it: framing and range bytes in turn. */
  private static Buffer assemble(MultipartByteranges multipart, byte[] content) {
    Buffer body = Buffer.buffer();
    for (int i = 0; i < multipart.ranges().size(); i++) {
      ByteRange r = multipart.ranges().get(i);
      body.appendBuffer(multipart.partHeader(i));
      body.appendBytes(content, (int) r.first(), (int) r.length());
    }
    return body.appendBuffer(multipart.closing());
  }

  private static byte[] content(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) ('a' + i % 26);
    }
    return bytes;
  }

  @Test
  void contentTypeNamesTheBoundary() {
    assertEquals("multipart/byteranges; boundary=BOUNDARY", twoRanges().contentType());
  }

  @Test
  void partHeaderText() {
    MultipartByteranges multipart = twoRanges();
    assertEquals("\r\n--BOUNDARY\r\nContent-Type: video/mp4\r\nContent-Range: bytes 0-1/20\r\n\r\n",
        multipart.partHeaderText(0));
    assertEquals("\r\n--BOUNDARY\r\nContent-Type: video/mp4\r\nContent-Range: bytes 10-14/20\r\n\r\n",
        multipart.partHeaderText(1));
  }

  @Test
  void closingText() {
    assertEquals("\r\n--BOUNDARY--\r\n", twoRanges().closingText());
  }

  @Test
  void buffersHoldExactlyTheTextBytes() {
    MultipartByteranges multipart = twoRanges();
    assertEquals(Buffer.buffer(multipart.partHeaderText(1).getBytes(StandardCharsets.US_ASCII)),
        multipart.partHeader(1));
    assertEquals(Buffer.buffer(multipart.closingText().getBytes(StandardCharsets.US_ASCII)), multipart.closing());
  }

  @Test
  void wholeBodyIsExactlyAsSpecified() {
    String expected = "\r\n--BOUNDARY\r\nContent-Type: video/mp4\r\nContent-Range: bytes 0-1/20\r\n\r\nab"
        + "\r\n--BOUNDARY\r\nContent-Type: video/mp4\r\nContent-Range: bytes 10-14/20\r\n\r\nklmno"
        + "\r\n--BOUNDARY--\r\n";
    assertEquals(expected, assemble(twoRanges(), content(20)).toString(StandardCharsets.US_ASCII));
  }

  @Test
  void contentLengthEqualsTheAssembledBody() {
    MultipartByteranges multipart = twoRanges();
    assertEquals(assemble(multipart, content(20)).length(), multipart.contentLength());
  }

  @Test
  void contentLengthEqualsTheAssembledBodyForRandomRangeSets() {
    Random random = new Random(42);
    for (int round = 0; round < 500; round++) {
      int total = 1 + random.nextInt(100_000);
      List<ByteRange> ranges = new ArrayList<>();
      int count = 1 + random.nextInt(ByteRangeRequest.MAX_RANGES);
      for (int i = 0; i < count; i++) {
        long first = random.nextInt(total);
        ranges.add(new ByteRange(first, first + random.nextInt((int) (total - first))));
      }
      MultipartByteranges multipart = MultipartByteranges.create(ranges, "audio/mpeg", total);
      assertEquals(assemble(multipart, content(total)).length(), multipart.contentLength(), ranges.toString());
    }
  }

  @Test
  void contentLengthCountsDigitsOfLargeOffsets() {
    long total = 5_000_000_000L;
    MultipartByteranges multipart = MultipartByteranges.of(
        List.of(new ByteRange(0, 9), new ByteRange(4_999_999_990L, 4_999_999_999L)), "video/x-matroska", total, "b");
    long framing = multipart.partHeaderText(0).length() + multipart.partHeaderText(1).length()
        + multipart.closingText().length();
    assertEquals(framing + 20, multipart.contentLength());
    assertTrue(multipart.partHeaderText(1).contains("Content-Range: bytes 4999999990-4999999999/5000000000\r\n"));
  }

  @Test
  void randomBoundaryIsThirtyTwoHexDigitsAndFresh() {
    String first = MultipartByteranges.randomBoundary();
    assertTrue(first.matches("[0-9a-f]{32}"), first);
    assertNotEquals(first, MultipartByteranges.randomBoundary());
  }

  @Test
  void createUsesARandomBoundary() {
    MultipartByteranges multipart = MultipartByteranges.create(TWO_RANGES, "video/mp4", 20);
    assertTrue(multipart.boundary().matches("[0-9a-f]{32}"));
    assertEquals("multipart/byteranges; boundary=" + multipart.boundary(), multipart.contentType());
  }

  @Test
  void rangesAreACopy() {
    List<ByteRange> mutable = new ArrayList<>(TWO_RANGES);
    MultipartByteranges multipart = MultipartByteranges.of(mutable, "video/mp4", 20, "b");
    mutable.clear();
    assertEquals(TWO_RANGES, multipart.ranges());
    assertThrows(UnsupportedOperationException.class, () -> multipart.ranges().clear());
  }

  @Test
  void seventyCharacterBoundaryIsTheLongestAllowed() {
    String seventy = "a'+_-.".repeat(11) + "Z9xy";
    assertEquals(70, seventy.length());
    assertEquals(seventy, MultipartByteranges.of(TWO_RANGES, "video/mp4", 20, seventy).boundary());
    assertThrows(IllegalArgumentException.class,
        () -> MultipartByteranges.of(TWO_RANGES, "video/mp4", 20, seventy + "a"));
  }

  @ParameterizedTest(name = "boundary \"{0}\"")
  @ValueSource(strings = {"", "with space", "colon:", "quote\"", "semi;colon", "slash/", "\u00e9t\u00e9", "cr\r\n"})
  void boundaryOutsideTheSafeCharactersIsRejected(String boundary) {
    assertThrows(IllegalArgumentException.class, () -> MultipartByteranges.of(TWO_RANGES, "video/mp4", 20, boundary));
  }

  @Test
  void nullBoundaryIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> MultipartByteranges.of(TWO_RANGES, "video/mp4", 20, null));
  }

  @ParameterizedTest(name = "content type \"{0}\"")
  @ValueSource(strings = {"", " ", "video/mp4\r\nX-Evil: 1", "video/mp4\n", "vid\u00e9o/mp4", "video/\u0000mp4"})
  void contentTypeThatCouldBreakTheHeaderBlockIsRejected(String contentType) {
    assertThrows(IllegalArgumentException.class, () -> MultipartByteranges.of(TWO_RANGES, contentType, 20, "b"));
  }

  @Test
  void contentTypeWithParametersIsKept() {
    MultipartByteranges multipart =
        MultipartByteranges.of(TWO_RANGES, "text/plain; charset=utf-8", 20, "b");
    assertTrue(multipart.partHeaderText(0).contains("\r\nContent-Type: text/plain; charset=utf-8\r\n"));
  }

  @Test
  void rangesOutsideTheRepresentationAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> MultipartByteranges.of(List.of(), "video/mp4", 20, "b"));
    assertThrows(IllegalArgumentException.class,
        () -> MultipartByteranges.of(null, "video/mp4", 20, "b"));
    assertThrows(IllegalArgumentException.class,
        () -> MultipartByteranges.of(List.of(new ByteRange(10, 20)), "video/mp4", 20, "b"));
    assertThrows(IllegalArgumentException.class,
        () -> MultipartByteranges.of(List.of(new ByteRange(-1, 2)), "video/mp4", 20, "b"));
    assertThrows(IllegalArgumentException.class,
        () -> MultipartByteranges.of(List.of(new ByteRange(5, 4)), "video/mp4", 20, "b"));
  }
}
