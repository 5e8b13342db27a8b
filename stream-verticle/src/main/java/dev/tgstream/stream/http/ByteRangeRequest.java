package dev.tgstream.stream.http;

import java.time.Instant;
import java.util.List;

/**
 * RFC 9110 range requests and preconditions, as a pure function of request headers and the resource: no I/O.
 * (Skeleton: the implementation and its tests are being written.)
 */
public final class ByteRangeRequest {

  /** The most ranges one request may ask for before the whole representation is sent instead. */
  public static final int MAX_RANGES = 16;

  private ByteRangeRequest() {
  }

  /** The representation being served. {@code etag} is a strong, quoted entity tag. */
  public record Resource(long length, String etag, Instant lastModified) {
  }

  /** The request's relevant headers, each null when absent. {@code method} is GET or HEAD. */
  public record Conditions(String method, String range, String ifMatch, String ifNoneMatch, String ifModifiedSince,
                           String ifUnmodifiedSince, String ifRange) {
  }

  /** An inclusive byte range [first, last]. */
  public record ByteRange(long first, long last) {
    public long length() {
      return last - first + 1;
    }

    /** The Content-Range value, e.g. {@code bytes 0-1/2048}. */
    public String contentRange(long total) {
      return "bytes " + first + "-" + last + "/" + total;
    }
  }

  /** What to answer. */
  public sealed interface Outcome permits Full, Single, Multi, NotModified, PreconditionFailed, Unsatisfiable {
  }

  /** 200 with the whole representation. */
  public record Full() implements Outcome {
  }

  /** 206 with one range. */
  public record Single(ByteRange range) implements Outcome {
  }

  /** 206 multipart/byteranges, ranges in request order. */
  public record Multi(List<ByteRange> ranges) implements Outcome {
  }

  /** 304. */
  public record NotModified() implements Outcome {
  }

  /** 412. */
  public record PreconditionFailed() implements Outcome {
  }

  /** 416 with {@code Content-Range: bytes *}{@code /length}. */
  public record Unsatisfiable() implements Outcome {
  }

  public static Outcome evaluate(Conditions conditions, Resource resource) {
    throw new UnsupportedOperationException("range evaluation under construction");
  }
}
