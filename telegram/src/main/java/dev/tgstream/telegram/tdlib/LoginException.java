package dev.tgstream.telegram.tdlib;

/** A login that did not reach authorizationStateReady; the message is the one line to show. */
public final class LoginException extends RuntimeException {

  private final boolean cancelled;

  LoginException(String message, boolean cancelled) {
    super(message, null, false, false);
    this.cancelled = cancelled;
  }

  /** The person ended the input (Ctrl-D): nothing went wrong, nothing to report beyond that. */
  public boolean cancelled() {
    return cancelled;
  }
}
