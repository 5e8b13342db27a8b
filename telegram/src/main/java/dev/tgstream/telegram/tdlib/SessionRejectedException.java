package dev.tgstream.telegram.tdlib;

/**
 * Telegram or TDLib will not serve a configured login: a revoked or foreign session, a refused bot token, a bot
 * login rate limit. The message is the one line for the log and readiness, saying what to do.
 */
public final class SessionRejectedException extends RuntimeException {

  /** The user session was not accepted (revoked, logged out, or made with another TG_API_ID/TG_API_HASH). */
  public static final String REVOKED = "TG_SESSION_STRING is no longer accepted by Telegram (logged out, revoked "
      + "in Settings → Devices, or made with other TG_API_ID/TG_API_HASH): run `java -jar app/target/tgstream.jar "
      + "login` again and set the TG_SESSION_STRING it prints";

  public SessionRejectedException(String message) {
    super(message, null, false, false);
  }
}
