package dev.tgstream.telegram.tdlib;

import io.vertx.core.Future;

import java.util.Optional;

/**
 * The person at the other end of {@link LoginDialogue}: a terminal for {@code tgstream login}, a script in tests.
 * Answers are futures because reading a terminal blocks: an implementation reads on a worker, never on an event loop.
 */
public interface LoginPrompter {

  /** Asks for one line; empty when the input has ended (Ctrl-D), which cancels the login. */
  Future<Optional<String>> ask(String prompt);

  /** Like {@link #ask}, without echoing what is typed where the terminal allows it (passwords). */
  Future<Optional<String>> askSecret(String prompt);

  /** Tells the person something (a wrong code, what happens next); never part of the command's answer on stdout. */
  void tell(String message);
}
