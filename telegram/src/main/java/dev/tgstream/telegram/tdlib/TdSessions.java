package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * Starts the server's TDLib clients, already authorized: a bot by its token (TDLib keeps the bot's session in its
 * database folder, so a later start with the same folder needs no new login), and a user from a restored session.
 * A client that does not reach authorizationStateReady is closed, and the failure says what to do.
 */
public final class TdSessions {

  private TdSessions() {
  }

  /**
   * A bot client on the database of {@code parameters}.
   *
   * @param which how to name the token in messages ("TG_BOT_TOKEN entry 2"): never the token itself
   */
  public static Future<TdClient> bot(TdRuntime runtime, JsonObject parameters, String token, String which,
                                     Duration timeout) {
    TdClient client = runtime.newClient();
    Future<TdClient> ready = client.send(parameters, timeout)
        .compose(ok -> client.awaitAuthorizationState(timeout, TdAuthorizationStates.WAIT_PHONE_NUMBER,
            TdAuthorizationStates.READY))
        .compose(state -> TdAuthorizationStates.READY.equals(state.getString("@type"))
            ? Future.succeededFuture()
            : client.send(new JsonObject().put("@type", "checkAuthenticationBotToken").put("token", token), timeout)
                .compose(ok -> client.awaitAuthorizationState(timeout, TdAuthorizationStates.READY)))
        .map(state -> client);
    return ready.recover(err -> client.close().transform(closed -> Future.failedFuture(botFailure(which, err))));
  }

  /** A user client on a restored session (the database of {@code parameters} holds its td.binlog). */
  public static Future<TdClient> user(TdRuntime runtime, JsonObject parameters, Duration timeout) {
    TdClient client = runtime.newClient();
    Future<TdClient> ready = client.send(parameters, timeout)
        .compose(ok -> client.awaitAuthorizationState(timeout, TdAuthorizationStates.READY,
            TdAuthorizationStates.WAIT_PHONE_NUMBER, TdAuthorizationStates.LOGGING_OUT))
        .compose(state -> TdAuthorizationStates.READY.equals(state.getString("@type"))
            ? Future.succeededFuture(client)
            : Future.failedFuture(new SessionRejectedException(SessionRejectedException.REVOKED)));
    return ready.recover(err -> client.close().transform(closed -> Future.failedFuture(
        err instanceof SessionRejectedException ? err : userFailure(err))));
  }

  /**
   * A refused token is a {@link SessionRejectedException} (nothing but a new token helps); anything else — FLOOD_WAIT
   * on bot logins, the network — stays a {@link GatewayException}: trying again later can work.
   */
  private static Throwable botFailure(String which, Throwable err) {
    if (err instanceof GatewayException g && g.kind() == GatewayException.Kind.FLOOD_WAIT) {
      return GatewayException.tdlib(GatewayException.Kind.FLOOD_WAIT, g.code(), which + ": Telegram limits how "
          + "often a bot may log in; waiting " + g.retryAfterSeconds() + " s (keep DATA_DIR across restarts so bots "
          + "log in once, not on every start)", g.retryAfterSeconds());
    }
    if (err instanceof GatewayException g && (g.code() == 400 || g.code() == TdErrors.UNAUTHORIZED)) {
      return new SessionRejectedException(which + " was refused by Telegram (" + firstWord(g.getMessage())
          + "): check it with @BotFather");
    }
    return new GatewayException(GatewayException.Kind.UNAVAILABLE, which + ": the bot could not log in yet: "
        + err.getMessage(), err);
  }

  private static Throwable userFailure(Throwable err) {
    if (TdErrors.isAuthorizationFailure(err)) {
      return new SessionRejectedException(SessionRejectedException.REVOKED);
    }
    return new GatewayException(GatewayException.Kind.UNAVAILABLE, "the TG_SESSION_STRING session could not be "
        + "opened yet: " + err.getMessage(), err);
  }

  private static String firstWord(String message) {
    String m = message == null ? "" : message.strip();
    int space = m.indexOf(' ');
    return space < 0 ? m : m.substring(0, space);
  }
}
