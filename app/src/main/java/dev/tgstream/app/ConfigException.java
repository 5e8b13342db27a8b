package dev.tgstream.app;

/** A bad or missing setting; the message is the one line printed before exiting, naming the variable. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
