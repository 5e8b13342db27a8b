package dev.tgstream.stream.api;

/** A streamer failure with one of the {@link StreamerService} codes. */
public final class StreamerException extends RuntimeException {

  private final int code;

  public StreamerException(int code, String message) {
    super(message);
    this.code = code;
  }

  public StreamerException(int code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
