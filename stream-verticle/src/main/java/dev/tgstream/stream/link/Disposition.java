package dev.tgstream.stream.link;

/** How a browser should treat the bytes: play in place, or save as a file. */
public enum Disposition {
  INLINE('i', "inline"), ATTACHMENT('a', "attachment");

  private final char code;
  private final String header;

  Disposition(char code, String header) {
    this.code = code;
    this.header = header;
  }

  char code() {
    return code;
  }

  /** The Content-Disposition type token. */
  public String headerValue() {
    return header;
  }

  static Disposition fromCode(char c) {
    for (Disposition d : values()) {
      if (d.code == c) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown disposition");
  }
}
