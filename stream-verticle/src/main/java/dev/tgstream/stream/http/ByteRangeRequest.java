package dev.tgstream.stream.http;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiPredicate;

/**
 * RFC 9110 range requests and preconditions, as a pure function of request headers and the resource: no I/O.
 * HEAD is evaluated exactly like GET, so its headers mirror what GET would send.
 */
public final class ByteRangeRequest {

  /** The most ranges one request may ask for before the whole representation is sent instead. */
  public static final int MAX_RANGES = 16;

  private ByteRangeRequest() {
  }

  /** The representation being served. {@code etag} is a strong, quoted entity tag. */
  public record Resource(long length, String etag, Instant lastModified) {
    public Resource {
      if (length < 0) {
        throw new IllegalArgumentException("negative length " + length);
      }
    }
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
    public Multi {
      ranges = List.copyOf(ranges);
    }
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

  /**
   * Decides the answer in RFC 9110 §13.2.2 order: If-Match, else If-Unmodified-Since (412); If-None-Match, else
   * If-Modified-Since (304); then Range, guarded by If-Range. Never throws on any header content.
   */
  public static Outcome evaluate(Conditions conditions, Resource resource) {
    boolean safeMethod = isGetOrHead(conditions.method());
    Optional<EntityTag> currentTag = EntityTag.parse(resource.etag());
    OptionalLong modifiedSecond = resource.lastModified() == null
        ? OptionalLong.empty() : OptionalLong.of(resource.lastModified().getEpochSecond());

    if (conditions.ifMatch() != null) {
      if (!matchesAny(conditions.ifMatch(), currentTag, EntityTag::strongMatch)) {
        return new PreconditionFailed();
      }
    } else if (conditions.ifUnmodifiedSince() != null && modifiedSecond.isPresent()) {
      Optional<Instant> date = HttpDates.parse(conditions.ifUnmodifiedSince());
      if (date.isPresent() && modifiedSecond.getAsLong() > date.get().getEpochSecond()) {
        return new PreconditionFailed();
      }
    }

    if (conditions.ifNoneMatch() != null) {
      if (matchesAny(conditions.ifNoneMatch(), currentTag, EntityTag::weakMatch)) {
        return safeMethod ? new NotModified() : new PreconditionFailed();
      }
    } else if (safeMethod && conditions.ifModifiedSince() != null && modifiedSecond.isPresent()) {
      Optional<Instant> date = HttpDates.parse(conditions.ifModifiedSince());
      if (date.isPresent() && modifiedSecond.getAsLong() <= date.get().getEpochSecond()) {
        return new NotModified();
      }
    }

    if (!safeMethod) {
      return new Full();
    }
    ByteRangeSet rangeSet = ByteRangeSet.parse(conditions.range());
    if (rangeSet instanceof ByteRangeSet.Ignored) {
      return new Full();
    }
    // If-Range comes before the range set is even looked at: a client whose copy is stale wants the new whole
    // representation, not a 416 about ranges it computed from the old one (RFC 9110 §13.1.5; nginx does the same).
    if (conditions.ifRange() != null && !ifRangeHolds(conditions.ifRange(), currentTag, modifiedSecond)) {
      return new Full();
    }
    if (rangeSet instanceof ByteRangeSet.Specs specs) {
      return select(specs.specs(), resource.length());
    }
    return new Unsatisfiable();
  }

  private static Outcome select(List<ByteRangeSet.Spec> specs, long length) {
    List<ByteRange> satisfiable = new ArrayList<>();
    for (ByteRangeSet.Spec spec : specs) {
      Optional<ByteRange> range = spec.resolve(length);
      if (range.isPresent()) {
        satisfiable.add(range.get());
        if (satisfiable.size() > MAX_RANGES) {
          return new Full();
        }
      }
    }
    if (satisfiable.isEmpty()) {
      return new Unsatisfiable();
    }
    if (satisfiable.size() == 1) {
      return new Single(satisfiable.get(0));
    }
    // Disjoint ranges inside [0, length) cannot add up to more than length, so refusing overlaps also caps the total
    // at the representation's size: a multipart answer is never larger than the plain one by more than its headers.
    if (anyOverlap(satisfiable)) {
      return new Full();
    }
    return new Multi(satisfiable);
  }

  private static boolean anyOverlap(List<ByteRange> ranges) {
    List<ByteRange> byFirst = new ArrayList<>(ranges);
    byFirst.sort(Comparator.comparingLong(ByteRange::first));
    for (int i = 1; i < byFirst.size(); i++) {
      if (byFirst.get(i).first() <= byFirst.get(i - 1).last()) {
        return true;
      }
    }
    return false;
  }

  private static boolean ifRangeHolds(String ifRange, Optional<EntityTag> currentTag, OptionalLong modifiedSecond) {
    String value = ifRange.strip();
    if (value.startsWith("\"") || value.startsWith("W/")) {
      Optional<EntityTag> tag = EntityTag.parse(value);
      return tag.isPresent() && currentTag.isPresent() && tag.get().strongMatch(currentTag.get());
    }
    Optional<Instant> date = HttpDates.parse(value);
    return date.isPresent() && modifiedSecond.isPresent()
        && date.get().getEpochSecond() == modifiedSecond.getAsLong();
  }

  private static boolean matchesAny(String fieldValue, Optional<EntityTag> currentTag,
                                    BiPredicate<EntityTag, EntityTag> comparison) {
    // "*" matches any current representation, and a resource being served always has one.
    if (fieldValue.strip().equals("*")) {
      return true;
    }
    if (currentTag.isEmpty()) {
      return false;
    }
    for (EntityTag tag : EntityTag.parseList(fieldValue)) {
      if (comparison.test(tag, currentTag.get())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isGetOrHead(String method) {
    // Absent means GET: the callers of this class only ever serve GET and HEAD.
    return method == null || method.equals("GET") || method.equals("HEAD");
  }
}
