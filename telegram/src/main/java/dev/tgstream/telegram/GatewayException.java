package dev.tgstream.telegram;

/** A gateway failure with a kind callers can act on, and Telegram's error text where there is one. */
public final class GatewayException extends RuntimeException {

  public enum Kind {
    /** Unknown channel, file or thumbnail (HTTP 404). */
    NOT_FOUND,
    /** The request itself is wrong: bad cursor, misaligned part (OFFSET_INVALID, LIMIT_INVALID), read past end. */
    INVALID_REQUEST,
    /** Too many requests: wait {@link #retryAfterSeconds()} then try again. */
    FLOOD_WAIT,
    /** The file vanished or shrank while being served. */
    FILE_CHANGED,
    /** A transient fault: network, server error. Retrying may help. */
    UNAVAILABLE
  }

  private final Kind kind;
  private final int retryAfterSeconds;

  public GatewayException(Kind kind, String message) {
    this(kind, message, 0, null);
  }

  public GatewayException(Kind kind, String message, Throwable cause) {
    this(kind, message, 0, cause);
  }

  private GatewayException(Kind kind, String message, int retryAfterSeconds, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static GatewayException floodWait(int seconds) {
    return new GatewayException(Kind.FLOOD_WAIT, "FLOOD_WAIT_" + seconds, seconds, null);
  }

  public static GatewayException notFound(String what) {
    return new GatewayException(Kind.NOT_FOUND, what);
  }

  public static GatewayException invalid(String message) {
    return new GatewayException(Kind.INVALID_REQUEST, message);
  }

  public Kind kind() {
    return kind;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public static Kind kindOf(Throwable t) {
    return t instanceof GatewayException g ? g.kind : Kind.UNAVAILABLE;
  }
}
