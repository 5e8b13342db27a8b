package dev.tgstream.telegram.tdlib;

/**
 * Why a session string cannot be made or used. The message is the one line shown to the person: it says what is
 * wrong and what to do about it.
 */
public final class SessionPackException extends RuntimeException {

  public enum Reason {
    /** The string is empty, not ours, truncated or damaged: the person must run {@code login} again. */
    CORRUPT,
    /** The database folder to restore into already holds files: restoring would mix two sessions. */
    DIRECTORY_NOT_EMPTY,
    /** The database folder to pack has no td.binlog: there is no session to pack. */
    NO_SESSION
  }

  private final Reason reason;

  SessionPackException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
