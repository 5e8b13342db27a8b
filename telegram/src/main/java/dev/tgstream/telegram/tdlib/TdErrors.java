package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.GatewayException.Kind;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns TDLib's {@code error code:int32 message:string} answers into {@link GatewayException}s. Pure: no state, no
 * I/O, so every branch is checked by a plain unit test.
 *
 * <p>TDLib's codes are HTTP-like. Telegram's own flood errors reach us in two spellings: TDLib rewrites them as
 * {@code 429 "Too Many Requests: retry after N"}, while some paths pass the server's {@code FLOOD_WAIT_N} text through
 * (code 420 at the MTProto level). All of them carry the wait the server names, which the engine must honour.
 */
public final class TdErrors {

  /** TDLib's code for an authorization the server no longer accepts (session revoked, bot token invalid). */
  public static final int UNAUTHORIZED = 401;

  /**
   * Used when a flood answer names no wait: short enough not to stall a stream for long, long enough not to hammer
   * a server that just asked us to slow down. Our own guess, not a Telegram rule.
   */
  static final int DEFAULT_FLOOD_WAIT_SECONDS = 5;

  private static final Pattern FLOOD_WAIT = Pattern.compile("FLOOD_WAIT_(\\d+)");
  private static final Pattern RETRY_AFTER = Pattern.compile("retry after (\\d+)", Pattern.CASE_INSENSITIVE);

  private TdErrors() {
  }

  /** True for TDLib answers of {@code @type} {@code error}. */
  public static boolean isError(JsonObject answer) {
    return "error".equals(answer.getString("@type"));
  }

  /** The exception for an {@code error} answer to a request of type {@code requestType}. */
  public static GatewayException fromError(String requestType, JsonObject error) {
    Object code = error.getValue("code");
    return map(requestType, code instanceof Number n ? n.intValue() : 0, error.getString("message", ""));
  }

  /** The exception for TDLib error {@code code} with {@code message}, answered to {@code requestType}. */
  public static GatewayException map(String requestType, int code, String message) {
    String text = message == null ? "" : message;
    int wait = floodWaitSeconds(code, text);
    if (wait >= 0) {
      return GatewayException.tdlib(Kind.FLOOD_WAIT, code, "FLOOD_WAIT_" + wait + " on " + requestType
          + " (TDLib " + code + ": " + text + ")", wait);
    }
    String detail = text + " (TDLib " + code + " on " + requestType + ")";
    if (code == 404 || (code == 400 && namesSomethingMissing(text))) {
      return GatewayException.tdlib(Kind.NOT_FOUND, code, detail, 0);
    }
    if (code == 400) {
      return GatewayException.tdlib(Kind.INVALID_REQUEST, code, detail, 0);
    }
    if (code == UNAUTHORIZED) {
      // No kind of its own (callers switch exhaustively over Kind): UNAVAILABLE, with code() 401 to tell it apart.
      return GatewayException.tdlib(Kind.UNAVAILABLE, code, "Telegram authorization is not valid (log in again, or "
          + "check TG_SESSION_STRING / TG_BOT_TOKEN): " + detail, 0);
    }
    if (code == 403) {
      return GatewayException.tdlib(Kind.UNAVAILABLE, code, "not allowed for this Telegram account: " + detail, 0);
    }
    // 5xx, 406 (errors TDLib says not to show), and anything unknown: transient as far as a caller can tell.
    return GatewayException.tdlib(Kind.UNAVAILABLE, code, detail, 0);
  }

  /** A request that got no answer in time; it is forgotten, so a late answer is dropped. */
  public static GatewayException timeout(String requestType, Duration timeout) {
    return GatewayException.tdlib(Kind.UNAVAILABLE, 0, "TDLib did not answer " + requestType + " within "
        + timeout.toMillis() + " ms", 0);
  }

  /** A request still waiting, or sent, when its client closed. */
  public static GatewayException closed(String requestType, int clientId) {
    return GatewayException.tdlib(Kind.UNAVAILABLE, 0, "TDLib client " + clientId + " closed before answering "
        + requestType, 0);
  }

  /** True when the failure is TDLib saying the authorization is gone (revoked session, invalid bot token). */
  public static boolean isAuthorizationFailure(Throwable failure) {
    return failure instanceof GatewayException g && g.code() == UNAUTHORIZED;
  }

  /** The wait a flood answer names, {@link #DEFAULT_FLOOD_WAIT_SECONDS} when it names none, -1 when no flood. */
  private static int floodWaitSeconds(int code, String message) {
    Matcher m = FLOOD_WAIT.matcher(message);
    if (m.find()) {
      return parseSeconds(m.group(1));
    }
    m = RETRY_AFTER.matcher(message);
    if (m.find()) {
      return parseSeconds(m.group(1));
    }
    return code == 429 || code == 420 ? DEFAULT_FLOOD_WAIT_SECONDS : -1;
  }

  private static int parseSeconds(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      // More digits than an int: a wait that long is as good as forever.
      return Integer.MAX_VALUE;
    }
  }

  /**
   * TDLib answers some lookups of things that do not exist with 400 rather than 404: "Chat not found", and the
   * server's USERNAME_NOT_OCCUPIED for an unknown @username. Callers treat those like 404 (an unknown channel).
   */
  private static boolean namesSomethingMissing(String message) {
    return message.toLowerCase(Locale.ROOT).contains("not found") || message.contains("USERNAME_NOT_OCCUPIED");
  }
}
