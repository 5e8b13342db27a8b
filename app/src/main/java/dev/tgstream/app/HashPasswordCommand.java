package dev.tgstream.app;

import dev.tgstream.ui.auth.PasswordHasher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** {@code hash-password [password]}: prints a bcrypt hash for UI_USERS (the password is read from stdin if not given). */
final class HashPasswordCommand {

  private HashPasswordCommand() {
  }

  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    String password;
    if (args.length > 0) {
      password = args[0];
    } else {
      try {
        password = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      } catch (IOException e) {
        password = null;
      }
    }
    String problem = password == null ? "give a password as argument or on stdin" : PasswordHasher.checkStrength(password);
    if (problem != null) {
      err.println("tgstream hash-password: " + problem);
      return Main.EXIT_USAGE;
    }
    out.println(PasswordHasher.hash(password));
    return 0;
  }
}
