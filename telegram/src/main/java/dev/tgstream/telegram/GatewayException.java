package dev.tgstream.telegram;

/**
 * A gateway failure with a kind callers can act on, and Telegram's error text where there is one. Failures that come
 * from TDLib also keep TDLib's numeric error {@link #code()} (HTTP-like: 400, 401, 404, 429, 500 …), so a caller can
 * tell apart cases one kind groups together (e.g. an expired authorization, 401, from a network fault).
 */
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
  private final int code;

  public GatewayException(Kind kind, String message) {
    this(kind, message, 0, 0, null);
  }

  public GatewayException(Kind kind, String message, Throwable cause) {
    this(kind, message, 0, 0, cause);
  }

  private GatewayException(Kind kind, String message, int retryAfterSeconds, int code, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.retryAfterSeconds = retryAfterSeconds;
    this.code = code;
  }

  public static GatewayException floodWait(int seconds) {
    return new GatewayException(Kind.FLOOD_WAIT, "FLOOD_WAIT_" + seconds, seconds, 0, null);
  }

  /** A TDLib error answer: its {@code code} kept as is; {@code retryAfterSeconds} counts only for FLOOD_WAIT. */
  public static GatewayException tdlib(Kind kind, int code, String message, int retryAfterSeconds) {
    return new GatewayException(kind, message, kind == Kind.FLOOD_WAIT ? retryAfterSeconds : 0, code, null);
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

  /** TDLib's error code when the failure came from a TDLib error answer, else 0. */
  public int code() {
    return code;
  }

  public static Kind kindOf(Throwable t) {
    return t instanceof GatewayException g ? g.kind : Kind.UNAVAILABLE;
  }
}
