package dev.tgstream.telegram.media;

/**
 * Thrown by a {@link PartView} when a parser asks for bytes that have not been fetched yet. The driver
 * ({@link PartReads}) fetches the parts covering {@code [offset, offset + length)} and runs the parser again, so
 * parsers stay plain synchronous code that never sees I/O. Carries no stack trace: it is control flow.
 */
public final class NeedBytes extends RuntimeException {

  private final long offset;
  private final long length;

  NeedBytes(long offset, long length) {
    super("need bytes " + offset + "+" + length, null, false, false);
    this.offset = offset;
    this.length = length;
  }

  public long offset() {
    return offset;
  }

  public long length() {
    return length;
  }
}
