package dev.tgstream.app;

import dev.tgstream.telegram.tdlib.LoginPrompter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.BufferedReader;
import java.io.Console;
import java.io.PrintStream;
import java.util.Optional;

/**
 * The terminal side of {@code login}: prompts and messages on stderr (stdout carries only the TG_SESSION_STRING line,
 * so {@code login > session.env} works), answers read on a worker thread (reading blocks). The password is read
 * without echo when a console is attached; when stdin is a pipe there is none, and the prompt says the input shows.
 */
final class TerminalPrompter implements LoginPrompter {

  private final Vertx vertx;
  private final Console console;
  private final BufferedReader in;
  private final PrintStream err;

  /** @param console the process's console, or null when there is none (then {@code in} is read) */
  TerminalPrompter(Vertx vertx, Console console, BufferedReader in, PrintStream err) {
    this.vertx = vertx;
    this.console = console;
    this.in = in;
    this.err = err;
  }

  @Override
  public Future<Optional<String>> ask(String prompt) {
    return vertx.executeBlocking(() -> {
      err.print(prompt);
      err.flush();
      String line = console != null ? console.readLine() : in.readLine();
      if (line == null) {
        err.println(); // Ctrl-D leaves the cursor after the prompt: what follows starts on a line of its own.
      }
      return Optional.ofNullable(line);
    });
  }

  @Override
  public Future<Optional<String>> askSecret(String prompt) {
    if (console == null) {
      return ask(prompt.replaceFirst(":\\s*$", "") + " (input is visible: no terminal): ");
    }
    return vertx.executeBlocking(() -> {
      err.print(prompt);
      err.flush();
      char[] secret = console.readPassword();
      if (secret == null) {
        err.println();
      }
      return Optional.ofNullable(secret == null ? null : new String(secret));
    });
  }

  @Override
  public void tell(String message) {
    err.println(message);
  }
}
