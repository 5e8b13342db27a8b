package dev.tgstream.stream.link;

/** A token that is malformed, tampered with or expired; the message is safe to show to the client. */
public final class InvalidLinkException extends Exception {
  public InvalidLinkException(String message) {
    super(message, null, false, false);
  }
}
