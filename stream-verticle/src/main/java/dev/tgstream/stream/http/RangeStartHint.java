package dev.tgstream.stream.http;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the body of a GET will most likely start, read from its Range header before the file is described, so the
 * engine can start reading there at once ({@link dev.tgstream.stream.engine.StreamEngine#anticipate}). A guess, not a
 * decision: {@link ByteRangeRequest} still decides the answer once the file is known; a wrong guess costs one read.
 */
public final class RangeStartHint {

  /** The first range of {@code bytes=N-…}: its start; suffix ranges ({@code bytes=-n}) need the size, so no hint. */
  private static final Pattern FIRST_START = Pattern.compile("^\\s*bytes\\s*=\\s*(\\d{1,18})\\s*-");

  private RangeStartHint() {
  }

  /** 0 without a Range header (the whole file), the first range's start for {@code bytes=N-}, else empty. */
  public static OptionalLong of(String rangeHeader) {
    if (rangeHeader == null) {
      return OptionalLong.of(0);
    }
    Matcher m = FIRST_START.matcher(rangeHeader);
    return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }
}
