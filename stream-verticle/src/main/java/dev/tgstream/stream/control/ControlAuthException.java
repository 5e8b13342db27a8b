package dev.tgstream.stream.control;

/**
 * A control call whose signature headers are missing, malformed, forged or stale. The message names the reason only:
 * it is logged and sent back in the 401 problem, so it never carries the secret, the signature or the body.
 */
public final class ControlAuthException extends Exception {

  /** Why a call was refused; the client tells a wrong STREAM_SECRET (FORGED) from clock skew (STALE) by it. */
  public enum Reason {
    MISSING,
    MALFORMED,
    FORGED,
    STALE
  }

  private final Reason reason;

  ControlAuthException(Reason reason, String message) {
    // No stack trace: a refused call is an expected outcome, logged as one line.
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
