package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Walks one TDLib client through a user login — phone number, code, 2FA password (and the e-mail steps Telegram asks
 * some new accounts for) — asking a {@link LoginPrompter} for each answer, until authorizationStateReady.
 *
 * <p>Driven by updateAuthorizationState: each state asks its question and sends the answer; a rejected answer (wrong
 * code, wrong password, malformed number) leaves TDLib in the same state, so the same question is asked again, up to
 * {@code maxTries} times per step. The input ending (Ctrl-D) cancels cleanly.
 *
 * <p>Runs on the client's context: updates arrive there, and answers complete there.
 */
public final class LoginDialogue {

  public static final int DEFAULT_TRIES = 3;
  /** One step may wait for Telegram's servers (sending the code): longer than an ordinary request. */
  static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);

  private final TdClient client;
  private final JsonObject tdlibParameters;
  private final LoginPrompter prompter;
  private final int maxTries;
  private final Promise<Void> done = Promise.promise();
  private String step;
  private int tries;
  private boolean busy;

  /**
   * @param tdlibParameters the complete {@code setTdlibParameters} request, sent when TDLib asks for it
   */
  public LoginDialogue(TdClient client, JsonObject tdlibParameters, LoginPrompter prompter, int maxTries) {
    this.client = client;
    this.tdlibParameters = tdlibParameters;
    this.prompter = prompter;
    this.maxTries = maxTries;
  }

  /**
   * Takes over the client's update handler and logs in. Completes at authorizationStateReady; fails with a
   * {@link LoginException} saying why not. The client stays open either way: the caller closes it.
   */
  public Future<Void> run() {
    client.context().runOnContext(v -> {
      client.updateHandler(update -> {
        if (TdAuthorizationStates.UPDATE.equals(update.getString("@type"))) {
          onState(update.getJsonObject("authorization_state", new JsonObject()));
        }
      });
      // Any request starts the client; TDLib then reports its state as an update, which drives everything.
      client.authorizationState().onComplete(ar -> {
        if (ar.failed()) {
          fail(ar.cause());
        } else if (step == null) {
          // The client had already started and its first state update went to an earlier handler.
          onState(ar.result());
        }
      });
    });
    return done.future();
  }

  private void onState(JsonObject state) {
    if (done.future().isComplete()) {
      return;
    }
    String type = state.getString("@type", "");
    if (type.equals(step) && busy) {
      // The same state reported again (the answer to our first getAuthorizationState, a re-sent code): the question
      // is already being asked.
      return;
    }
    if (!type.equals(step)) {
      step = type;
      tries = 0;
    }
    busy = false;
    act(state);
  }

  private void act(JsonObject state) {
    if (busy || done.future().isComplete()) {
      return;
    }
    busy = true;
    switch (state.getString("@type", "")) {
      case TdAuthorizationStates.WAIT_TDLIB_PARAMETERS -> submit(state, tdlibParameters);
      case TdAuthorizationStates.WAIT_PHONE_NUMBER -> question(state,
          prompter.ask("Phone number of the Telegram account, in international format (e.g. +44 7700 900123): "),
          phone -> new JsonObject().put("@type", "setAuthenticationPhoneNumber")
              .put("phone_number", phone.replaceAll("[\\s()-]", "")).putNull("settings"));
      case TdAuthorizationStates.WAIT_CODE -> question(state,
          prompter.ask("Login code " + codeDestination(state) + ": "),
          code -> new JsonObject().put("@type", "checkAuthenticationCode").put("code", code.replaceAll("\\s", "")));
      case TdAuthorizationStates.WAIT_PASSWORD -> {
        String hint = state.getString("password_hint", "");
        question(state, prompter.askSecret("Two-step verification password" + (hint.isEmpty() ? "" : " (hint: " + hint
            + ")") + ": "), password -> new JsonObject().put("@type", "checkAuthenticationPassword")
            .put("password", password));
      }
      case TdAuthorizationStates.WAIT_EMAIL_ADDRESS -> question(state,
          prompter.ask("E-mail address (Telegram asks this account for one to send login codes to): "),
          email -> new JsonObject().put("@type", "setAuthenticationEmailAddress").put("email_address", email));
      case TdAuthorizationStates.WAIT_EMAIL_CODE -> {
        JsonObject info = state.getJsonObject("code_info", new JsonObject());
        question(state, prompter.ask("Code sent by e-mail to " + info.getString("email_address_pattern", "you") + ": "),
            code -> new JsonObject().put("@type", "checkAuthenticationEmailCode").put("code",
                new JsonObject().put("@type", "emailAddressAuthenticationCode").put("code", code.replaceAll("\\s", ""))));
      }
      case TdAuthorizationStates.READY -> done.tryComplete();
      case TdAuthorizationStates.WAIT_REGISTRATION -> fail(new LoginException("this phone number has no Telegram "
          + "account yet: sign up in a Telegram app first, then run login again", false));
      case TdAuthorizationStates.WAIT_PREMIUM_PURCHASE -> fail(new LoginException("Telegram asks this account to buy "
          + "Telegram Premium before it can log in here; log in from an official app instead", false));
      case TdAuthorizationStates.LOGGING_OUT, TdAuthorizationStates.CLOSING, TdAuthorizationStates.CLOSED ->
          fail(new LoginException("TDLib closed the session during login (" + state.getString("@type") + ")", false));
      default -> busy = false; // A state we never ask for (e.g. QR confirmation): wait for the next one.
    }
  }

  private static String codeDestination(JsonObject state) {
    JsonObject info = state.getJsonObject("code_info", new JsonObject());
    String type = info.getJsonObject("type", new JsonObject()).getString("@type", "");
    return switch (type) {
      case "authenticationCodeTypeTelegramMessage" -> "(sent as a message to your Telegram app)";
      case "authenticationCodeTypeSms", "authenticationCodeTypeSmsWord", "authenticationCodeTypeSmsPhrase" ->
          "(sent by SMS to " + info.getString("phone_number", "your phone") + ")";
      case "authenticationCodeTypeCall" -> "(dictated in a phone call)";
      case "authenticationCodeTypeFragment" -> "(sent to your number on fragment.com)";
      default -> "(from Telegram)";
    };
  }

  /** Asks, then sends the request made from the answer; an empty answer asks again, the end of input cancels. */
  private void question(JsonObject state, Future<Optional<String>> answer, Function<String, JsonObject> request) {
    answer.onComplete(ar -> {
      if (ar.failed()) {
        fail(new LoginException("could not read the answer: " + ar.cause().getMessage(), false));
      } else if (ar.result().isEmpty()) {
        fail(new LoginException("login cancelled (input ended); nothing was saved", true));
      } else if (ar.result().get().isBlank()) {
        retry(state, "Nothing was entered.");
      } else {
        submit(state, request.apply(ar.result().get().strip()));
      }
    });
  }

  /** Sends a step's request; success waits for the next state update, a rejection asks the step again. */
  private void submit(JsonObject state, JsonObject request) {
    client.send(request, STEP_TIMEOUT).onComplete(ar -> {
      if (ar.succeeded() || done.future().isComplete()) {
        return;
      }
      Throwable err = ar.cause();
      if (err instanceof GatewayException g && g.kind() == GatewayException.Kind.FLOOD_WAIT) {
        fail(new LoginException("Telegram asks to wait " + g.retryAfterSeconds() + " s before the next login attempt "
            + "(too many tries); run login again later", false));
      } else if (err instanceof GatewayException g && g.kind() == GatewayException.Kind.INVALID_REQUEST
          && !TdAuthorizationStates.WAIT_TDLIB_PARAMETERS.equals(state.getString("@type"))) {
        retry(state, explain(g.getMessage()));
      } else if (err instanceof GatewayException g && g.code() == 0
          && g.kind() == GatewayException.Kind.UNAVAILABLE) {
        // No TDLib error code: no answer at all, which offline is what happens.
        fail(new LoginException("login failed: " + err.getMessage() + " (can this machine reach Telegram?)", false));
      } else {
        fail(new LoginException("login failed: " + err.getMessage(), false));
      }
    });
  }

  private void retry(JsonObject state, String why) {
    tries++;
    if (tries >= maxTries) {
      fail(new LoginException(why + " Giving up after " + maxTries + " tries; run login again.", false));
      return;
    }
    prompter.tell(why + " Try again (" + (maxTries - tries) + (maxTries - tries == 1 ? " try" : " tries") + " left).");
    busy = false;
    act(state);
  }

  /** Telegram's error names, in words a person acts on. */
  static String explain(String message) {
    String m = message == null ? "" : message;
    if (m.contains("PHONE_NUMBER_INVALID")) {
      return "Telegram does not accept that phone number: type it with the country code, e.g. +44 7700 900123.";
    }
    if (m.contains("PHONE_NUMBER_BANNED")) {
      return "Telegram has banned this phone number.";
    }
    if (m.contains("PHONE_CODE_INVALID") || m.contains("CODE_INVALID")) {
      return "Wrong code.";
    }
    if (m.contains("PHONE_CODE_EXPIRED") || m.contains("CODE_EXPIRED")) {
      return "That code has expired.";
    }
    if (m.contains("PASSWORD_HASH_INVALID")) {
      return "Wrong password.";
    }
    if (m.contains("EMAIL_INVALID")) {
      return "Telegram does not accept that e-mail address.";
    }
    return "Telegram refused that: " + m + ".";
  }

  private void fail(Throwable err) {
    done.tryFail(err instanceof LoginException ? err : new LoginException("login failed: " + err.getMessage(), false));
  }
}
