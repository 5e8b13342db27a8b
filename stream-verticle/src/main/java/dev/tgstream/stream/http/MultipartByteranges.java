package dev.tgstream.stream.http;

import dev.tgstream.stream.http.ByteRangeRequest.ByteRange;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The framing of a {@code multipart/byteranges} body (RFC 9110 §14.6): everything except the part bytes, so the
 * exact Content-Length is known before the first byte is fetched. The body is, for each range in order,
 * {@link #partHeader(int)} followed by that range's bytes, then {@link #closing()}. Each piece comes as a Buffer
 * to write and as text ({@code ...Text}) to read.
 */
public final class MultipartByteranges {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_BOUNDARY_LENGTH = 70;

  private final List<ByteRange> ranges;
  private final String partContentType;
  private final long totalLength;
  private final String boundary;

  private MultipartByteranges(List<ByteRange> ranges, String partContentType, long totalLength, String boundary) {
    this.ranges = ranges;
    this.partContentType = partContentType;
    this.totalLength = totalLength;
    this.boundary = boundary;
  }

  /**
   * Frames {@code ranges} of a representation of {@code totalLength} bytes whose type is {@code partContentType}.
   *
   * @throws IllegalArgumentException if a range lies outside the representation, the content type could break
   *     the header block (control or non-ASCII characters), or the boundary is not 1–70 characters of
   *     {@code A-Z a-z 0-9 ' + _ - .} (the RFC 2046 boundary characters that need no quoting in Content-Type)
   */
  public static MultipartByteranges of(List<ByteRange> ranges, String partContentType, long totalLength,
                                       String boundary) {
    if (ranges == null || ranges.isEmpty()) {
      throw new IllegalArgumentException("at least one range is required");
    }
    for (ByteRange range : ranges) {
      if (range.first() < 0 || range.last() < range.first() || range.last() >= totalLength) {
        throw new IllegalArgumentException("range " + range.first() + "-" + range.last()
            + " is not inside a representation of " + totalLength + " bytes");
      }
    }
    requireHeaderSafe(partContentType);
    requireValidBoundary(boundary);
    return new MultipartByteranges(List.copyOf(ranges), partContentType, totalLength, boundary);
  }

  /** As {@link #of}, with a fresh {@link #randomBoundary()}. */
  public static MultipartByteranges create(List<ByteRange> ranges, String partContentType, long totalLength) {
    return of(ranges, partContentType, totalLength, randomBoundary());
  }

  /**
   * 32 random hex digits. Unpredictable rather than merely unique, so the bytes of a served file cannot be crafted
   * to contain the delimiter and forge parts in a client's parser.
   */
  public static String randomBoundary() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  public List<ByteRange> ranges() {
    return ranges;
  }

  public String boundary() {
    return boundary;
  }

  /** The response's Content-Type value: {@code multipart/byteranges; boundary=...}. */
  public String contentType() {
    return "multipart/byteranges; boundary=" + boundary;
  }

  /** The exact number of bytes in the whole body: every part header, every range and the closing delimiter. */
  public long contentLength() {
    long length = closingText().length();
    for (int i = 0; i < ranges.size(); i++) {
      length = Math.addExact(length, partHeaderText(i).length());
      length = Math.addExact(length, ranges.get(i).length());
    }
    return length;
  }

  /** The text sent just before the bytes of range {@code index}: delimiter, Content-Type, Content-Range, blank line. */
  public String partHeaderText(int index) {
    return "\r\n--" + boundary
        + "\r\nContent-Type: " + partContentType
        + "\r\nContent-Range: " + ranges.get(index).contentRange(totalLength)
        + "\r\n\r\n";
  }

  /** {@link #partHeaderText(int)} as bytes. */
  public Buffer partHeader(int index) {
    return ascii(partHeaderText(index));
  }

  /** The text that ends the body, after the last range's bytes. */
  public String closingText() {
    return "\r\n--" + boundary + "--\r\n";
  }

  /** {@link #closingText()} as bytes. */
  public Buffer closing() {
    return ascii(closingText());
  }

  // All framing text is ASCII (validated at construction), so its String length is its byte length.
  private static Buffer ascii(String text) {
    return Buffer.buffer(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static void requireHeaderSafe(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      throw new IllegalArgumentException("a part content type is required");
    }
    for (int i = 0; i < contentType.length(); i++) {
      char c = contentType.charAt(i);
      if (c != '\t' && (c < 0x20 || c > 0x7E)) {
        throw new IllegalArgumentException("content type has a control or non-ASCII character at " + i);
      }
    }
  }

  private static void requireValidBoundary(String boundary) {
    if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY_LENGTH) {
      throw new IllegalArgumentException("a boundary has 1 to " + MAX_BOUNDARY_LENGTH + " characters");
    }
    for (int i = 0; i < boundary.length(); i++) {
      char c = boundary.charAt(i);
      boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '\'' || c == '+' || c == '_' || c == '-' || c == '.';
      if (!allowed) {
        throw new IllegalArgumentException("boundary character not allowed at " + i + ": " + boundary);
      }
    }
  }
}
